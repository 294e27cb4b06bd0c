import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Patients1764200000000 } from './1764200000000-patients';
import { CaseFiles1764200100000 } from './1764200100000-case-files';

/** In order of application. */
export const migrations = [PlatformTables1764165600000, Patients1764200000000, CaseFiles1764200100000];
