import type { Logger } from '@tweet-pipeline/observability';
import { ensureTopics } from './admin.js';
import { retryWhileRetriable } from './backoff.js';
import type { ITopicConfig, Kafka } from './client.js';
import { isRetriableKafkaError, isTopicMismatch } from './errors.js';

export interface EnsureTopicsWaitingOptions {
  readonly log: Logger;
  readonly signal?: AbortSignal;
  /** For the log line of each retry; "ensure topics" by default. */
  readonly what?: string;
  /** Told the mismatch while waiting for an operator to fix it: runService's `starting`, so /readyz names it. */
  readonly starting?: (reason: string) => void;
}

/**
 * ensureTopics for a service's start: a broker that is not there yet, and an
 * existing topic that does not fit (partitions, cleanup.policy, retention,
 * max.message.bytes), are both waited out with backoff — the mismatch on
 * /readyz and in a warn line at each attempt — so the service goes on by
 * itself once the topic is fixed, instead of crash-looping.
 *
 * @throws the first error neither retriable nor a topic mismatch; an AbortError on stop.
 */
export function ensureTopicsWaiting(
  kafka: Kafka,
  specs: readonly ITopicConfig[],
  options: EnsureTopicsWaitingOptions,
): Promise<void> {
  const { log, signal, starting } = options;
  return retryWhileRetriable(() => ensureTopics(kafka, specs, log), {
    what: options.what ?? 'ensure topics',
    log,
    ...(signal !== undefined && { signal }),
    retriable: (err) => isRetriableKafkaError(err) || isTopicMismatch(err),
    onRetry: (err) => {
      if (isTopicMismatch(err)) starting?.(err.message);
    },
  });
}
