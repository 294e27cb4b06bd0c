import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '@referral/platform-http';

/** RFC 6749 §5.2 error codes the token endpoint uses. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_scope'
  | 'unsupported_grant_type'
  | 'server_error'
  | 'temporarily_unavailable';

export interface OAuthErrorBody {
  error: OAuthErrorCode;
  error_description: string;
}

/** An error of the token endpoint, answered the OAuth way rather than as problem+json. */
export class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    readonly description: string,
    readonly status = code === 'invalid_client' ? 401 : 400,
    /** The authentication scheme the client tried in the Authorization header, to be challenged. */
    readonly challenge?: 'Basic',
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** An error of the token endpoint that is not an `OAuthError`, as RFC 6749 would say it. */
export function oauthErrorOf(status: number, description: string): OAuthError {
  if (status === 503) return new OAuthError('temporarily_unavailable', description, 503);
  if (status >= 500) return new OAuthError('server_error', 'An unexpected error occurred.', status);
  return new OAuthError('invalid_request', description, status);
}

export function sendOAuthError(reply: FastifyReply, error: OAuthError): void {
  if (error.challenge) void reply.header('www-authenticate', `${error.challenge} realm="token"`);
  const body: OAuthErrorBody = { error: error.code, error_description: error.description };
  void reply
    .status(error.status)
    .header('content-type', 'application/json; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(body);
}

/** Controller-scoped on the token endpoint: every error leaves it as `{ error, error_description }`. */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let error: OAuthError;
    if (exception instanceof OAuthError) {
      error = exception;
    } else if (exception instanceof HttpException) {
      error = oauthErrorOf(exception.getStatus(), exception.message);
    } else {
      error = oauthErrorOf(500, '');
    }
    if (error.status >= 500) {
      const request = host.switchToHttp().getRequest<FastifyRequest>();
      this.logger.error({ err: exception, requestId: request.id }, 'token request failed');
    }
    sendOAuthError(reply, error);
  }
}
