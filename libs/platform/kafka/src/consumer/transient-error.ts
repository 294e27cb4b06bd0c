/**
 * Errors that say nothing about the message: the database could not be reached or went away. A
 * handler failing with one is retried without limit (it is not poison), so an outage of PostgreSQL
 * delays events instead of sending every one of them to the DLQ.
 */
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash),
// 53300 too_many_connections, 40001/40P01 serialization failure / deadlock (safe to retry).
const TRANSIENT_SQLSTATE = /^(08...|57P0[1-3]|53300|40001|40P01)$/;
const TRANSIENT_MESSAGES =
  /(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/i;

export function isTransientError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const { code, message, driverError, cause } = e as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.test(code)))
      return true;
    if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
    e = driverError ?? cause;
  }
  return false;
}
