export * from './service';
export * from './test-issuer';
