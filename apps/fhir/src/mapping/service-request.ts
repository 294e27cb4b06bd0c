import type { Organization, Practitioner, Reference, ServiceRequest } from '@medplum/fhirtypes';
import type { ReferralResource } from '@referral/contracts';
import { EXTENSIONS } from './extensions';
import { SYSTEMS } from './systems';

/**
 * The request's own status (FHIR request-status) from the referral's: active while it waits or is
 * worked on (a clarification awaited holds the Task, not the request), completed once answered and
 * closed or converted, revoked when it ended unanswered (declined, cancelled, failed: none of these is
 * left again).
 */
const REQUEST_STATUS: Record<string, ServiceRequest['status']> = {
  draft: 'draft',
  requested: 'active',
  received: 'active',
  accepted: 'active',
  'in-progress': 'active',
  'on-hold': 'active',
  completed: 'completed',
  rejected: 'revoked',
  cancelled: 'revoked',
  failed: 'revoked',
  'entered-in-error': 'entered-in-error',
};

/**
 * A referral as the FHIR ServiceRequest of what is asked: the patient, who asks (the referring
 * practitioner, else the organization), the specialty asked as `performerType` (our specialty code
 * system), the priority, and the clinical question as the reason for referral. A referral stored
 * before patients were linked to it names no patient id: its subject is then a display only (FHIR
 * requires a subject; a reference with a display alone is valid). The case file is the `encounter`
 * (the clinic visit the question comes from); what has no element is in our extensions.
 *
 * `attachmentIds` are the case file's attachments (the case-files service's internal summary,
 * `GET /v1/case-files/{id}/summary`, lists them, as the referrals service reads them when a message
 * names one): the supporting information, as the DocumentReferences of the same ids. The referral does
 * not hold them, so without them there is no supportingInfo.
 */
export function toServiceRequest(
  referral: ReferralResource,
  attachmentIds: readonly string[] = [],
): ServiceRequest {
  const requester: Reference<Practitioner> | Reference<Organization> = referral.referringPractitionerId
    ? { reference: `Practitioner/${referral.referringPractitionerId}` }
    : { reference: `Organization/${referral.referringOrganizationId}` };
  return {
    resourceType: 'ServiceRequest',
    id: referral.id,
    meta: { lastUpdated: referral.updatedAt },
    extension: [
      { url: EXTENSIONS.allowConversion, valueBoolean: referral.allowConversion },
      ...(referral.requiredLanguage
        ? [{ url: EXTENSIONS.requiredLanguage, valueCode: referral.requiredLanguage }]
        : []),
    ],
    identifier: [{ system: SYSTEMS.referralId, value: referral.id }],
    status: REQUEST_STATUS[referral.status] ?? 'unknown',
    intent: 'order',
    priority: referral.priority === 'urgent' ? 'urgent' : 'routine',
    subject: referral.patientId
      ? { reference: `Patient/${referral.patientId}` }
      : { display: 'Patient not linked to this referral' },
    encounter: { reference: `Encounter/${referral.caseFileId}` },
    authoredOn: referral.createdAt,
    requester,
    performerType: { coding: [{ system: SYSTEMS.specialty, code: referral.specialtyCode }] },
    ...(referral.holderPractitionerId
      ? { performer: [{ reference: `Practitioner/${referral.holderPractitionerId}` }] }
      : {}),
    reasonCode: [{ text: referral.question }],
    ...(attachmentIds.length > 0
      ? { supportingInfo: attachmentIds.map((id) => ({ reference: `DocumentReference/${id}` })) }
      : {}),
  };
}
