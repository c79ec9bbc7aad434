import type { W } from 'mongodb';

/** The write concern every bulk write of the sink uses (`w` and its timeout). */
export interface WriteConcernSettings {
  /** `majority`, a number of members (>= 1), or a replica-set tag name. */
  readonly w: 'majority' | number | string;
  /** How long the server may wait for `w` before answering WriteConcernFailed (code 64), which the sink retries. */
  readonly wtimeoutMS: number;
}

const MEMBERS = /^[0-9]+$/;

/**
 * Reads `MONGODB_WRITE_CONCERN`. `0` (unacknowledged) is refused: offsets are
 * committed once the database acknowledged a batch, and `w: 0` acknowledges
 * nothing, so a lost write would be committed as stored. Pure.
 *
 * @returns the settings, or a message saying why the value is not accepted.
 */
export function parseWriteConcern(
  value: string,
  wtimeoutMS: number,
): { ok: true; settings: WriteConcernSettings } | { ok: false; reason: string } {
  const trimmed = value.trim();
  if (trimmed === '') return { ok: false, reason: 'must not be empty' };
  if (MEMBERS.test(trimmed)) {
    const members = Number(trimmed);
    if (members === 0) {
      return { ok: false, reason: 'w=0 does not acknowledge writes; offsets would be committed for lost writes' };
    }
    return { ok: true, settings: { w: members, wtimeoutMS } };
  }
  return { ok: true, settings: { w: trimmed === 'majority' ? 'majority' : trimmed, wtimeoutMS } };
}

/**
 * The settings in the driver's option shape. The driver types `w` as a
 * number or "majority" only, but passes a tag name through to the server,
 * which is where tag sets are defined.
 */
export function driverWriteConcern(settings: WriteConcernSettings): { w: W; wtimeoutMS: number } {
  return { w: settings.w as W, wtimeoutMS: settings.wtimeoutMS };
}
