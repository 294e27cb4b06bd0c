import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Referrals1764165700000 } from './1764165700000-referrals';
import { PhiAudit1764180000000 } from './1764180000000-phi-audit';

/** In order of application. */
export const migrations = [PlatformTables1764165600000, Referrals1764165700000, PhiAudit1764180000000];
