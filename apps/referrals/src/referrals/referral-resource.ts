import type { ReferralResource } from '@referral/contracts';
import type { ReferralEntity } from './referral.entity';

export function toReferralResource(referral: ReferralEntity): ReferralResource {
  return {
    id: referral.id,
    status: referral.status,
    stage: referral.stage,
    priority: referral.priority,
    specialtyCode: referral.specialtyCode,
    question: referral.question,
    caseFileId: referral.caseFileId,
    patientId: referral.patientId,
    referringOrganizationId: referral.referringOrganizationId,
    referringPractitionerId: referral.referringPractitionerId,
    targetPractitionerId: referral.targetPractitionerId,
    holderPractitionerId: referral.holderPractitionerId,
    allowConversion: referral.allowConversion,
    requiredLanguage: referral.requiredLanguage,
    claimDueAt: referral.claimDueAt.toISOString(),
    answerDueAt: referral.answerDueAt.toISOString(),
    createdAt: referral.createdAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
    consult: referral.consult,
  };
}
