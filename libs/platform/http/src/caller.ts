import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ProblemException } from './problem-details';

export interface Caller {
  organizationId: string;
  practitionerId: string | null;
  clientId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value.trim() : undefined;
}

/**
 * Who is calling. Walking-skeleton identity: the organization (and practitioner) come from the
 * `X-Organization-Id` / `X-Practitioner-Id` headers the gateway forwards. Token authentication
 * (issue 3) replaces this with the verified JWT's `org` / `practitioner` claims.
 */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  const organizationId = header(request, 'x-organization-id');
  const practitionerId = header(request, 'x-practitioner-id');
  if (!organizationId || !UUID.test(organizationId) || (practitionerId && !UUID.test(practitionerId))) {
    throw new ProblemException({
      status: 401,
      code: 'unauthenticated',
      detail:
        'The caller is not identified: X-Organization-Id (and X-Practitioner-Id, when given) must be UUIDs.',
    });
  }
  return { organizationId, practitionerId: practitionerId ?? null, clientId: null };
});
