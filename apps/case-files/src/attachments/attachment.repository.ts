import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { KeysetPosition } from '@referral/platform-database';
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

  /**
   * A case file's attachments, oldest first (then by id): after `after`, one more than `limit` when
   * another page follows. Compared and ordered at the cursor's precision (milliseconds: `created_at`
   * has microseconds).
   */
  list(caseFileId: string, page: { after?: KeysetPosition; limit: number }): Promise<AttachmentEntity[]> {
    const position = `date_trunc('milliseconds', a.created_at)`;
    const query = this.dataSource.manager
      .createQueryBuilder(AttachmentEntity, 'a')
      .where('a.case_file_id = :caseFileId', { caseFileId });
    if (page.after) {
      query.andWhere(`(${position}, a.id) > (:afterAt::timestamptz, :afterId::uuid)`, {
        afterAt: page.after.createdAt.toISOString(),
        afterId: page.after.id,
      });
    }
    return query
      .orderBy(position, 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(page.limit + 1)
      .getMany();
  }

  async insert(
    manager: EntityManager,
    attachment: Omit<AttachmentEntity, 'createdAt'>,
  ): Promise<AttachmentEntity> {
    await manager.insert(AttachmentEntity, attachment);
    return manager.findOneByOrFail(AttachmentEntity, { id: attachment.id });
  }
}
