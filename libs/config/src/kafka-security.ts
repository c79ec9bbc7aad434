import { z } from 'zod';
import { ConfigError } from './config-error.js';
import { parseEnv, resolveFileVariables, type Env } from './parse-env.js';
import { reportUnreadableFiles } from './readable-files.js';

/** How a client reaches the brokers: Kafka's `security.protocol` values. */
export const KAFKA_SECURITY_PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;
export type KafkaSecurityProtocol = (typeof KAFKA_SECURITY_PROTOCOLS)[number];

/** The SASL mechanisms supported (librdkafka's builtin SCRAM needs only OpenSSL). */
export const KAFKA_SASL_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** The secrets among the security variables; each may also come from `NAME_FILE`. */
export const KAFKA_SECRET_VARIABLES = ['KAFKA_SASL_PASSWORD', 'KAFKA_SSL_KEY_PASSWORD'] as const;

/** Read from `NAME_FILE` too: the secrets, and the user name (mounted from the same Secret as the password). */
const FILE_RESOLVED_VARIABLES = ['KAFKA_SASL_USERNAME', ...KAFKA_SECRET_VARIABLES] as const;

/**
 * How every Kafka client authenticates and encrypts. Plain data: libs/kafka
 * turns it into client properties, and nothing here is ever logged whole
 * (`password` and `keyPassword` are secrets).
 */
export interface KafkaSecurity {
  readonly protocol: KafkaSecurityProtocol;
  readonly sasl?: {
    readonly mechanism: KafkaSaslMechanism;
    readonly username: string;
    readonly password: string;
  };
  readonly ssl?: {
    /** PEM file of the CA(s) to trust; the system's store when unset. */
    readonly caLocation?: string;
    /** Client certificate and key (PEM) for mutual TLS. */
    readonly certificateLocation?: string;
    readonly keyLocation?: string;
    readonly keyPassword?: string;
    /** `https` checks that the broker's certificate names the host dialled; `none` does not. */
    readonly endpointIdentification: 'https' | 'none';
  };
}

/** The security variables, for schemas that list every variable a service reads. */
export const kafkaSecurityEnvShape = {
  KAFKA_SECURITY_PROTOCOL: z.enum(KAFKA_SECURITY_PROTOCOLS).default('PLAINTEXT'),
  KAFKA_SASL_MECHANISM: z.enum(KAFKA_SASL_MECHANISMS).optional(),
  KAFKA_SASL_USERNAME: z.string().optional(),
  KAFKA_SASL_PASSWORD: z.string().optional(),
  KAFKA_SSL_CA_LOCATION: z.string().optional(),
  KAFKA_SSL_CERTIFICATE_LOCATION: z.string().optional(),
  KAFKA_SSL_KEY_LOCATION: z.string().optional(),
  KAFKA_SSL_KEY_PASSWORD: z.string().optional(),
  KAFKA_SSL_ENDPOINT_IDENTIFICATION: z.enum(['https', 'none']).default('https'),
} as const;

const FILE_VARIABLES = ['KAFKA_SSL_CA_LOCATION', 'KAFKA_SSL_CERTIFICATE_LOCATION', 'KAFKA_SSL_KEY_LOCATION'] as const;

const schema = z.object(kafkaSecurityEnvShape).superRefine((v, ctx) => {
  const usesSasl = v.KAFKA_SECURITY_PROTOCOL.startsWith('SASL_');
  const usesTls = v.KAFKA_SECURITY_PROTOCOL.endsWith('SSL');
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (usesSasl) {
    if (v.KAFKA_SASL_MECHANISM === undefined)
      issue('KAFKA_SASL_MECHANISM', `required with ${v.KAFKA_SECURITY_PROTOCOL}`);
    if (v.KAFKA_SASL_USERNAME === undefined) issue('KAFKA_SASL_USERNAME', `required with ${v.KAFKA_SECURITY_PROTOCOL}`);
    if (v.KAFKA_SASL_PASSWORD === undefined) {
      issue('KAFKA_SASL_PASSWORD', `required with ${v.KAFKA_SECURITY_PROTOCOL} (or KAFKA_SASL_PASSWORD_FILE)`);
    }
  } else {
    // A SASL setting on a protocol without SASL is a deployment mistake, not something to ignore.
    for (const name of ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (v[name] !== undefined)
        issue(name, `set, but KAFKA_SECURITY_PROTOCOL=${v.KAFKA_SECURITY_PROTOCOL} uses no SASL`);
    }
  }
  if (!usesTls) {
    for (const name of [...FILE_VARIABLES, 'KAFKA_SSL_KEY_PASSWORD'] as const) {
      if (v[name] !== undefined)
        issue(name, `set, but KAFKA_SECURITY_PROTOCOL=${v.KAFKA_SECURITY_PROTOCOL} uses no TLS`);
    }
    return;
  }
  if ((v.KAFKA_SSL_CERTIFICATE_LOCATION === undefined) !== (v.KAFKA_SSL_KEY_LOCATION === undefined)) {
    issue(
      'KAFKA_SSL_KEY_LOCATION',
      'KAFKA_SSL_CERTIFICATE_LOCATION and KAFKA_SSL_KEY_LOCATION go together (mutual TLS)',
    );
  }
  if (v.KAFKA_SSL_KEY_PASSWORD !== undefined && v.KAFKA_SSL_KEY_LOCATION === undefined) {
    issue('KAFKA_SSL_KEY_PASSWORD', 'set without KAFKA_SSL_KEY_LOCATION');
  }
  reportUnreadableFiles(v, FILE_VARIABLES, issue);
});

/**
 * Reads the Kafka security variables (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_*,
 * KAFKA_SSL_*; the passwords also from `*_FILE`). Every Kafka client of the
 * project — services, CLIs, test and drill tooling — reads the same ones.
 *
 * @throws ConfigError naming each invalid or missing variable, never a value.
 */
export function loadKafkaSecurity(env: Env): KafkaSecurity {
  const e = parseEnv(schema, resolveFileVariables(env, FILE_RESOLVED_VARIABLES));
  const protocol = e.KAFKA_SECURITY_PROTOCOL;
  const sasl =
    protocol.startsWith('SASL_') &&
    e.KAFKA_SASL_MECHANISM !== undefined &&
    e.KAFKA_SASL_USERNAME !== undefined &&
    e.KAFKA_SASL_PASSWORD !== undefined
      ? { mechanism: e.KAFKA_SASL_MECHANISM, username: e.KAFKA_SASL_USERNAME, password: e.KAFKA_SASL_PASSWORD }
      : undefined;
  const ssl = protocol.endsWith('SSL')
    ? {
        ...(e.KAFKA_SSL_CA_LOCATION !== undefined && { caLocation: e.KAFKA_SSL_CA_LOCATION }),
        ...(e.KAFKA_SSL_CERTIFICATE_LOCATION !== undefined && {
          certificateLocation: e.KAFKA_SSL_CERTIFICATE_LOCATION,
        }),
        ...(e.KAFKA_SSL_KEY_LOCATION !== undefined && { keyLocation: e.KAFKA_SSL_KEY_LOCATION }),
        ...(e.KAFKA_SSL_KEY_PASSWORD !== undefined && { keyPassword: e.KAFKA_SSL_KEY_PASSWORD }),
        endpointIdentification: e.KAFKA_SSL_ENDPOINT_IDENTIFICATION,
      }
    : undefined;
  if (protocol.startsWith('SASL_') && sasl === undefined) {
    // Unreachable after the schema's checks; kept so a future edit cannot return a half config.
    throw new ConfigError('incomplete SASL configuration', ['KAFKA_SASL_MECHANISM']);
  }
  return { protocol, ...(sasl !== undefined && { sasl }), ...(ssl !== undefined && { ssl }) };
}
