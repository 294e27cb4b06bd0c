export * from './infrastructure';
export * from './databases';
export * from './kafka';
