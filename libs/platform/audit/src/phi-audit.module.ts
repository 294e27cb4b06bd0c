import { Module } from '@nestjs/common';
import { PhiAudit } from './phi-audit';

/** Import in a service whose database has `phi_audit_log` (its migration calls `createPhiAuditTable`). */
@Module({ providers: [PhiAudit], exports: [PhiAudit] })
export class PhiAuditModule {}
