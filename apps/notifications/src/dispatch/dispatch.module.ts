import { Module } from '@nestjs/common';
import { ContactDirectory } from '../contacts/contact-directory';
import { MessagingModule } from '../messaging/messaging.module';
import { DispatchWorker } from './dispatch-worker';
import { RecipientResolver } from './recipient-resolver';
import { ReferralNotifierConsumer } from './referral-notifier.consumer';

/**
 * The rules at work: referral events become inbox entries and scheduled SMS/email (the consumer), and
 * scheduled messages are sent (the worker), to the people the rules name.
 */
@Module({
  imports: [MessagingModule],
  controllers: [ReferralNotifierConsumer],
  providers: [RecipientResolver, ContactDirectory, DispatchWorker],
  exports: [DispatchWorker],
})
export class DispatchModule {}
