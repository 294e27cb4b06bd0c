export * from './trace-context';
export * from './request-context';
export * from './logger';
export * from './nest-logger';
export * from './metrics';
