import { PlatformTables1764165600000 } from './1764165600000-platform-tables';

/** In order of application. */
export const migrations = [PlatformTables1764165600000];
