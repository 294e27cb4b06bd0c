// class-transformer's @Type reads design-time types through the Reflect metadata API.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../event-definition';
import { TOPICS } from '../topics';
import { IsOmittable, IsSpecialtyCode, IsUtcInstant } from '../validators';
import { SAMPLE_IDS } from './sample-ids';

/** FHIR Task status, the subset a referral uses. */
export const REFERRAL_STATUSES = [
  'draft',
  'requested',
  'received',
  'accepted',
  'rejected',
  'in-progress',
  'on-hold',
  'cancelled',
  'completed',
  'failed',
  'entered-in-error',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Where the e-consult is (FHIR Task businessStatus). */
export const REFERRAL_STAGES = [
  'pool',
  'assigned',
  'claimed',
  'answering',
  'clarification-requested',
  'consult-provided',
  'closed',
  'converted',
  'declined',
  'cancelled',
  'escalated',
] as const;
export type ReferralStage = (typeof REFERRAL_STAGES)[number];

/** What the specialist advises in a consult (the `recommendation` of `POST …/consult`). */
export const RECOMMENDATIONS = ['manage-locally', 'in-person-referral', 'urgent-transfer'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const REFERRAL_PRIORITIES = ['routine', 'urgent'] as const;
export type ReferralPriority = (typeof REFERRAL_PRIORITIES)[number];

/** Who caused the change; absent when the system did (deadlines, escalation). */
export class ReferralActorData {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  clientId: string;

  @IsOmittable()
  @IsUUID()
  practitionerId?: string;

  @IsOmittable()
  @IsUUID()
  organizationId?: string;
}

/** The referral after the change: ids, codes and states only — the question stays in the referrals service. */
export class ReferralEventData {
  @IsUUID()
  referralId: string;

  @IsIn(REFERRAL_STATUSES)
  status: ReferralStatus;

  @IsIn(REFERRAL_STAGES)
  stage: ReferralStage;

  @IsIn(REFERRAL_PRIORITIES)
  priority: ReferralPriority;

  @IsSpecialtyCode()
  specialtyCode: string;

  @IsUUID()
  caseFileId: string;

  @IsUUID()
  referringOrganizationId: string;

  @IsOmittable()
  @IsUUID()
  referringPractitionerId?: string;

  @IsOptional()
  @IsUUID()
  targetPractitionerId?: string | null;

  @IsOptional()
  @IsUUID()
  holderPractitionerId?: string | null;

  /** Who held it until this change took it from them (release, answer deadline, redirect, decline). */
  @IsOmittable()
  @IsUUID()
  previousHolderPractitionerId?: string;

  /**
   * ISO 639 code of a language whoever takes it must speak, when the referral requires one: the
   * notifications service offers a pool referral only to those who may take it.
   */
  @IsOmittable()
  @Matches(/^[a-z]{2,3}$/, { message: '$property must be an ISO 639 code' })
  requiredLanguage?: string;

  @IsOmittable()
  @IsUtcInstant()
  claimDueAt?: string;

  @IsOmittable()
  @IsUtcInstant()
  answerDueAt?: string;

  @IsUtcInstant()
  occurredAt: string;

  @IsOmittable()
  @ValidateNested()
  @Type(() => ReferralActorData)
  actor?: ReferralActorData;

  @IsOmittable()
  @IsString()
  @MaxLength(500)
  reason?: string;

  /**
   * On `referral.consult_provided` only: the advice's recommendation code (never its text), which the
   * referrals service's report counts as the outcome. Added in issue 17: consumers upgrade first.
   */
  @IsOmittable()
  @IsIn(RECOMMENDATIONS)
  recommendation?: Recommendation;
}

const clinician: ReferralActorData = {
  clientId: 'rhu-chakwal-emr',
  practitionerId: SAMPLE_IDS.referringPractitioner,
  organizationId: SAMPLE_IDS.clinicOrganization,
};
const specialist: ReferralActorData = {
  clientId: 'specialist-app',
  practitionerId: SAMPLE_IDS.specialist,
  organizationId: SAMPLE_IDS.hospitalOrganization,
};
const coordinator: ReferralActorData = {
  clientId: 'hub-coordination-desk',
  practitionerId: SAMPLE_IDS.coordinator,
  organizationId: SAMPLE_IDS.hospitalOrganization,
};

// Deadline and escalation events have no actor: the system caused them.
const pending: ReferralEventData = {
  referralId: SAMPLE_IDS.referral,
  status: 'requested',
  stage: 'pool',
  priority: 'routine',
  specialtyCode: 'dermatology',
  caseFileId: SAMPLE_IDS.caseFile,
  referringOrganizationId: SAMPLE_IDS.clinicOrganization,
  referringPractitionerId: SAMPLE_IDS.referringPractitioner,
  targetPractitionerId: null,
  holderPractitionerId: null,
  claimDueAt: '2025-03-04T09:15:00.000Z',
  answerDueAt: '2025-03-10T09:15:00.000Z',
  occurredAt: '2025-03-03T09:15:00.000Z',
};
const submitted: ReferralEventData = { ...pending, actor: clinician };
const held: ReferralEventData = { ...submitted, holderPractitionerId: SAMPLE_IDS.specialist };

function referralEvent<const TType extends string>(
  type: TType,
  description: string,
  sample: ReferralEventData,
) {
  return defineEvent({ type, topic: TOPICS.referral, payload: ReferralEventData, sample, description });
}

export const REFERRAL_EVENTS = [
  referralEvent(
    'referral.submitted',
    'A clinic submitted a referral to a specialty pool or a named specialist.',
    submitted,
  ),
  referralEvent('referral.claimed', 'A specialist claimed the referral from the pool; they now hold it.', {
    ...held,
    status: 'received',
    stage: 'claimed',
    occurredAt: '2025-03-03T11:02:41.318Z',
    actor: specialist,
  }),
  referralEvent('referral.released', 'The holder gave the referral back to the pool.', {
    ...submitted,
    previousHolderPractitionerId: SAMPLE_IDS.specialist,
    occurredAt: '2025-03-03T12:20:05.004Z',
    actor: specialist,
    reason: 'On leave until next week',
  }),
  referralEvent('referral.accepted', 'The holder started answering.', {
    ...held,
    status: 'in-progress',
    stage: 'answering',
    occurredAt: '2025-03-03T11:05:12.770Z',
    actor: specialist,
  }),
  referralEvent('referral.declined', 'The holder or the target specialist declined the referral.', {
    ...held,
    status: 'rejected',
    stage: 'declined',
    occurredAt: '2025-03-03T11:40:00.125Z',
    actor: specialist,
    reason: 'wrong-specialty',
  }),
  referralEvent('referral.assigned', 'A coordinator assigned the referral to a specialist.', {
    ...submitted,
    stage: 'assigned',
    targetPractitionerId: SAMPLE_IDS.specialist,
    occurredAt: '2025-03-03T10:00:00.000Z',
    actor: coordinator,
  }),
  referralEvent('referral.redirected', 'The referral was sent to another specialty or specialist.', {
    ...submitted,
    specialtyCode: 'internal-medicine',
    occurredAt: '2025-03-03T10:30:00.000Z',
    actor: coordinator,
    reason: 'Systemic symptoms; internal medicine first',
  }),
  referralEvent('referral.clarification_requested', 'The holder asked the referrer for more information.', {
    ...held,
    status: 'on-hold',
    stage: 'clarification-requested',
    occurredAt: '2025-03-03T11:30:00.000Z',
    actor: specialist,
  }),
  referralEvent('referral.clarification_provided', 'The referrer answered the clarification request.', {
    ...held,
    status: 'in-progress',
    stage: 'answering',
    answerDueAt: '2025-03-10T13:45:00.000Z',
    occurredAt: '2025-03-03T14:00:00.000Z',
    actor: clinician,
  }),
  referralEvent('referral.consult_provided', 'The holder sent their advice.', {
    ...held,
    status: 'in-progress',
    stage: 'consult-provided',
    recommendation: 'manage-locally',
    occurredAt: '2025-03-04T08:12:09.551Z',
    actor: specialist,
  }),
  referralEvent('referral.closed', 'The referrer closed the referral with feedback.', {
    ...held,
    status: 'completed',
    stage: 'closed',
    occurredAt: '2025-03-04T10:00:00.000Z',
    actor: clinician,
  }),
  referralEvent('referral.converted', 'The holder converted the e-consult into an in-person referral.', {
    ...held,
    status: 'completed',
    stage: 'converted',
    occurredAt: '2025-03-04T08:20:00.000Z',
    actor: specialist,
    reason: 'Needs a skin biopsy',
  }),
  referralEvent('referral.cancelled', 'The referrer cancelled the referral before completion.', {
    ...submitted,
    status: 'cancelled',
    stage: 'cancelled',
    occurredAt: '2025-03-03T09:40:00.000Z',
    reason: 'Patient travelled to the district hospital',
  }),
  referralEvent('referral.claim_overdue', 'Nobody claimed the referral before its claim deadline.', {
    ...pending,
    priority: 'urgent',
    stage: 'escalated',
    claimDueAt: '2025-03-03T13:15:00.000Z',
    answerDueAt: '2025-03-04T09:15:00.000Z',
    occurredAt: '2025-03-03T13:15:00.210Z',
  }),
  referralEvent(
    'referral.answer_overdue',
    'The holder did not answer before the answer deadline: the referral went back to the pool.',
    {
      ...pending,
      previousHolderPractitionerId: SAMPLE_IDS.specialist,
      claimDueAt: '2025-03-11T09:15:00.180Z',
      answerDueAt: '2025-03-17T09:15:00.180Z',
      occurredAt: '2025-03-10T09:15:00.180Z',
    },
  ),
  referralEvent(
    'referral.escalated',
    'Coordinators were alerted and the pool was widened after a missed deadline.',
    {
      ...pending,
      priority: 'urgent',
      stage: 'escalated',
      claimDueAt: '2025-03-03T13:15:00.000Z',
      answerDueAt: '2025-03-04T09:15:00.000Z',
      occurredAt: '2025-03-03T13:15:01.002Z',
      reason: 'claim deadline missed',
    },
  ),
];

/** `referral.submitted`, `referral.claimed`, …: every type the referrals service publishes. */
export type ReferralEventType = (typeof REFERRAL_EVENTS)[number]['type'];
