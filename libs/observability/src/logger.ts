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

/** A connection string fit for a log line: the password (if any) replaced by "***". */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return uri.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
  }
}
