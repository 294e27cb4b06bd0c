import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Auth1764170000000 } from './1764170000000-auth';
import { Idempotency1764175000000 } from './1764175000000-idempotency';
import { IdempotencySealed1764180000000 } from './1764180000000-idempotency-sealed';
import { SigningKeySealed1764180100000 } from './1764180100000-signing-key-sealed';
import { RateLimitWindow1764180200000 } from './1764180200000-rate-limit-window';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';
import { ClientAssertion1765100000000 } from './1765100000000-client-assertion';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Auth1764170000000,
  Idempotency1764175000000,
  IdempotencySealed1764180000000,
  SigningKeySealed1764180100000,
  RateLimitWindow1764180200000,
  InboxAgeIndex1764500000000,
  ClientAssertion1765100000000,
];
