import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  availableMinutesLiteral,
  type PractitionerEventData,
  type PractitionerRoleData,
} from '@referral/contracts';

export type ProjectionOutcome = 'applied' | 'stale';

/**
 * Writes a practitioner snapshot (a `directory.practitioner.v1` event) into `specialist` and
 * `specialist_role`: the practitioner is upserted and their roles replaced by the snapshot's, unless
 * the projection already holds a later snapshot (`occurredAt` older than `last_event_at`: stale,
 * nothing written). A snapshot as old as the one held is applied again (same content, or a change
 * made within the same millisecond, which the directory orders by key).
 */
@Injectable()
export class SpecialistProjection {
  async apply(manager: EntityManager, data: PractitionerEventData): Promise<ProjectionOutcome> {
    // The conditional upsert also locks the row: concurrent snapshots of one practitioner serialise.
    const upserted: unknown[] = await manager.query(
      `INSERT INTO specialist AS s
         (practitioner_id, organization_id, languages, licence_valid_until, licence_type, active, last_event_at)
       VALUES ($1, $2, $3::text[], $4::date, $5, $6, $7::timestamptz)
       ON CONFLICT (practitioner_id) DO UPDATE SET
         organization_id = EXCLUDED.organization_id,
         languages = EXCLUDED.languages,
         licence_valid_until = EXCLUDED.licence_valid_until,
         licence_type = EXCLUDED.licence_type,
         active = EXCLUDED.active,
         last_event_at = EXCLUDED.last_event_at
       WHERE s.last_event_at <= EXCLUDED.last_event_at
       RETURNING practitioner_id`,
      [
        data.practitionerId,
        data.organizationId,
        data.languages,
        data.licenceValidUntil,
        data.licenceType,
        data.active,
        data.occurredAt,
      ],
    );
    if (upserted.length === 0) return 'stale';

    const roles = lastOfEachRole(data.roles);
    await manager.query(
      `DELETE FROM specialist_role WHERE practitioner_id = $1 AND NOT (role_id = ANY($2::uuid[]))`,
      [data.practitionerId, roles.map((role) => role.roleId)],
    );
    if (roles.length > 0) {
      const rows = roles.map((role) => ({
        role_id: role.roleId,
        specialty_code: role.specialtyCode,
        organization_id: role.organizationId,
        max_open_cases: role.maxOpenCases,
        active: role.active,
        availability: role.availability.map(({ day, start, end }) => ({ day, start, end })),
        available_minutes: availableMinutesLiteral(role.availability),
      }));
      await manager.query(
        `INSERT INTO specialist_role
           (role_id, practitioner_id, specialty_code, organization_id, max_open_cases, active, availability,
            available_minutes)
         SELECT r.role_id, $1::uuid, r.specialty_code, r.organization_id, r.max_open_cases, r.active, r.availability,
                r.available_minutes::int4multirange
           FROM jsonb_to_recordset($2::jsonb) AS r(role_id uuid, specialty_code text, organization_id uuid,
                max_open_cases integer, active boolean, availability jsonb, available_minutes text)
         ON CONFLICT (role_id) DO UPDATE SET
           practitioner_id = EXCLUDED.practitioner_id,
           specialty_code = EXCLUDED.specialty_code,
           organization_id = EXCLUDED.organization_id,
           max_open_cases = EXCLUDED.max_open_cases,
           active = EXCLUDED.active,
           availability = EXCLUDED.availability,
           available_minutes = EXCLUDED.available_minutes`,
        [data.practitionerId, JSON.stringify(rows)],
      );
    }
    return 'applied';
  }
}

/** A role listed twice in one snapshot counts once (the last one): one upsert cannot touch a row twice. */
function lastOfEachRole(roles: PractitionerRoleData[]): PractitionerRoleData[] {
  return [...new Map(roles.map((role) => [role.roleId, role])).values()];
}
