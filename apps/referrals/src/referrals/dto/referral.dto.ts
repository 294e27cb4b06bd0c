import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_PRIORITIES, REFERRAL_STAGES, REFERRAL_STATUSES } from '@referral/contracts';
import type { ReferralEntity } from '../referral.entity';

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ enum: REFERRAL_STAGES }) stage: string;
  @ApiProperty({ enum: REFERRAL_PRIORITIES }) priority: string;
  @ApiProperty() specialtyCode: string;
  @ApiProperty() question: string;
  @ApiProperty({ format: 'uuid' }) caseFileId: string;
  @ApiProperty({ format: 'uuid' }) referringOrganizationId: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) referringPractitionerId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) targetPractitionerId: string | null;
  @ApiPropertyOptional({ format: 'uuid', nullable: true }) holderPractitionerId: string | null;
  @ApiProperty() allowConversion: boolean;
  @ApiProperty({ format: 'date-time' }) claimDueAt: string;
  @ApiProperty({ format: 'date-time' }) answerDueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(referral: ReferralEntity): ReferralDto {
    return {
      id: referral.id,
      status: referral.status,
      stage: referral.stage,
      priority: referral.priority,
      specialtyCode: referral.specialtyCode,
      question: referral.question,
      caseFileId: referral.caseFileId,
      referringOrganizationId: referral.referringOrganizationId,
      referringPractitionerId: referral.referringPractitionerId,
      targetPractitionerId: referral.targetPractitionerId,
      holderPractitionerId: referral.holderPractitionerId,
      allowConversion: referral.allowConversion,
      claimDueAt: referral.claimDueAt.toISOString(),
      answerDueAt: referral.answerDueAt.toISOString(),
      createdAt: referral.createdAt.toISOString(),
      updatedAt: referral.updatedAt.toISOString(),
    };
  }
}
