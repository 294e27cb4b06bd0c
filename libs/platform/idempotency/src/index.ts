export * from './idempotency-env';
export * from './idempotency-key.decorator';
export * from './idempotency-table';
export * from './idempotency.module';
export * from './idempotent-writes';
export * from './request-hash';
