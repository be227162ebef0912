import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Fields that may carry personal data or secrets. They are removed from every log line:
 * logs say what happened to whom by id, never what was said or how to reach them.
 */
const REDACTED_PATHS = [
  'email',
  'phone',
  'body',
  'text',
  'password',
  'token',
  'secret',
  'authorization',
  '*.email',
  '*.phone',
  '*.body',
  '*.text',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  'headers.authorization',
];

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines for a terminal; otherwise one JSON object per line. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const base = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: undefined,
  };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, destination: 2, ignore: 'pid,hostname' },
      },
    });
  }
  return pino(base, pino.destination(2));
}

/** A logger that drops everything, for tests that do not assert on logs. */
export const silentLogger: Logger = pino({ level: 'silent' });
