import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'platform-auth:public';
/** Marks public operations in the OpenAPI document; the document builder turns it into `security: []`. */
export const PUBLIC_OPERATION_EXTENSION = 'x-public';

/** The route (or every route of the controller) needs no token: health, metrics, the token endpoint. */
export const Public = () =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_OPERATION_EXTENSION, true));
