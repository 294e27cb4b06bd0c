export * from './problem-details';
export * from './problem-details.filter';
export * from './validation';
export * from './health.controller';
export * from './platform.module';
export * from './bootstrap';
export * from './lifecycle-logger';
export * from './openapi';
