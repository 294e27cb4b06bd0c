import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  availableMinutesLiteral,
  type PractitionerEventData,
  type PractitionerRoleData,
} from '@referral/contracts';

export type ProjectionOutcome = 'applied' | 'stale';

/**
 * Writes a practitioner snapshot (a `directory.practitioner.v1` event) into `directory_practitioner`
 * and `directory_practitioner_role`: the practitioner is upserted and their roles replaced by the
 * snapshot's, unless the projection already holds a later snapshot (`occurredAt` older than
 * `last_event_at`: stale, nothing written). A snapshot as old as the one held is applied again.
 */
@Injectable()
export class PractitionerProjection {
  async apply(manager: EntityManager, data: PractitionerEventData): Promise<ProjectionOutcome> {
    // The conditional upsert also locks the row: concurrent snapshots of one practitioner serialise.
    const upserted: unknown[] = await manager.query(
      `INSERT INTO directory_practitioner AS p
         (practitioner_id, organization_id, languages, active, licence_valid_until, last_event_at)
       VALUES ($1, $2, $3::text[], $4, $5::date, $6::timestamptz)
       ON CONFLICT (practitioner_id) DO UPDATE SET
         organization_id = EXCLUDED.organization_id,
         languages = EXCLUDED.languages,
         active = EXCLUDED.active,
         licence_valid_until = EXCLUDED.licence_valid_until,
         last_event_at = EXCLUDED.last_event_at
       WHERE p.last_event_at <= EXCLUDED.last_event_at
       RETURNING practitioner_id`,
      [
        data.practitionerId,
        data.organizationId,
        data.languages,
        data.active,
        data.licenceValidUntil,
        data.occurredAt,
      ],
    );
    if (upserted.length === 0) return 'stale';

    const roles = lastOfEachRole(data.roles);
    await manager.query(
      `DELETE FROM directory_practitioner_role WHERE practitioner_id = $1 AND NOT (role_id = ANY($2::uuid[]))`,
      [data.practitionerId, roles.map((role) => role.roleId)],
    );
    if (roles.length > 0) {
      await manager.query(
        `INSERT INTO directory_practitioner_role
           (role_id, practitioner_id, specialty_code, organization_id, max_open_cases, active, available_minutes)
         SELECT r.role_id, $1::uuid, r.specialty_code, r.organization_id, r.max_open_cases, r.active,
                r.available_minutes::int4multirange
           FROM jsonb_to_recordset($2::jsonb) AS r(role_id uuid, specialty_code text, organization_id uuid,
                max_open_cases integer, active boolean, available_minutes text)
         ON CONFLICT (role_id) DO UPDATE SET
           practitioner_id = EXCLUDED.practitioner_id,
           specialty_code = EXCLUDED.specialty_code,
           organization_id = EXCLUDED.organization_id,
           max_open_cases = EXCLUDED.max_open_cases,
           active = EXCLUDED.active,
           available_minutes = EXCLUDED.available_minutes`,
        [
          data.practitionerId,
          JSON.stringify(
            roles.map((role) => ({
              role_id: role.roleId,
              specialty_code: role.specialtyCode,
              organization_id: role.organizationId,
              max_open_cases: role.maxOpenCases,
              active: role.active,
              available_minutes: availableMinutesLiteral(role.availability),
            })),
          ),
        ],
      );
    }
    return 'applied';
  }

  /**
   * The organizations of these practitioners' roles in a specialty (active or not: a role deactivated
   * after its holder took a case still ties the case to its organization), sorted.
   */
  async organizationsOfRoles(
    manager: EntityManager,
    practitionerIds: readonly string[],
    specialtyCode: string,
  ): Promise<string[]> {
    if (practitionerIds.length === 0) return [];
    const rows: { organizationId: string }[] = await manager.query(
      `SELECT DISTINCT organization_id::text AS "organizationId"
         FROM directory_practitioner_role
        WHERE practitioner_id = ANY($1::uuid[]) AND specialty_code = $2
        ORDER BY 1`,
      [practitionerIds, specialtyCode],
    );
    return rows.map((row) => row.organizationId);
  }
}

/** A role listed twice in one snapshot counts once (the last one): one upsert cannot touch a row twice. */
function lastOfEachRole(roles: PractitionerRoleData[]): PractitionerRoleData[] {
  return [...new Map(roles.map((role) => [role.roleId, role])).values()];
}
