import { createParamDecorator, UnauthorizedException, type ExecutionContext } from '@nestjs/common';
import type { Caller } from './caller';

/** The verified caller of the request (set by `JwtAuthGuard`). */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<{ user?: Caller }>().user;
  // Only a @Public() route has none; asking for the caller there is asking for authentication.
  if (!caller) throw new UnauthorizedException('invalid or expired token');
  return caller;
});
