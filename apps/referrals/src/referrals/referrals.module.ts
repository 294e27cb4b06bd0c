import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhiAuditModule } from '@referral/platform-audit';
import { ReferralHistoryEntity } from './referral-history.entity';
import { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';
import { ReferralsController } from './referrals.controller';
import { SubmitReferralCommand } from './submit-referral.command';

@Module({
  imports: [TypeOrmModule.forFeature([ReferralEntity, ReferralHistoryEntity]), PhiAuditModule],
  controllers: [ReferralsController],
  providers: [ReferralRepository, SubmitReferralCommand],
})
export class ReferralsModule {}
