import type { AttachmentResource } from '@referral/contracts';
import type { AttachmentEntity } from './attachment.entity';

/** An attachment as the API shows it: what was detected and computed at upload, never where it is stored. */
export const toAttachmentResource = (attachment: AttachmentEntity): AttachmentResource => ({
  id: attachment.id,
  caseFileId: attachment.caseFileId,
  contentType: attachment.contentType,
  size: attachment.size,
  sha256: attachment.sha256,
  description: attachment.description,
  createdAt: attachment.createdAt.toISOString(),
});
