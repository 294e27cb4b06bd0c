import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerEntity } from './practitioner.entity';
import { eligibleSearchQuery, type EligibleRoleRow, type EligibleSearch } from './eligible-search.query';

export type PractitionerChanges = Partial<
  Pick<
    PractitionerEntity,
    | 'name'
    | 'pmdcNumber'
    | 'licenceType'
    | 'licenceExpiresOn'
    | 'phone'
    | 'email'
    | 'languages'
    | 'organizationId'
    | 'active'
  >
>;

export type RoleChanges = Partial<Pick<PractitionerRoleEntity, 'maxOpenCases' | 'availability' | 'active'>>;

/** PostgreSQL's error for a unique violation, and the constraint that keeps PMDC numbers unique. */
const UNIQUE_VIOLATION = '23505';
export const PMDC_NUMBER_CONSTRAINT = 'practitioner_pmdc_number_key';
export const ROLE_UNIQUE_CONSTRAINT = 'practitioner_role_unique';

export function violatedUniqueConstraint(error: unknown): string | undefined {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === UNIQUE_VIOLATION ? driverError.constraint : undefined;
}

@Injectable()
export class PractitionerRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PractitionerEntity | null> {
    return manager.findOneBy(PractitionerEntity, { id });
  }

  /** For an update: the row locked until the transaction ends, so concurrent changes queue. */
  findForUpdate(manager: EntityManager, id: string): Promise<PractitionerEntity | null> {
    return manager.findOne(PractitionerEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  rolesOf(practitionerId: string, manager: EntityManager = this.dataSource.manager) {
    return manager.find(PractitionerRoleEntity, {
      where: { practitionerId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  findRole(manager: EntityManager, practitionerId: string, roleId: string) {
    return manager.findOneBy(PractitionerRoleEntity, { id: roleId, practitionerId });
  }

  async specialtyExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM specialty WHERE code = $1', [code]);
    return rows.length > 0;
  }

  async organizationExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM organization WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async pmdcNumberTaken(pmdcNumber: string, exceptId?: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      'SELECT 1 FROM practitioner WHERE pmdc_number = $1 AND id IS DISTINCT FROM $2',
      [pmdcNumber, exceptId ?? null],
    );
    return rows.length > 0;
  }

  async insert(manager: EntityManager, practitioner: PractitionerEntity): Promise<PractitionerEntity> {
    await manager.insert(PractitionerEntity, practitioner);
    return manager.findOneByOrFail(PractitionerEntity, { id: practitioner.id });
  }

  /** Changes the practitioner and copies what search filters on into every one of their roles. */
  async update(
    manager: EntityManager,
    id: string,
    changes: PractitionerChanges,
  ): Promise<PractitionerEntity> {
    if (Object.keys(changes).length > 0) await manager.update(PractitionerEntity, { id }, changes);
    await manager.query(
      `UPDATE practitioner_role r
          SET languages = p.languages, licence_expires_on = p.licence_expires_on,
              practitioner_active = p.active
         FROM practitioner p
        WHERE p.id = $1 AND r.practitioner_id = p.id`,
      [id],
    );
    return manager.findOneByOrFail(PractitionerEntity, { id });
  }

  /** The role with its search columns: the practitioner's, and the availability as minutes of the week. */
  async insertRole(
    manager: EntityManager,
    role: Omit<PractitionerRoleEntity, 'createdAt' | 'updatedAt'>,
    availableMinutes: string | null,
  ): Promise<PractitionerRoleEntity> {
    await manager.query(
      `INSERT INTO practitioner_role
              (id, practitioner_id, specialty_code, organization_id, max_open_cases, active, availability,
               languages, licence_expires_on, practitioner_active, available_minutes)
       SELECT $1, p.id, $3, $4, $5, $6, $7::jsonb, p.languages, p.licence_expires_on, p.active,
              $8::int4multirange
         FROM practitioner p WHERE p.id = $2`,
      [
        role.id,
        role.practitionerId,
        role.specialtyCode,
        role.organizationId,
        role.maxOpenCases,
        role.active,
        JSON.stringify(role.availability),
        availableMinutes,
      ],
    );
    return manager.findOneByOrFail(PractitionerRoleEntity, { id: role.id });
  }

  /** `availableMinutes` is given exactly when the availability changes. */
  async updateRole(
    manager: EntityManager,
    roleId: string,
    changes: RoleChanges,
    availableMinutes?: string | null,
  ): Promise<PractitionerRoleEntity> {
    if (Object.keys(changes).length > 0)
      await manager.update(PractitionerRoleEntity, { id: roleId }, changes);
    if (availableMinutes !== undefined) {
      await manager.query(
        'UPDATE practitioner_role SET available_minutes = $2::int4multirange WHERE id = $1',
        [roleId, availableMinutes],
      );
    }
    return manager.findOneByOrFail(PractitionerRoleEntity, { id: roleId });
  }

  async searchEligible(search: EligibleSearch): Promise<EligibleRoleRow[]> {
    const { text, values } = eligibleSearchQuery(search);
    return this.dataSource.query(text, values);
  }
}
