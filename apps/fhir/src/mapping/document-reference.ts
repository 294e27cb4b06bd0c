import type { DocumentReference } from '@medplum/fhirtypes';
import type { AttachmentResource, CaseFileResource, ReferralResource } from '@referral/contracts';
import { documentId } from './document-id';

/** Whose file it is: the case file itself, or a referral on it (which also gives the ServiceRequest). */
type Owner = Pick<CaseFileResource, 'id' | 'patientId'> | ReferralResource;

const isReferral = (owner: Owner): owner is ReferralResource => 'caseFileId' in owner;

/**
 * An attachment of a case file as a FHIR DocumentReference (`current`: our attachments are never
 * replaced), its id the case file's and the attachment's together (`documentId`: a download needs
 * both). The content is the Binary of that id, with the type detected from the bytes, the size, and
 * the description as title; the context's encounter is the case file (as a ServiceRequest's). No `hash`: R4's Attachment.hash is SHA-1 and we keep
 * only SHA-256 (the download's ETag); a SHA-1 would have to be computed from the bytes on every read,
 * and a SHA-256 under that name would fail every client that checks it. The subject is the patient;
 * from a referral, the context is related to its ServiceRequest too (a referral stored without a
 * patient id has no subject).
 */
export function toDocumentReference(owner: Owner, attachment: AttachmentResource): DocumentReference {
  const patientId = owner.patientId;
  const id = documentId({ caseFileId: attachment.caseFileId, attachmentId: attachment.id });
  const related = isReferral(owner) ? { related: [{ reference: `ServiceRequest/${owner.id}` }] } : {};
  return {
    resourceType: 'DocumentReference',
    id,
    meta: { lastUpdated: attachment.createdAt },
    status: 'current',
    ...(patientId ? { subject: { reference: `Patient/${patientId}` } } : {}),
    date: attachment.createdAt,
    ...(attachment.description ? { description: attachment.description } : {}),
    content: [
      {
        attachment: {
          contentType: attachment.contentType,
          url: `Binary/${id}`,
          size: attachment.size,
          ...(attachment.description ? { title: attachment.description } : {}),
          creation: attachment.createdAt,
        },
      },
    ],
    context: { encounter: [{ reference: `Encounter/${attachment.caseFileId}` }], ...related },
  };
}
