export * from './trace-context';
export * from './request-context';
export * from './logger';
export * from './nest-logger';
export * from './metrics';
export * from './trace-spans';
export * from './loggable-url';
