export * from './age-band';
export * from './case-files';
export * from './directory';
export * from './notifications';
export * from './patients';
export * from './phone';
export * from './practitioners';
export * from './referrals';
