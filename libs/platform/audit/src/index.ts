export * from './phi-audit-entry.entity';
export * from './phi-audit-table';
export * from './phi-audit';
export * from './phi-audit.module';
