import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PatientEntity } from './patient.entity';

@Injectable()
export class PatientRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<PatientEntity | null> {
    return this.dataSource.manager.findOneBy(PatientEntity, { id });
  }

  /** The organization's patient with this CNIC (its blind index), if any. */
  findByBlindIndex(
    organizationId: string,
    cnicBlindIndex: Buffer,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<PatientEntity | null> {
    return manager.findOneBy(PatientEntity, { organizationId, cnicBlindIndex });
  }

  /**
   * The new patient, or null when the organization has one with this CNIC already: the unique index
   * decides (`ON CONFLICT DO NOTHING` waits for a concurrent registration to commit), without a failed
   * statement whose parameters the driver would log.
   */
  async insertUnlessCnicTaken(manager: EntityManager, patient: PatientEntity): Promise<PatientEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(PatientEntity)
      .values(patient)
      .orIgnore()
      .returning('id')
      .execute();
    if ((result.raw as unknown[]).length === 0) return null;
    return manager.findOneByOrFail(PatientEntity, { id: patient.id });
  }
}
