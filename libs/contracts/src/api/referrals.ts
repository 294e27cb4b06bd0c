import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import {
  RECOMMENDATIONS,
  REFERRAL_PRIORITIES,
  REFERRAL_STAGES,
  REFERRAL_STATUSES,
  type ReferralPriority,
} from '../events/referral.events';
import { NextCursor, PageCursor, PageLimit } from './page';

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

  @ApiPropertyOptional({
    example: 'sd',
    description:
      'ISO 639 code of a language the specialist must speak (e.g. the patient’s, for a call); only specialists who speak it are eligible',
  })
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/, { message: 'requiredLanguage must be an ISO 639 code' })
  requiredLanguage?: string;
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
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) patientId: string | null;
  @ApiProperty({ format: 'uuid' }) referringOrganizationId: string;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) referringPractitionerId: string | null;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) targetPractitionerId: string | null;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) holderPractitionerId: string | null;
  @ApiProperty() allowConversion: boolean;
  @ApiProperty({ type: 'string', nullable: true, example: null }) requiredLanguage: string | null;
  @ApiProperty({ format: 'date-time' }) claimDueAt: string;
  @ApiProperty({ format: 'date-time' }) answerDueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    type: () => ConsultResource,
    nullable: true,
    description: 'The specialist’s advice, once given',
  })
  consult: ConsultResource | null;
}

/** `GET /v1/referrals` filters and page (newest first). */
export class ListReferralsQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, example: 'requested' })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: string;

  @ApiPropertyOptional({ enum: REFERRAL_STAGES, example: 'pool' })
  @IsOptional()
  @IsIn(REFERRAL_STAGES)
  stage?: string;

  @ApiPropertyOptional({ example: 'dermatology' })
  @IsOptional()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'specialty must be a kebab-case specialty code' })
  specialty?: string;

  @ApiPropertyOptional({ enum: REFERRAL_PRIORITIES, example: 'urgent' })
  @IsOptional()
  @IsIn(REFERRAL_PRIORITIES)
  priority?: string;

  @PageLimit()
  limit?: number;

  @PageCursor('MjAyNS0wMy0wM1QwOToxNTowMC4wMDBa')
  cursor?: string;
}

export class ReferralPage {
  @ApiProperty({ type: [ReferralResource] }) items: ReferralResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** One transition of a referral. */
export class ReferralHistoryActor {
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: 'cl_specialist_app',
    description: 'null: the system (deadlines)',
  })
  clientId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) practitionerId: string | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) organizationId: string | null;
}

export class ReferralHistoryEntry {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: ReferralHistoryActor }) actor: ReferralHistoryActor;
  @ApiProperty({ example: 'claim' }) action: string;
  @ApiProperty({ type: 'string', nullable: true, enum: REFERRAL_STATUSES }) fromStatus: string | null;
  @ApiProperty({ enum: REFERRAL_STATUSES }) toStatus: string;
  @ApiProperty({ type: 'string', nullable: true, enum: REFERRAL_STAGES }) fromStage: string | null;
  @ApiProperty({ enum: REFERRAL_STAGES }) toStage: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'On leave until next week' }) reason: string | null;
}

export class ReferralHistory {
  @ApiProperty({ type: [ReferralHistoryEntry], description: 'Oldest first' }) items: ReferralHistoryEntry[];
  @NextCursor()
  nextCursor: string | null;
}

/** `GET /v1/queue`: a claimable referral without who the patient is. */
export class QueueItem {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ example: 'dermatology' }) specialtyCode: string;
  @ApiProperty({ enum: REFERRAL_PRIORITIES }) priority: string;
  @ApiProperty({ example: 'Itchy annular rash on the forearm for 3 weeks; tinea or eczema?' })
  question: string;
  @ApiProperty({ example: '25-44', enum: ['0-4', '5-14', '15-24', '25-44', '45-64', '65+', 'unknown'] })
  ageBand: string;
  @ApiProperty({ enum: ['female', 'male', 'other', 'unknown'] }) sex: string;
  @ApiProperty({ enum: ['pool', 'escalated', 'assigned'], description: '`assigned`: to you' }) stage: string;
  @ApiProperty({ format: 'date-time' }) claimDueAt: string;
  @ApiProperty({ format: 'date-time' }) answerDueAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class QueuePage {
  @ApiProperty({ type: [QueueItem], description: 'Urgent first, then earliest claimDueAt, then referralId' })
  items: QueueItem[];
  @NextCursor()
  nextCursor: string | null;
}

export class QueueQuery {
  @ApiPropertyOptional({
    example: 'dermatology',
    description: 'One of your specialties; all of them when absent',
  })
  @IsOptional()
  @Matches(/^[a-z]+(-[a-z]+)*$/, { message: 'specialty must be a kebab-case specialty code' })
  specialty?: string;

  @PageLimit()
  limit?: number;

  @PageCursor('WzAsIjIwMjYtMDMtMDNUMDk6MTU6MDAuMDAwWiIsIjBmNmQ4YjJlLTJmMWQtNGE5Ni05YjIzLTNkNmE0YjNjMmUxZiJd')
  cursor?: string;
}

/** `POST …/release`, `…/cancel`: why. */
export class ReasonRequest {
  @ApiProperty({ example: 'On leave until next week', minLength: 1, maxLength: 500 })
  @IsString()
  @Length(1, 500)
  reason: string;
}

/** `POST …/convert`. */
export class ConvertReferralRequest {
  @ApiPropertyOptional({ example: 'Needs a biopsy', maxLength: 500 })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export const DECLINE_REASONS = [
  'out-of-scope',
  'wrong-specialty',
  'needs-in-person',
  'insufficient-information',
  'other',
] as const;

export class DeclineReferralRequest {
  @ApiProperty({ enum: DECLINE_REASONS, example: 'wrong-specialty' })
  @IsIn(DECLINE_REASONS)
  reason: (typeof DECLINE_REASONS)[number];

  @ApiPropertyOptional({ example: 'Looks like psoriasis: rheumatology first', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  note?: string;
}

export class AssignReferralRequest {
  @ApiProperty({ format: 'uuid', example: '0d3f6c1a-7b2e-4c9d-8e5f-1a2b3c4d5e6f' })
  @IsUUID()
  practitionerId: string;
}

export class ConsultRequest {
  @ApiProperty({
    example: 'Tinea corporis, typical annular lesion with central clearing',
    minLength: 1,
    maxLength: 8000,
  })
  @IsString()
  @Length(1, 8000)
  assessment: string;

  @ApiProperty({
    example: 'Topical terbinafine twice daily for 2 weeks; review if not better',
    minLength: 1,
    maxLength: 8000,
  })
  @IsString()
  @Length(1, 8000)
  advice: string;

  @ApiProperty({ enum: RECOMMENDATIONS, example: 'manage-locally' })
  @IsIn(RECOMMENDATIONS)
  recommendation: (typeof RECOMMENDATIONS)[number];

  @ApiPropertyOptional({ minimum: 1, maximum: 365, example: 14 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  followUpInDays?: number;
}

export class CloseReferralRequest {
  @ApiProperty({ example: true, description: 'Did the advice answer the question?' })
  @IsBoolean()
  questionAnswered: boolean;

  @ApiPropertyOptional({ example: true, description: 'Was the patient spared a journey?' })
  @IsOptional()
  @IsBoolean()
  travelAvoided?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 5, example: 5 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiPropertyOptional({ example: 'Clear advice, thank you', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  comment?: string;
}

export const MESSAGE_KINDS = [
  'clarification-request',
  'clarification-response',
  'follow-up',
  'note',
] as const;

export class PostMessageRequest {
  @ApiProperty({ enum: MESSAGE_KINDS, example: 'clarification-request' })
  @IsIn(MESSAGE_KINDS)
  kind: (typeof MESSAGE_KINDS)[number];

  @ApiProperty({
    example: 'Is the rash itchy at night? A close-up photo would help.',
    minLength: 1,
    maxLength: 8000,
  })
  @IsString()
  @Length(1, 8000)
  text: string;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    example: [],
    description: 'Attachments of the case file',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class MessageResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MESSAGE_KINDS }) kind: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String], format: 'uuid' }) attachmentIds: string[];
  @ApiProperty({ enum: ['referrer', 'specialist'] }) side: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) authorPractitionerId: string | null;
  @ApiProperty({ format: 'uuid' }) authorOrganizationId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MessageThread {
  @ApiProperty({ type: [MessageResource], description: 'Oldest first (then by id)' })
  items: MessageResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** The consult and close-out, once given. */
export class ConsultResource {
  @ApiProperty() assessment: string;
  @ApiProperty() advice: string;
  @ApiProperty({ enum: RECOMMENDATIONS }) recommendation: string;
  @ApiProperty({ type: 'integer', nullable: true }) followUpInDays: number | null;
  @ApiProperty({ format: 'uuid' }) practitionerId: string;
  @ApiProperty({ format: 'date-time' }) providedAt: string;
}
