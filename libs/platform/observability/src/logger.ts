import pino, { type Logger, type LevelWithSilent } from 'pino';
import { currentContext } from './request-context';

/**
 * JSON logs, one line per entry, with the request id and W3C trace id of the current request or
 * message. Secrets never reach a log: the paths below are removed wherever they appear.
 */
export function createLogger(service: string, level: LevelWithSilent = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    messageKey: 'msg',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        '*.password',
        '*.secret',
        '*.clientSecret',
        '*.client_secret',
        '*.cnic',
        '*.token',
        '*.access_token',
      ],
      remove: true,
    },
    mixin() {
      const ctx = currentContext();
      return ctx ? { requestId: ctx.requestId, traceId: ctx.trace.traceId } : {};
    },
  });
}

export type { Logger };
