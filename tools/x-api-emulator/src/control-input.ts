import { rawStreamMessageSchema } from '@tweet-pipeline/contracts';
import { EmulatorInputError } from './errors.js';
import { faultSpecSchema, type FaultSpec } from './faults.js';
import type { TweetMessage } from './tweet-store.js';

/**
 * Checks injected X v2 stream messages (`{data, includes?}`, the shape the
 * pipeline's contracts accept) and keeps them exactly as given: key order and
 * unknown fields survive, so what the stream writes is what the test injected.
 * `matching_rules` and other top-level keys are dropped; the emulator computes
 * `matching_rules` from its own rules.
 *
 * @throws EmulatorInputError (INVALID_TWEET_MESSAGE) naming the first bad message.
 */
export function toTweetMessages(input: unknown): TweetMessage[] {
  if (!Array.isArray(input)) throw new EmulatorInputError('INVALID_TWEET_MESSAGE', 'expected a JSON array of messages');
  return input.map((message: unknown, index) => {
    const checked = rawStreamMessageSchema.safeParse(message);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const where = issue === undefined ? '' : ` at ${issue.path.join('.')}: ${issue.message}`;
      throw new EmulatorInputError('INVALID_TWEET_MESSAGE', `message ${index} is not an X v2 stream message${where}`);
    }
    const { data, includes } = message as TweetMessage;
    return includes === undefined ? { data } : { data, includes };
  });
}

/**
 * Checks a fault request (`{type, count?, durationMs?}`).
 *
 * @throws EmulatorInputError (INVALID_FAULT) with zod's reason.
 */
export function toFaultSpec(input: unknown): FaultSpec {
  const parsed = faultSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const reasons = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new EmulatorInputError('INVALID_FAULT', `invalid fault: ${reasons}`);
}
