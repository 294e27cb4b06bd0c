import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'platform-auth:public';

/** The route (or every route of the controller) needs no token: health, metrics, the token endpoint. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
