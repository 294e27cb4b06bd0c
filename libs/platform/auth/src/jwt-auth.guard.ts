import {
  Injectable,
  Logger,
  ServiceUnavailableException,
  UnauthorizedException,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Caller } from './caller';
import { JWT_STRATEGY } from './jwt.strategy';
import { IS_PUBLIC } from './public.decorator';
import { SigningKeysUnavailableError } from './signing-key-resolver';

export const INVALID_TOKEN = 'invalid or expired token';

/**
 * Global: every HTTP route needs a valid bearer token unless it is @Public(). Event handlers (the
 * Kafka consumers share the app's global guards) are not HTTP requests and pass.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard(JWT_STRATEGY) {
  private readonly logger = new Logger(JwtAuthGuard.name);

  constructor(private readonly reflector: Reflector) {
    super();
  }

  override canActivate(context: ExecutionContext) {
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  /** `error` comes from `validate`, `info` from the key lookup or the token check. */
  override handleRequest<TUser = Caller>(error: unknown, caller: unknown, info: unknown): TUser {
    if (!error && caller) return caller as TUser;
    const reason = error ?? info;
    if (reason instanceof SigningKeysUnavailableError) {
      this.logger.warn(`cannot verify tokens: ${reason.message}`);
      throw new ServiceUnavailableException('the token cannot be verified right now; try again shortly');
    }
    this.logger.debug(`token refused: ${reason instanceof Error ? reason.message : 'no token'}`);
    throw new UnauthorizedException(INVALID_TOKEN);
  }
}
