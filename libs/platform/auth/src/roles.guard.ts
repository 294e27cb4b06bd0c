import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller, Role } from './caller';
import { INVALID_TOKEN } from './jwt-auth.guard';
import { REQUIRED_ROLES } from './roles.decorator';

/** Global, after `JwtAuthGuard`: a route with @Roles(...) needs a caller holding one of them. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required?.length) return true;
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!caller) throw new UnauthorizedException(INVALID_TOKEN);
    if (!required.some((role) => caller.roles.includes(role))) {
      throw new ForbiddenException('the caller lacks the role this needs');
    }
    return true;
  }
}
