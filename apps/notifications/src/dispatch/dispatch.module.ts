import { Module } from '@nestjs/common';
import { ContactDirectory } from '../contacts/contact-directory';
import { MessagingModule } from '../messaging/messaging.module';
import { DispatchWorker } from './dispatch-worker';
import { DispatchRepository } from './dispatch.repository';
import { HeldReferralProjection } from './held-referral-projection';
import { NotifyReferralChange } from './notify-referral-change.handler';
import { RecipientResolver } from './recipient-resolver';
import { RecipientRepository } from './recipient.repository';
import { ReferralNotifierConsumer } from './referral-notifier.consumer';

/**
 * The rules at work: referral events become inbox entries and scheduled SMS/email (the consumer and its
 * use case, NotifyReferralChange), and scheduled messages are sent (the worker), to the people the
 * rules name — a pool by the eligibility rule of libs/contracts.
 */
@Module({
  imports: [MessagingModule],
  controllers: [ReferralNotifierConsumer],
  providers: [
    NotifyReferralChange,
    HeldReferralProjection,
    RecipientResolver,
    RecipientRepository,
    DispatchRepository,
    ContactDirectory,
    DispatchWorker,
  ],
  exports: [DispatchWorker],
})
export class DispatchModule {}
