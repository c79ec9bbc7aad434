import { z } from 'zod';

/**
 * The failures the emulator can be told to produce, each one seen from X:
 *
 * - `operational-disconnect`: X's in-stream error payload, then the response ends.
 * - `stall`: nothing at all (keep-alives included) for `durationMs`, socket open.
 * - `tcp-reset`: the socket is reset (RST) with no goodbye.
 * - `too-many-connections`: a stream connection attempt gets 429 TooManyConnections.
 * - `http-5xx`: a stream connection attempt gets 503 Service Unavailable.
 * - `malformed-line`: a tweet line is cut off mid-JSON (still `\r\n`-terminated).
 * - `forbidden` / `unauthorized`: any X endpoint answers 403 client-not-enrolled / 401.
 * - `usage-cap-exceeded` / `credits-depleted`: any X endpoint answers 429
 *   UsageCapExceeded / 402 (pay-per-use credits gone): not a rate limit.
 * - `rules-http-5xx`: a stream-rules request (read or write) gets 503.
 * - `bare-lf-framing`: the next stream connection frames with `\n` instead of
 *   `\r\n` (as X's own local emulator does), for its whole life.
 * - `huge-frame`: `bytes` (default 2 MiB) of a message with no delimiter at all
 *   are written to the open stream, as a broken or hostile server might.
 *
 * The first three hit the open stream at once, or the next one to open (right
 * after its 200 headers), one occurrence per connection (a disconnect or reset
 * asked for during a stall happens when the stall ends). Each fault happens
 * once, or `count` times.
 */
export const FaultTypes = [
  'operational-disconnect',
  'stall',
  'tcp-reset',
  'too-many-connections',
  'http-5xx',
  'malformed-line',
  'forbidden',
  'unauthorized',
  'usage-cap-exceeded',
  'credits-depleted',
  'rules-http-5xx',
  'bare-lf-framing',
  'huge-frame',
] as const;
export type FaultType = (typeof FaultTypes)[number];

/** The faults that act on an open stream rather than on a request. */
export const StreamFaultTypes = [
  'operational-disconnect',
  'stall',
  'tcp-reset',
  'huge-frame',
] as const satisfies readonly FaultType[];
export type StreamFaultType = (typeof StreamFaultTypes)[number];

export const DEFAULT_STALL_MS = 30_000;
export const DEFAULT_HUGE_FRAME_BYTES = 2 * 1024 * 1024;

export const faultSpecSchema = z.strictObject({
  type: z.enum(FaultTypes),
  count: z.number().int().positive().optional(),
  durationMs: z.number().int().nonnegative().optional(),
  /** Size of a `huge-frame` (at most 64 MiB: the emulator holds it in memory). */
  bytes: z
    .number()
    .int()
    .positive()
    .max(64 * 1024 * 1024)
    .optional(),
});
export type FaultSpec = z.infer<typeof faultSpecSchema>;

/** One occurrence of a fault, as handed to whoever makes it happen. */
export interface FaultOccurrence {
  readonly type: FaultType;
  readonly durationMs: number;
  readonly bytes: number;
}

/** Faults waiting to happen, in the order they were asked for. */
export class FaultPlan {
  private queue: { type: FaultType; remaining: number; durationMs: number; bytes: number }[] = [];

  add(spec: FaultSpec): void {
    this.queue.push({
      type: spec.type,
      remaining: spec.count ?? 1,
      durationMs: spec.durationMs ?? DEFAULT_STALL_MS,
      bytes: spec.bytes ?? DEFAULT_HUGE_FRAME_BYTES,
    });
  }

  /** Consumes one occurrence of the first pending fault of one of `types`, if any. */
  take(types: readonly FaultType[]): FaultOccurrence | undefined {
    const entry = this.queue.find((f) => types.includes(f.type));
    if (entry === undefined) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) this.queue = this.queue.filter((f) => f !== entry);
    return { type: entry.type, durationMs: entry.durationMs, bytes: entry.bytes };
  }

  pending(): FaultSpec[] {
    return this.queue.map((f) => ({
      type: f.type,
      count: f.remaining,
      ...(f.type === 'stall' ? { durationMs: f.durationMs } : {}),
      ...(f.type === 'huge-frame' ? { bytes: f.bytes } : {}),
    }));
  }

  clear(): void {
    this.queue = [];
  }
}
