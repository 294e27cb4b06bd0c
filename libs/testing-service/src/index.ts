export * from './service';
export * from './test-issuer';
export * from './authorization-matrix';
