export * from './directory';
export * from './notifications';
export * from './phone';
export * from './practitioners';
export * from './referrals';
