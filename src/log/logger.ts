import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The process logger. JSON to stdout; level from KEEL_LOG_LEVEL. Known secret-bearing paths are
 * redacted at the logger so a careless log call cannot leak a credential.
 */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'keel',
    level: options.level ?? process.env.KEEL_LOG_LEVEL ?? 'info',
    redact: {
      paths: [
        'apiKey',
        '*.apiKey',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'headers["x-api-key"]',
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'secret',
        '*.secret',
        'plaintext',
        '*.plaintext',
        'password',
        '*.password',
        'token',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
