import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import { currentContext } from './request-context';

/**
 * JSON logs, one line per entry, with the request id and W3C trace id of the current request or
 * message. Secrets never reach a log: the paths below are removed wherever they appear.
 */
export function createLogger(
  service: string,
  level: LevelWithSilent = 'info',
  /** Standard output unless given (tests capture the lines). */
  destination?: DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    messageKey: 'msg',
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        // At the top level of an entry and one level down (`*.` alone misses the top level).
        ...['password', 'secret', 'clientSecret', 'client_secret', 'cnic', 'token', 'access_token'].flatMap(
          (key) => [key, `*.${key}`],
        ),
        // A failed query's values and PostgreSQL's detail ("Key (pmdc_number)=(…) already exists")
        // can be patient data: the message and the stack say enough.
        'err.parameters',
        'err.detail',
        'err.driverError',
      ],
      remove: true,
    },
    mixin() {
      const ctx = currentContext();
      return ctx ? { requestId: ctx.requestId, traceId: ctx.trace.traceId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
