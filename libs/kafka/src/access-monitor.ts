import type { Logger } from '@tweet-pipeline/observability';

/** Why the brokers refuse this client: wrong credentials, or a TLS handshake that fails. */
export type KafkaAccessProblemKind = 'authentication' | 'tls';

/** Stable codes of the one error line logged per access problem. */
export const KafkaAccessErrorCodes = {
  authentication: 'KAFKA_AUTHENTICATION_FAILED',
  tls: 'KAFKA_TLS_FAILED',
} as const;

export interface KafkaAccessProblem {
  readonly kind: KafkaAccessProblemKind;
  /** The broker as librdkafka names it, e.g. `sasl_ssl://10.0.0.1:9094`. */
  readonly broker: string;
  /** One line for /readyz and the log: broker, mechanism or TLS reason, what to check. */
  readonly reason: string;
  readonly lastSeenMs: number;
}

/**
 * librdkafka retries a refused connection every few seconds (at most every
 * `reconnect.backoff.max.ms`, 10 s by default), logging each attempt. A
 * problem not seen again for this long is taken as solved (credentials
 * rotated, broker fixed): /readyz stops reporting it, and a recurrence is
 * logged again.
 */
export const ACCESS_PROBLEM_STALE_MS = 30_000;

const BROKER = /\b([a-z_]+:\/\/[^/\s\]]+)/i;
const AUTHENTICATION = /SASL authentication (?:error|failed)|Authentication failed|SASL_AUTHENTICATION_FAILED/i;
const TLS = /SSL handshake failed|certificate verify failed|SSL routines/i;
const MECHANISM = /SASL mechanism ([A-Z0-9-]+)/;

/**
 * Process-wide record of the access problems seen by every Kafka client:
 * turns librdkafka's stream of identical retries into one error line per
 * problem and broker, and tells /readyz why the service is not ready. The
 * secret never reaches it: librdkafka does not log passwords, and the lines
 * built here name only the broker, the mechanism and the user.
 */
export class KafkaAccessMonitor {
  private readonly problems = new Map<string, KafkaAccessProblem>();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Looks at one client log line. Returns true when the line is about an
   * access problem (the caller then drops it: the monitor logged what matters).
   */
  observe(message: string, log: Logger, context: { readonly mechanism?: string; readonly user?: string }): boolean {
    const kind: KafkaAccessProblemKind | undefined = TLS.test(message)
      ? 'tls'
      : AUTHENTICATION.test(message)
        ? 'authentication'
        : undefined;
    if (kind === undefined) return false;
    const broker = BROKER.exec(message)?.[1] ?? 'the bootstrap brokers';
    const key = `${kind} ${broker}`;
    const now = this.now();
    const known = this.problems.get(key);
    if (known !== undefined && now - known.lastSeenMs < ACCESS_PROBLEM_STALE_MS) {
      this.problems.set(key, { ...known, lastSeenMs: now });
      log.debug({ code: KafkaAccessErrorCodes[kind], broker }, message);
      return true;
    }
    const reason = kind === 'tls' ? tlsReason(broker, message) : authenticationReason(broker, message, context);
    this.problems.set(key, { kind, broker, reason, lastSeenMs: now });
    log.error({ code: KafkaAccessErrorCodes[kind], broker }, reason);
    return true;
  }

  /** The problems seen within ACCESS_PROBLEM_STALE_MS, oldest first. */
  current(): KafkaAccessProblem[] {
    const now = this.now();
    return [...this.problems.values()].filter((p) => now - p.lastSeenMs < ACCESS_PROBLEM_STALE_MS);
  }
}

function authenticationReason(
  broker: string,
  message: string,
  context: { readonly mechanism?: string; readonly user?: string },
): string {
  const mechanism = MECHANISM.exec(message)?.[1] ?? context.mechanism ?? 'SASL';
  const user = context.user !== undefined ? ` as user ${context.user}` : '';
  return (
    `Kafka authentication failed at ${broker} with SASL mechanism ${mechanism}${user}: ` +
    'check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD; retrying with back-off'
  );
}

function tlsReason(broker: string, message: string): string {
  const verify = /certificate verify failed/i.test(message);
  const detail = verify
    ? "the broker's certificate is not signed by a trusted CA (check KAFKA_SSL_CA_LOCATION) or does not name the host (KAFKA_SSL_ENDPOINT_IDENTIFICATION)"
    : 'check KAFKA_SECURITY_PROTOCOL, the client certificate and key (KAFKA_SSL_CERTIFICATE_LOCATION, KAFKA_SSL_KEY_LOCATION)';
  return `Kafka TLS handshake failed at ${broker}: ${detail}; retrying with back-off`;
}

/** The monitor every client of this process reports to (createKafka, readPartitionsToEnd). */
export const kafkaAccessMonitor = new KafkaAccessMonitor();

/**
 * For a service's /readyz: not ready, with the reason, while any Kafka client
 * of the process is refused by a broker; undefined otherwise.
 */
export function kafkaAccessReadiness(): { readonly ready: false; readonly reason: string } | undefined {
  const [first] = kafkaAccessMonitor.current();
  return first === undefined ? undefined : { ready: false, reason: first.reason };
}
