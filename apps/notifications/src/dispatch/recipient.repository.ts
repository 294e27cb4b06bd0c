import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OPEN_HELD_STATUSES, type Candidate } from '@referral/contracts';

/** A practitioner the rules address, as the directory projection knows them. */
export interface Recipient {
  practitionerId: string;
  /** Their organization in the directory. */
  organizationId: string;
  /** ISO 639, in the directory's order. */
  languages: string[];
}

/** A practitioner who might be in a pool, with the facts of the eligibility rule. */
export type PoolCandidate = Recipient & Candidate;

const RECIPIENT_COLUMNS = `p.practitioner_id::text AS "practitionerId", p.organization_id::text AS "organizationId",
       p.languages`;
const OPEN_HELD = OPEN_HELD_STATUSES.map((status) => `'${status}'`).join(', ');

/** The directory projection (`directory_practitioner`, its roles) and the referrals its practitioners hold. */
@Injectable()
export class RecipientRepository {
  /** One practitioner; null when the projection has not heard of them. */
  async practitioner(manager: EntityManager, practitionerId: string): Promise<Recipient | null> {
    const rows: Recipient[] = await manager.query(
      `SELECT ${RECIPIENT_COLUMNS} FROM directory_practitioner p WHERE p.practitioner_id = $1`,
      [practitionerId],
    );
    return rows[0] ?? null;
  }

  /**
   * The active practitioners with an active role in the specialty, with their roles in it
   * (availability as minutes of the week) and the referrals they hold open (`referral_holding`), by
   * id: those the rule may put in the pool (it decides; this only leaves out who cannot pass it).
   */
  poolCandidates(manager: EntityManager, specialtyCode: string): Promise<PoolCandidate[]> {
    return manager.query(
      `SELECT ${RECIPIENT_COLUMNS}, p.active,
              to_char(p.licence_valid_until, 'YYYY-MM-DD') AS "licenceValidUntil",
              (SELECT coalesce(json_agg(json_build_object(
                        'specialtyCode', r.specialty_code, 'organizationId', r.organization_id,
                        'active', r.active, 'maxOpenCases', r.max_open_cases,
                        'availableMinutes', CASE WHEN r.available_minutes IS NULL THEN NULL ELSE
                          (SELECT coalesce(json_agg(json_build_array(lower(m), upper(m)) ORDER BY lower(m)), '[]')
                             FROM unnest(r.available_minutes) AS m) END)), '[]')
                 FROM directory_practitioner_role r
                WHERE r.practitioner_id = p.practitioner_id AND r.specialty_code = $1) AS roles,
              (SELECT count(*)::int FROM referral_holding h
                WHERE h.holder_practitioner_id = p.practitioner_id AND h.status IN (${OPEN_HELD})) AS "openCases"
         FROM directory_practitioner p
        WHERE p.active
          AND p.practitioner_id IN (SELECT r.practitioner_id FROM directory_practitioner_role r
                                     WHERE r.specialty_code = $1 AND r.active)
        ORDER BY p.practitioner_id`,
      [specialtyCode],
    );
  }

  /** The organizations of the active roles of active practitioners in the specialty (its pool's), sorted. */
  async poolOrganizations(manager: EntityManager, specialtyCode: string): Promise<string[]> {
    const rows: { organizationId: string }[] = await manager.query(
      `SELECT DISTINCT r.organization_id::text AS "organizationId"
         FROM directory_practitioner_role r
         JOIN directory_practitioner p ON p.practitioner_id = r.practitioner_id
        WHERE r.specialty_code = $1 AND r.active AND p.active
        ORDER BY 1`,
      [specialtyCode],
    );
    return rows.map((row) => row.organizationId);
  }
}
