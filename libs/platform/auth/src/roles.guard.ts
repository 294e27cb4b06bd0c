import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SERVICE_ROLES, type Caller, type Role } from './caller';
import { INVALID_TOKEN } from './jwt-auth.guard';
import { IS_PUBLIC } from './public.decorator';
import { REQUIRED_ROLES } from './roles.decorator';

/**
 * Global, after `JwtAuthGuard`: a route with @Roles(...) needs a caller holding one of them; a route
 * without is open to every authenticated caller except one holding only service roles
 * (SERVICE_ROLES), which reach the routes that name them and nothing else.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
    if (!required?.length) {
      const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
        context.getHandler(),
        context.getClass(),
      ]);
      if (!isPublic && caller && caller.roles.every((role) => SERVICE_ROLES.includes(role))) {
        throw new ForbiddenException('the caller lacks the role this needs');
      }
      return true;
    }
    if (!caller) throw new UnauthorizedException(INVALID_TOKEN);
    if (!required.some((role) => caller.roles.includes(role))) {
      throw new ForbiddenException('the caller lacks the role this needs');
    }
    return true;
  }
}
