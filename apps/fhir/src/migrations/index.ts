import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';
import { ConditionalCreate1764900000000 } from './1764900000000-conditional-create';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  InboxAgeIndex1764500000000,
  ConditionalCreate1764900000000,
];
