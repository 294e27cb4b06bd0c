export * from './env';
export * from './keyring';
export * from './tracing-env';
export * from './connection-security';
