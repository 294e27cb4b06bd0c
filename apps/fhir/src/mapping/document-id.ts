import { compoundId, readCompoundId } from './compound-id';

/**
 * The FHIR id of a case file's attachment (its DocumentReference and its Binary share it). Our
 * download needs the case file as well as the attachment (`/v1/case-files/{id}/attachments/{attachmentId}`)
 * and the facade keeps no table of attachments, so the id carries both: the compound id of the case
 * file and the attachment (`compound-id.ts`: each UUID in 26 lowercase base32 characters, joined by a
 * dot, 53 in all; as a Communication's, the owner first).
 */
export interface DocumentKey {
  caseFileId: string;
  attachmentId: string;
}

export const documentId = (key: DocumentKey): string => compoundId(key.caseFileId, key.attachmentId);

/** The case file and attachment an id names; undefined for anything `documentId` does not give (a 404). */
export function readDocumentId(id: string): DocumentKey | undefined {
  const ids = readCompoundId(id);
  return ids && { caseFileId: ids.owner, attachmentId: ids.item };
}
