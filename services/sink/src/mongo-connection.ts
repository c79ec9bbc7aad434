import type { Collection } from 'mongodb';
import { isDatabaseUnavailable } from '@tweet-pipeline/mongo';
import { SinkError } from './errors.js';
import type { TweetDocument } from './to-document.js';
import { driverWriteConcern, type WriteConcernSettings } from './write-concern.js';

/** An `_id` no tweet can have (tweet ids are decimal digits): the probe write matches nothing. */
const PROBE_ID = '~sink-write-probe';

/**
 * A write that matches nothing, under the configured write concern: passes
 * only when the database takes writes with that concern. Used at start and
 * as the outage probe.
 *
 * @throws SinkError DATABASE_REFUSED when the server refuses the write concern itself;
 *   the driver's error when it is unavailable.
 */
export async function probeWrite(
  collection: Collection<TweetDocument>,
  writeConcern: WriteConcernSettings,
): Promise<void> {
  try {
    await collection.deleteOne({ _id: PROBE_ID }, { writeConcern: driverWriteConcern(writeConcern) });
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw err;
    throw new SinkError(
      'DATABASE_REFUSED',
      `the database refused a write with MONGODB_WRITE_CONCERN=${String(writeConcern.w)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
}
