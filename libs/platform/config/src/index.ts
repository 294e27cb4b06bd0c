export * from './env';
export * from './keyring';
