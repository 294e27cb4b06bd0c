import { ApiClientEntity } from './api-clients/api-client.entity';
import { SigningKeyEntity } from './auth/signing-key.entity';
import { IdempotencyRecordEntity } from './idempotency/idempotency-record.entity';

/** The TypeORM entities of the gateway database. */
export const entities = [ApiClientEntity, SigningKeyEntity, IdempotencyRecordEntity];
