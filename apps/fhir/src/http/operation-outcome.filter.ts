import { Catch, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER, problemOf } from '@referral/platform-http';
import { toOperationOutcome } from '../mapping/operation-outcome';
import { FhirError } from './fhir-error';
import { FHIR_JSON } from './fhir-body';

/**
 * Every error of a FHIR interaction leaves as an `OperationOutcome` (application/fhir+json) with the
 * HTTP status a problem+json answer would have had: the services' problems as they came, the token
 * and validation refusals of this app, and a 500 without internals (the stack goes to the log only).
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const problem = exception instanceof FhirError ? exception.problem : problemOf(exception);
    if (problem.status >= 500 && !(exception instanceof FhirError)) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    // RFC 6750: a request without a usable token is told which scheme to use.
    if (problem.status === 401) void reply.header('www-authenticate', 'Bearer');
    void reply
      .status(problem.status)
      .header('content-type', `${FHIR_JSON}; charset=utf-8`)
      .send(toOperationOutcome(problem));
  }
}
