import { Module } from '@nestjs/common';
import { CaseFileAccess } from '../case-files/case-file-access';
import { AccessGrantRepository } from './access-grant.repository';
import { KeepAccessGrant } from './keep-access-grant.handler';
import { ReferralEventsConsumer } from './referral-events.consumer';

/**
 * Specialists' read access to case files, kept from referral events; exports the access check that
 * every case-file route (case files, attachments) goes through, and the grants (patients read through
 * them).
 */
@Module({
  controllers: [ReferralEventsConsumer],
  providers: [AccessGrantRepository, CaseFileAccess, KeepAccessGrant],
  exports: [CaseFileAccess, AccessGrantRepository],
})
export class AccessGrantsModule {}
