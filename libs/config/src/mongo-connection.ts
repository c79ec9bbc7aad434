import { z } from 'zod';
import { parseEnv, resolveFileVariables, type Env } from './parse-env.js';
import { reportUnreadableFiles } from './readable-files.js';

/** Authentication mechanisms the MongoDB driver knows; unset = negotiated (SCRAM-SHA-256 / SCRAM-SHA-1). */
export const MONGODB_AUTH_MECHANISMS = [
  'SCRAM-SHA-256',
  'SCRAM-SHA-1',
  'MONGODB-X509',
  'MONGODB-AWS',
  'MONGODB-OIDC',
  'PLAIN',
  'GSSAPI',
] as const;
export type MongoAuthMechanism = (typeof MONGODB_AUTH_MECHANISMS)[number];

/** The secrets among the MongoDB variables; each may also come from `NAME_FILE`. */
export const MONGODB_SECRET_VARIABLES = ['MONGODB_URI', 'MONGODB_PASSWORD', 'MONGODB_TLS_CERT_KEY_PASSWORD'] as const;

/**
 * How a service reaches MongoDB: the connection string, plus what may be
 * given beside it so that secrets stay out of the string (Kubernetes secrets
 * mounted as files). Options set here win over the same options in the
 * string. Never logged whole: `uri` may hold a password, `password` and
 * `certificateKeyPassword` are secrets.
 */
export interface MongoConnection {
  readonly uri: string;
  readonly auth?: {
    readonly username?: string;
    readonly password?: string;
    /** The database the user is defined in (`authSource`); the driver's default when unset. */
    readonly source?: string;
    readonly mechanism?: MongoAuthMechanism;
  };
  readonly tls?: {
    /** PEM file of the CA(s) to trust; the system's store when unset. */
    readonly caFile?: string;
    /** Client certificate and its private key in one PEM file (mutual TLS, MONGODB-X509). */
    readonly certificateKeyFile?: string;
    readonly certificateKeyPassword?: string;
  };
}

/** The MongoDB connection variables, for schemas that list every variable a service reads. */
export const mongoConnectionEnvShape = {
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .default('mongodb://127.0.0.1:27017'),
  MONGODB_USERNAME: z.string().optional(),
  MONGODB_PASSWORD: z.string().optional(),
  MONGODB_AUTH_SOURCE: z.string().optional(),
  MONGODB_AUTH_MECHANISM: z.enum(MONGODB_AUTH_MECHANISMS).optional(),
  MONGODB_TLS_CA_FILE: z.string().optional(),
  MONGODB_TLS_CERT_KEY_FILE: z.string().optional(),
  MONGODB_TLS_CERT_KEY_PASSWORD: z.string().optional(),
} as const;

const FILE_VARIABLES = ['MONGODB_TLS_CA_FILE', 'MONGODB_TLS_CERT_KEY_FILE'] as const;

const schema = z.object(mongoConnectionEnvShape).superRefine((v, ctx) => {
  const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
  if (v.MONGODB_PASSWORD !== undefined && v.MONGODB_USERNAME === undefined) {
    issue('MONGODB_PASSWORD', 'set without MONGODB_USERNAME');
  }
  if (v.MONGODB_TLS_CERT_KEY_PASSWORD !== undefined && v.MONGODB_TLS_CERT_KEY_FILE === undefined) {
    issue('MONGODB_TLS_CERT_KEY_PASSWORD', 'set without MONGODB_TLS_CERT_KEY_FILE');
  }
  if (v.MONGODB_AUTH_MECHANISM === 'MONGODB-X509' && v.MONGODB_TLS_CERT_KEY_FILE === undefined) {
    issue(
      'MONGODB_TLS_CERT_KEY_FILE',
      'required with MONGODB_AUTH_MECHANISM=MONGODB-X509 (the certificate is the identity)',
    );
  }
  if (v.MONGODB_AUTH_MECHANISM === 'MONGODB-X509' && v.MONGODB_PASSWORD !== undefined) {
    issue('MONGODB_PASSWORD', 'MONGODB-X509 authenticates by certificate; a password is not used');
  }
  reportUnreadableFiles(v, FILE_VARIABLES, issue);
});

/**
 * Reads the MongoDB connection variables (MONGODB_URI, MONGODB_USERNAME,
 * MONGODB_PASSWORD, MONGODB_AUTH_SOURCE, MONGODB_AUTH_MECHANISM,
 * MONGODB_TLS_*; the URI and the passwords also from `*_FILE`). The sink,
 * trends and the sink's rebuild CLI read the same ones.
 *
 * @throws ConfigError naming each invalid variable, never a value.
 */
export function loadMongoConnection(env: Env): MongoConnection {
  const e = parseEnv(schema, resolveFileVariables(env, MONGODB_SECRET_VARIABLES));
  const auth = {
    ...(e.MONGODB_USERNAME !== undefined && { username: e.MONGODB_USERNAME }),
    ...(e.MONGODB_PASSWORD !== undefined && { password: e.MONGODB_PASSWORD }),
    ...(e.MONGODB_AUTH_SOURCE !== undefined && { source: e.MONGODB_AUTH_SOURCE }),
    ...(e.MONGODB_AUTH_MECHANISM !== undefined && { mechanism: e.MONGODB_AUTH_MECHANISM }),
  };
  const tls = {
    ...(e.MONGODB_TLS_CA_FILE !== undefined && { caFile: e.MONGODB_TLS_CA_FILE }),
    ...(e.MONGODB_TLS_CERT_KEY_FILE !== undefined && { certificateKeyFile: e.MONGODB_TLS_CERT_KEY_FILE }),
    ...(e.MONGODB_TLS_CERT_KEY_PASSWORD !== undefined && { certificateKeyPassword: e.MONGODB_TLS_CERT_KEY_PASSWORD }),
  };
  return {
    uri: e.MONGODB_URI,
    ...(Object.keys(auth).length > 0 && { auth }),
    ...(Object.keys(tls).length > 0 && { tls }),
  };
}
