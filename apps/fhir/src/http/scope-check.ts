import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { scopePermits, type Caller, type ScopeInteraction } from '@referral/platform-auth';
import { FhirError } from './fhir-error';

/** The interaction a request is, by method and whether it names one resource. */
export function interactionOf(method: string, namesOne: boolean): ScopeInteraction | undefined {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return namesOne ? 'r' : 's';
    case 'POST':
      return 'c';
    case 'PUT':
    case 'PATCH':
      return 'u';
    case 'DELETE':
      return 'd';
    default:
      return undefined;
  }
}

/**
 * SMART scopes (`system/Task.rs`, `system/*.cruds`, v1 `system/Task.read`): a token that carries
 * scopes reaches only the resource types and interactions they grant (403, naming what is missing); a
 * token without any is not restricted by scope (its roles still decide, at the services). Runs after
 * every guard (an interceptor: the JWT guard has found the caller); public routes (`/metadata`) have no
 * caller and pass.
 */
@Injectable()
export class ScopeCheck implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    this.check(context);
    return next.handle();
  }

  /** Throws the 403 when the caller's scopes do not grant the interaction. */
  private check(context: ExecutionContext): void {
    if (context.getType() !== 'http') return;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Caller }>();
    const caller = request.user;
    if (!caller?.scopes) return;
    const [, type, id] = /^\/fhir\/R4\/([A-Za-z]+)(?:\/([^/?]+))?/.exec(request.url) ?? [];
    if (!type) return;
    const interaction = interactionOf(request.method, id !== undefined);
    if (interaction && !scopePermits(caller.scopes, type, interaction)) {
      throw FhirError.of(
        403,
        `The token's scopes do not grant this: system/${type}.${interaction} (granted: ${caller.scopes.join(' ')})`,
      );
    }
  }
}
