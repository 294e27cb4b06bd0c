import { AttachmentEntity } from './attachment.entity';

/** The attachments feature's TypeORM entities (blob chunks and uploads are reached through SQL). */
export const attachmentEntities = [AttachmentEntity];
