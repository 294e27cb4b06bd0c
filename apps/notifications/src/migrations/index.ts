import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Notifications1764165800000 } from './1764165800000-notifications';
import { DirectoryProjection1764230000000 } from './1764230000000-directory-projection';
import { Webhooks1764230100000 } from './1764230100000-webhooks';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Notifications1764165800000,
  DirectoryProjection1764230000000,
  Webhooks1764230100000,
];
