import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhiAuditModule } from '@referral/platform-audit';
import { IdempotencyModule } from '@referral/platform-idempotency';
import { CaseFilesModule } from '../case-files/case-files.module';
import { SpecialistsModule } from '../specialists/specialists.module';
import { CaseFilesClient } from './case-files.client';
import { DeadlineScheduler } from './deadline-scheduler';
import { QueueController } from './queue.controller';
import { SpecialistQueue } from './queue.service';
import { ReferralHistoryEntity } from './referral-history.entity';
import { ReferralMessageEntity } from './referral-message.entity';
import { ReferralReads } from './referral-reads.service';
import { ReferralWorkflow } from './referral-workflow.service';
import { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';
import { ReferralsController } from './referrals.controller';
import { SubmitReferralCommand } from './submit-referral.command';

@Module({
  imports: [
    TypeOrmModule.forFeature([ReferralEntity, ReferralHistoryEntity, ReferralMessageEntity]),
    PhiAuditModule,
    IdempotencyModule,
    CaseFilesModule,
    SpecialistsModule,
  ],
  controllers: [ReferralsController, QueueController],
  providers: [
    ReferralRepository,
    SubmitReferralCommand,
    ReferralWorkflow,
    ReferralReads,
    SpecialistQueue,
    CaseFilesClient,
    DeadlineScheduler,
  ],
  exports: [DeadlineScheduler],
})
export class ReferralsModule {}
