import { PlatformTables1764165600000 } from './1764165600000-platform-tables';
import { Notifications1764165800000 } from './1764165800000-notifications';
import { DirectoryProjection1764230000000 } from './1764230000000-directory-projection';
import { Webhooks1764230100000 } from './1764230100000-webhooks';
import { OutboundMessages1764300000000 } from './1764300000000-outbound-messages';
import { PreferencesAndDispatch1764310000000 } from './1764310000000-preferences-and-dispatch';
import { Recipients1764320000000 } from './1764320000000-recipients';
import { RetentionIndexes1764400000000 } from './1764400000000-retention-indexes';
import { DirectoryOrganizations1764400100000 } from './1764400100000-directory-organizations';
import { MessageRetries1764400100100 } from './1764400100100-message-retries';
import { InboxAgeIndex1764500000000 } from './1764500000000-inbox-age-index';
import { MessageAttemptLease1764500200000 } from './1764500200000-message-attempt-lease';
import { PoolEligibility1764600000000 } from './1764600000000-pool-eligibility';
import { WebhookPayload1764700000000 } from './1764700000000-webhook-payload';
import { WebhookHeaders1764700000100 } from './1764700000100-webhook-headers';
import { TraceContext1764900000000 } from './1764900000000-trace-context';

/** In order of application. */
export const migrations = [
  PlatformTables1764165600000,
  Notifications1764165800000,
  DirectoryProjection1764230000000,
  Webhooks1764230100000,
  OutboundMessages1764300000000,
  PreferencesAndDispatch1764310000000,
  Recipients1764320000000,
  RetentionIndexes1764400000000,
  DirectoryOrganizations1764400100000,
  MessageRetries1764400100100,
  InboxAgeIndex1764500000000,
  MessageAttemptLease1764500200000,
  PoolEligibility1764600000000,
  WebhookPayload1764700000000,
  WebhookHeaders1764700000100,
  TraceContext1764900000000,
];
