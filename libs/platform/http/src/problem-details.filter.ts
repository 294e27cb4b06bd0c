import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { problemCodeForStatus, PROBLEMS } from '@referral/contracts';
import { defaultTitle, ProblemException, problemType, type ProblemDetails } from './problem-details';

/**
 * Every error leaves the service as RFC 9457 application/problem+json. Client mistakes caught by
 * Fastify (malformed JSON, wrong content type, body too large) keep their 4xx; anything unexpected
 * is a 500 without internals — the stack goes to the log only.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = problemOf(exception);
    problem.instance ??= request.url?.split('?')[0];
    if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    void reply.status(problem.status).header('content-type', 'application/problem+json').send(problem);
  }
}

/**
 * The problem an exception is answered with: its own for a ProblemException, the status of an
 * HttpException or of a Fastify client error, else a 500 without internals.
 */
export function problemOf(exception: unknown): ProblemDetails {
  if (exception instanceof ProblemException) return exception.toProblem();
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    const detail =
      typeof body === 'string'
        ? body
        : Array.isArray((body as { message?: unknown }).message)
          ? (body as { message: string[] }).message.join('; ')
          : String((body as { message?: unknown }).message ?? exception.message);
    return { type: problemType(problemCodeForStatus(status)), title: defaultTitle(status), status, detail };
  }
  const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return {
      type: problemType(problemCodeForStatus(fastifyStatus)),
      title: defaultTitle(fastifyStatus),
      status: fastifyStatus,
      detail: (exception as Error).message,
    };
  }
  return {
    type: problemType('internal-error'),
    title: PROBLEMS['internal-error'].title,
    status: 500,
    detail: 'An unexpected error occurred.',
  };
}
