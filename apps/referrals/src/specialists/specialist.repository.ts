import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_HELD_STATUSES, type Candidate, UUID_SHAPE } from '@referral/contracts';

/** A candidate, by practitioner. */
export interface SpecialistCandidate extends Candidate {
  practitionerId: string;
}

const OPEN_HELD = OPEN_HELD_STATUSES.map((status) => `'${status}'`).join(', ');

/**
 * The facts of the eligibility rule (libs/contracts `eligibility`) for the specialists `s`: the
 * projection's row, their roles in the specialty `$1` (availability as minutes of the week), and the
 * referrals they hold open in this service (served by `referral_by_holder`).
 */
const CANDIDATE_COLUMNS = `
       s.practitioner_id::text AS "practitionerId", s.active,
       to_char(s.licence_valid_until, 'YYYY-MM-DD') AS "licenceValidUntil", s.languages,
       (SELECT coalesce(json_agg(json_build_object(
                 'specialtyCode', r.specialty_code, 'organizationId', r.organization_id, 'active', r.active,
                 'maxOpenCases', r.max_open_cases,
                 'availableMinutes', CASE WHEN r.available_minutes IS NULL THEN NULL ELSE
                   (SELECT coalesce(json_agg(json_build_array(lower(m), upper(m)) ORDER BY lower(m)), '[]')
                      FROM unnest(r.available_minutes) AS m) END)), '[]')
          FROM specialist_role r
         WHERE r.practitioner_id = s.practitioner_id AND r.specialty_code = $1) AS roles,
       (SELECT count(*)::int FROM referral f
         WHERE f.holder_practitioner_id = s.practitioner_id AND f.status IN (${OPEN_HELD})) AS "openCases"`;

/**
 * This service's projection of the directory (`specialist`, `specialist_role`, kept by
 * SpecialistProjection) as eligibility reads it. Every method runs on the caller's transaction when
 * given its EntityManager, else on its own connection.
 */
@Injectable()
export class SpecialistRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One practitioner's facts for a referral of the specialty; null when the projection has not heard of them. */
  async candidate(
    practitionerId: string,
    specialtyCode: string,
    manager?: EntityManager,
  ): Promise<SpecialistCandidate | null> {
    if (!UUID_SHAPE.test(practitionerId)) return null;
    const rows: SpecialistCandidate[] = await this.on(manager).query(
      `SELECT ${CANDIDATE_COLUMNS} FROM specialist s WHERE s.practitioner_id = $2`,
      [specialtyCode, practitionerId],
    );
    return rows[0] ?? null;
  }

  /**
   * The facts of the active specialists with an active role in the specialty, by id: those the rule
   * may find in its pool (it decides; this only leaves out who cannot pass it).
   */
  candidatesFor(specialtyCode: string, manager?: EntityManager): Promise<SpecialistCandidate[]> {
    return this.on(manager).query(
      `SELECT ${CANDIDATE_COLUMNS}
         FROM specialist s
        WHERE s.active
          AND s.practitioner_id IN (SELECT r.practitioner_id FROM specialist_role r
                                     WHERE r.specialty_code = $1 AND r.active)
        ORDER BY s.practitioner_id`,
      [specialtyCode],
    );
  }

  /**
   * Locks the specialist's row until the caller's transaction ends.
   * @returns false when the practitioner is not in the projection (nothing locked)
   */
  async lock(practitionerId: string, manager: EntityManager): Promise<boolean> {
    if (!UUID_SHAPE.test(practitionerId)) return false;
    const rows: unknown[] = await manager.query(
      `SELECT practitioner_id FROM specialist WHERE practitioner_id = $1 FOR UPDATE`,
      [practitionerId],
    );
    return rows.length > 0;
  }

  /** The organizations of the active roles of active specialists in the specialty, sorted. */
  async poolOrganizations(specialtyCode: string, manager?: EntityManager): Promise<string[]> {
    const rows: { organizationId: string }[] = await this.on(manager).query(
      `SELECT DISTINCT r.organization_id::text AS "organizationId"
         FROM specialist_role r
         JOIN specialist s ON s.practitioner_id = r.practitioner_id
        WHERE r.specialty_code = $1 AND r.active AND s.active
        ORDER BY 1`,
      [specialtyCode],
    );
    return rows.map((row) => row.organizationId);
  }

  private on(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
