import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { REFERRAL_PRIORITIES, type ReferralPriority } from '@referral/contracts';

export class SubmitReferralDto {
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
    maxLength: 4000,
  })
  @IsString()
  @Length(1, 4000)
  question: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  targetPractitionerId?: string;

  @ApiProperty({ example: false })
  @IsBoolean()
  allowConversion: boolean;
}
