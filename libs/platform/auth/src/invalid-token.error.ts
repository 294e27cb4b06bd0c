/**
 * Why a token was refused, for the log. The caller only ever hears "invalid or expired token": the
 * reason would tell a forger which check to work around next.
 */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}
