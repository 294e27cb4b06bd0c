import type { MessageResource, QueueItem, ReferralHistoryEntry, ReferralResource } from '@referral/contracts';
import type { ReferralHistoryEntity } from './referral-history.entity';
import type { ReferralMessageEntity } from './referral-message.entity';
import type { QueueRow } from './referral.repository';
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

export function toHistoryEntry(entry: ReferralHistoryEntity): ReferralHistoryEntry {
  return {
    at: entry.at.toISOString(),
    actor: {
      clientId: entry.actorClientId,
      practitionerId: entry.actorPractitionerId,
      organizationId: entry.actorOrganizationId,
    },
    action: entry.action,
    fromStatus: entry.fromStatus,
    toStatus: entry.toStatus,
    fromStage: entry.fromStage,
    toStage: entry.toStage,
    reason: entry.reason,
  };
}

export function toMessageResource(message: ReferralMessageEntity): MessageResource {
  return {
    id: message.id,
    kind: message.kind,
    text: message.text,
    attachmentIds: message.attachmentIds,
    side: message.side,
    authorPractitionerId: message.authorPractitionerId,
    authorOrganizationId: message.authorOrganizationId,
    createdAt: message.createdAt.toISOString(),
  };
}

export function toQueueItem(row: QueueRow): QueueItem {
  return {
    referralId: row.referralId,
    specialtyCode: row.specialtyCode,
    priority: row.priority,
    question: row.question,
    ageBand: row.ageBand,
    sex: row.sex,
    stage: row.stage,
    claimDueAt: new Date(row.claimDueAt).toISOString(),
    answerDueAt: new Date(row.answerDueAt).toISOString(),
    createdAt: new Date(row.createdAt).toISOString(),
  };
}
