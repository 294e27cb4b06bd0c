import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Auth1764170000000 } from './1764170000000-auth';
import { Idempotency1764175000000 } from './1764175000000-idempotency';

/** In order of application. */
export const migrations = [PlatformTables1764165600000, Auth1764170000000, Idempotency1764175000000];
