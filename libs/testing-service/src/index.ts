export * from './service';
export { TestIssuer, type TestTokenClaims } from '@referral/testing';
export * from './authorization-matrix';
