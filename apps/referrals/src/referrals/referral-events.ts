import type { ReferralEventData } from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import type { ReferralEntity } from './referral.entity';

/**
 * The event payload of a referral after a change (`referrals.referral.v1`): ids, codes, states and
 * deadlines, never the question or anything about the patient. `actor` absent: the system did it.
 */
export function toReferralEventData(
  referral: ReferralEntity,
  occurredAt: Date,
  actor: Caller | null,
  reason?: string | null,
  previousHolderPractitionerId?: string | null,
): ReferralEventData {
  return {
    referralId: referral.id,
    status: referral.status,
    stage: referral.stage,
    priority: referral.priority,
    specialtyCode: referral.specialtyCode,
    caseFileId: referral.caseFileId,
    referringOrganizationId: referral.referringOrganizationId,
    ...(referral.referringPractitionerId && { referringPractitionerId: referral.referringPractitionerId }),
    ...(referral.requiredLanguage && { requiredLanguage: referral.requiredLanguage }),
    targetPractitionerId: referral.targetPractitionerId,
    holderPractitionerId: referral.holderPractitionerId,
    ...(previousHolderPractitionerId &&
      previousHolderPractitionerId !== referral.holderPractitionerId && { previousHolderPractitionerId }),
    claimDueAt: referral.claimDueAt.toISOString(),
    answerDueAt: referral.answerDueAt.toISOString(),
    occurredAt: occurredAt.toISOString(),
    ...(actor && {
      actor: {
        clientId: actor.clientId,
        ...(actor.practitionerId && { practitionerId: actor.practitionerId }),
        organizationId: actor.organizationId,
      },
    }),
    ...(reason && { reason: reason.slice(0, 500) }),
  };
}
