import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Patients1764200000000 } from './1764200000000-patients';
import { CaseFiles1764200100000 } from './1764200100000-case-files';
import { AccessGrants1764200200000 } from './1764200200000-access-grants';
import { Attachments1764200300000 } from './1764200300000-attachments';
import { PatientAgeStatedOn1764200400000 } from './1764200400000-patient-age-stated-on';
import { PatientCnicKeyIndex1764200500000 } from './1764200500000-patient-cnic-key-index';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Patients1764200000000,
  CaseFiles1764200100000,
  AccessGrants1764200200000,
  Attachments1764200300000,
  PatientAgeStatedOn1764200400000,
  PatientCnicKeyIndex1764200500000,
  InboxAgeIndex1764500000000,
];
