export * from './database-url';
export * from './ensure-database';
export * from './data-source';
export * from './keyset-cursor';
export * from './periodic-task';
export * from './retention-purge';
export * from './prepared-query';
export * from './after-commit';
