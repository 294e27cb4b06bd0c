import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import {
  REFERRAL_PRIORITIES,
  REFERRAL_STAGES,
  REFERRAL_STATUSES,
  type ReferralPriority,
} from '../events/referral.events';

/** `POST /v1/referrals`: a clinic asks a specialty (or a named specialist) about a case file. */
export class SubmitReferralRequest {
  @ApiProperty({ format: 'uuid', example: '6f1c2a9e-4b7d-4e0a-9c3f-2d8e5b1a7c40' })
  @IsUUID()
  caseFileId: string;

  @ApiProperty({ example: 'dermatology', description: 'Kebab-case specialty code' })
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'specialtyCode must be a kebab-case specialty code' })
  specialtyCode: string;

  @ApiProperty({ enum: REFERRAL_PRIORITIES, example: 'routine' })
  @IsIn(REFERRAL_PRIORITIES)
  priority: ReferralPriority;

  @ApiProperty({
    example: 'Itchy annular rash on the forearm for 3 weeks; tinea or eczema?',
    minLength: 1,
    maxLength: 4000,
  })
  @IsString()
  @Length(1, 4000)
  question: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Send to this specialist directly instead of the specialty pool',
  })
  @IsOptional()
  @IsUUID()
  targetPractitionerId?: string;

  @ApiProperty({
    example: false,
    description: 'Whether the specialist may convert the e-consult into an in-person referral',
  })
  @IsBoolean()
  allowConversion: boolean;
}

/** A referral as the API shows it (FHIR Task status plus our workflow `stage`). */
export class ReferralResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REFERRAL_STATUSES }) status: string;
  @ApiProperty({ enum: REFERRAL_STAGES }) stage: string;
  @ApiProperty({ enum: REFERRAL_PRIORITIES }) priority: string;
  @ApiProperty({ example: 'dermatology' }) specialtyCode: string;
  @ApiProperty() question: string;
  @ApiProperty({ format: 'uuid' }) caseFileId: string;
  @ApiProperty({ format: 'uuid' }) referringOrganizationId: string;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) referringPractitionerId: string | null;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) targetPractitionerId: string | null;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) holderPractitionerId: string | null;
  @ApiProperty() allowConversion: boolean;
  @ApiProperty({ format: 'date-time' }) claimDueAt: string;
  @ApiProperty({ format: 'date-time' }) answerDueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
