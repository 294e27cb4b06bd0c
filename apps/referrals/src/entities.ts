import { PhiAuditEntryEntity } from '@referral/platform-audit';
import { ReferralHistoryEntity } from './referrals/referral-history.entity';
import { ReferralMessageEntity } from './referrals/referral-message.entity';
import { ReferralEntity } from './referrals/referral.entity';

/** The TypeORM entities of the referrals database. */
export const entities = [ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity, PhiAuditEntryEntity];
