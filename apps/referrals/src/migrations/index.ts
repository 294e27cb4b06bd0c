import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Referrals1764165700000 } from './1764165700000-referrals';
import { PhiAudit1764180000000 } from './1764180000000-phi-audit';
import { Specialists1764210000000 } from './1764210000000-specialists';
import { Workflow1764210100000 } from './1764210100000-workflow';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';
import { CaseFileProjection1764800000000 } from './1764800000000-case-file-projection';
import { Idempotency1764900000000 } from './1764900000000-idempotency';
import { Reports1765000000000 } from './1765000000000-reports';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Referrals1764165700000,
  PhiAudit1764180000000,
  Specialists1764210000000,
  Workflow1764210100000,
  InboxAgeIndex1764500000000,
  CaseFileProjection1764800000000,
  Idempotency1764900000000,
  Reports1765000000000,
];
