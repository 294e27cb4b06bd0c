export * from './notifications';
export * from './referrals';
