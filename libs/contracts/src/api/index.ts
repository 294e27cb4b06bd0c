export * from './directory';
export * from './notifications';
export * from './practitioners';
export * from './referrals';
