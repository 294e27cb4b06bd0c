import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CaseFileEntity } from '../case-files/case-file.entity';
import { AttachmentEntity } from './attachment.entity';

@Injectable()
export class AttachmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  findCaseFile(id: string, manager: EntityManager = this.dataSource.manager): Promise<CaseFileEntity | null> {
    return manager.findOneBy(CaseFileEntity, { id });
  }

  findOne(caseFileId: string, id: string): Promise<AttachmentEntity | null> {
    return this.dataSource.manager.findOneBy(AttachmentEntity, { id, caseFileId });
  }

  async insert(
    manager: EntityManager,
    attachment: Omit<AttachmentEntity, 'createdAt'>,
  ): Promise<AttachmentEntity> {
    await manager.insert(AttachmentEntity, attachment);
    return manager.findOneByOrFail(AttachmentEntity, { id: attachment.id });
  }
}
