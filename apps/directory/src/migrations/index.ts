import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Organizations1764190000000 } from './1764190000000-organizations';
import { Practitioners1764190100000 } from './1764190100000-practitioners';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';
import { OrganizationCoordinates1765000000000 } from './1765000000000-organization-coordinates';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Organizations1764190000000,
  Practitioners1764190100000,
  InboxAgeIndex1764500000000,
  OrganizationCoordinates1765000000000,
];
