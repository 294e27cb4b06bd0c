import { SetMetadata } from '@nestjs/common';
import type { Role } from './caller';

export const REQUIRED_ROLES = 'platform-auth:roles';

/** The caller needs at least one of these roles (403 otherwise). On a method it overrides the controller's. */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(REQUIRED_ROLES, roles);
