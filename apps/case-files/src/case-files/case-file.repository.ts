import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { CaseFileContent } from './case-file-content';
import { CaseFileVersionEntity } from './case-file-version.entity';
import { CaseFileEntity } from './case-file.entity';

/** Who writes a version: the API client and, when the token names one, the practitioner. */
export interface CaseFileAuthor {
  clientId: string;
  practitionerId: string | null;
}

@Injectable()
export class CaseFileRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<CaseFileEntity | null> {
    return this.dataSource.manager.findOneBy(CaseFileEntity, { id });
  }

  /** For a change: the row locked until the transaction ends, so concurrent changes queue behind it. */
  findForUpdate(manager: EntityManager, id: string): Promise<CaseFileEntity | null> {
    return manager.findOne(CaseFileEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findVersion(caseFileId: string, version: number): Promise<CaseFileVersionEntity | null> {
    return this.dataSource.manager.findOneBy(CaseFileVersionEntity, { caseFileId, version });
  }

  /** The patient's organization, or null when there is no such patient. */
  async organizationOfPatient(manager: EntityManager, patientId: string): Promise<string | null> {
    const rows: { organization_id: string }[] = await manager.query(
      'SELECT organization_id FROM patient WHERE id = $1 FOR SHARE',
      [patientId],
    );
    return rows[0]?.organization_id ?? null;
  }

  /** The case file at version 1, and its first version row. */
  async insert(
    manager: EntityManager,
    caseFile: Pick<CaseFileEntity, 'id' | 'patientId' | 'organizationId' | 'content'>,
    author: CaseFileAuthor,
  ): Promise<CaseFileEntity> {
    await manager.query(
      `INSERT INTO case_file (id, patient_id, organization_id, version, content, created_by_client_id,
                              created_by_practitioner_id)
       VALUES ($1, $2, $3, 1, $4::jsonb, $5, $6)`,
      [
        caseFile.id,
        caseFile.patientId,
        caseFile.organizationId,
        JSON.stringify(caseFile.content),
        author.clientId,
        author.practitionerId,
      ],
    );
    await this.insertVersion(manager, caseFile.id, 1, caseFile.content, author);
    return manager.findOneByOrFail(CaseFileEntity, { id: caseFile.id });
  }

  /**
   * The next version, written only when the case file is still at `expectedVersion`; null otherwise.
   * The caller holds the row lock, so the condition is a second guard, not the only one.
   */
  async update(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    content: CaseFileContent,
    author: CaseFileAuthor,
  ): Promise<CaseFileEntity | null> {
    const rows: { version: number }[] = await manager.query(
      `UPDATE case_file SET version = version + 1, content = $3::jsonb, updated_at = now()
        WHERE id = $1 AND version = $2
        RETURNING version`,
      [id, expectedVersion, JSON.stringify(content)],
    );
    // TypeORM gives an UPDATE … RETURNING as [rows, count].
    const updated = (Array.isArray(rows[0]) ? rows[0] : rows) as unknown as { version: number }[];
    if (updated.length === 0) return null;
    await this.insertVersion(manager, id, updated[0].version, content, author);
    return manager.findOneByOrFail(CaseFileEntity, { id });
  }

  private async insertVersion(
    manager: EntityManager,
    caseFileId: string,
    version: number,
    content: CaseFileContent,
    author: CaseFileAuthor,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO case_file_version (case_file_id, version, content, changed_by_client_id,
                                      changed_by_practitioner_id)
       VALUES ($1, $2, $3::jsonb, $4, $5)`,
      [caseFileId, version, JSON.stringify(content), author.clientId, author.practitionerId],
    );
  }
}
