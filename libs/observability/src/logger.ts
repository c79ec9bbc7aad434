import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Paths pino replaces with "[redacted]" before a line is written. Secrets are
 * never logged on purpose; these catch the accident (a config object or an
 * HTTP request logged whole).
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'bearerToken',
  '*.bearerToken',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  'mongoUri',
  '*.mongoUri',
  'sasl',
  '*.sasl',
  // MongoDB credentials given beside the URI (libs/config MongoConnection), in a config logged whole.
  '*.auth.password',
  '*.*.auth.password',
  '*.tls.certificateKeyPassword',
  '*.*.tls.certificateKeyPassword',
] as const;

export interface LoggerOptions {
  readonly service: string;
  readonly level?: LevelWithSilent;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  readonly destination?: pino.DestinationStream;
}

/** The one root logger of a process: one JSON object per line, level as a word, ISO time. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      redact: { paths: [...REDACT_PATHS], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** URI options whose whole value is a secret (compared lower-case). */
const SECRET_URI_OPTIONS = new Set(['password', 'tlscertificatekeyfilepassword', 'sslpass', 'secret', 'token']);
/** Option names that hold a secret whatever their exact spelling. */
const SECRET_OPTION_PATTERN = /pass|secret|token|credential/i;
/** `authMechanismProperties` entries (`KEY:value,…`) whose value is a secret, e.g. AWS_SESSION_TOKEN. */
const SECRET_PROPERTY_PATTERN = /token|secret|pass|key/i;

/**
 * A connection string fit for a log line: the password of the user info
 * replaced by "***", and so is every secret among the query options
 * (`tlsCertificateKeyFilePassword=…`, `authMechanismProperties=AWS_SESSION_TOKEN:…`).
 * Works on strings `URL` refuses (several hosts, `mongodb+srv`, bad escapes).
 */
export function redactUri(uri: string): string {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/s.exec(uri);
  if (match === null) return uri;
  const [, scheme, authority, rest] = match as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  let hosts = authority;
  if (at >= 0) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    hosts = `${colon >= 0 ? `${userinfo.slice(0, colon)}:***` : userinfo}@${authority.slice(at + 1)}`;
  }
  const q = rest.indexOf('?');
  if (q < 0) return `${scheme}${hosts}${rest}`;
  const hash = rest.indexOf('#', q);
  const query = rest.slice(q + 1, hash < 0 ? undefined : hash);
  const options = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      const plainName = safeDecode(name).toLowerCase();
      if (SECRET_URI_OPTIONS.has(plainName) || SECRET_OPTION_PATTERN.test(plainName)) return `${name}=***`;
      if (plainName === 'authmechanismproperties') return `${name}=${redactProperties(pair.slice(eq + 1))}`;
      return pair;
    })
    .join('&');
  return `${scheme}${hosts}${rest.slice(0, q)}?${options}${hash < 0 ? '' : '#***'}`;
}

/** `KEY:value,KEY:value` (possibly %-encoded) with the secret values replaced. */
function redactProperties(encoded: string): string {
  return safeDecode(encoded)
    .split(',')
    .map((entry) => {
      const colon = entry.indexOf(':');
      if (colon < 0) return entry;
      const key = entry.slice(0, colon);
      return SECRET_PROPERTY_PATTERN.test(key) ? `${key}:***` : entry;
    })
    .join(',');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
