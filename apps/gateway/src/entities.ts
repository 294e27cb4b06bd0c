import { ApiClientEntity } from './api-clients/api-client.entity';
import { SigningKeyEntity } from './auth/signing-key.entity';

/** The TypeORM entities of the gateway database. */
export const entities = [ApiClientEntity, SigningKeyEntity];
