import { destination as pinoDestination, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs. CLI commands log to stderr so stdout stays machine-readable (see `oof decode`). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, base: { app: 'oof' }, redact: ['*.secret', '*.privateKey', '*.authHeader', 'databaseUrl'] },
    destination ?? pinoDestination(2),
  );
}
