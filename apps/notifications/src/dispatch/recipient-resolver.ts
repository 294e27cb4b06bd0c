import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { karachiDate, karachiMinuteOfWeek } from '@referral/contracts';

/** A practitioner the rules address, as the directory projection knows them. */
export interface Recipient {
  practitionerId: string;
  /** Their organization in the directory. */
  organizationId: string;
  /** ISO 639, in the directory's order. */
  languages: string[];
}

const RECIPIENT_COLUMNS = `p.practitioner_id::text AS "practitionerId", p.organization_id::text AS "organizationId",
       p.languages`;

/** Turns the rules' audiences into practitioners and organizations, from the directory projection. */
@Injectable()
export class RecipientResolver {
  /** One practitioner; null when the projection has not heard of them. */
  async practitioner(manager: EntityManager, practitionerId: string): Promise<Recipient | null> {
    const rows: Recipient[] = await manager.query(
      `SELECT ${RECIPIENT_COLUMNS} FROM directory_practitioner p WHERE p.practitioner_id = $1`,
      [practitionerId],
    );
    return rows[0] ?? null;
  }

  /**
   * The specialists who could take a referral of the specialty from the pool: active, licence valid
   * today (Asia/Karachi), an active role in the specialty — and unless `widened`, inside one of that
   * role's availability windows now (no windows: always available).
   */
  async pool(
    manager: EntityManager,
    specialtyCode: string,
    options: { widened: boolean; now: Date },
  ): Promise<Recipient[]> {
    return manager.query(
      `SELECT ${RECIPIENT_COLUMNS}
         FROM directory_practitioner p
        WHERE p.active
          AND (p.licence_valid_until IS NULL OR p.licence_valid_until >= $2::date)
          AND EXISTS (SELECT 1 FROM directory_practitioner_role r
                       WHERE r.practitioner_id = p.practitioner_id AND r.specialty_code = $1 AND r.active
                         AND ($3 OR r.available_minutes IS NULL OR r.available_minutes @> $4::int4))
        ORDER BY p.practitioner_id`,
      [specialtyCode, karachiDate(options.now), options.widened, karachiMinuteOfWeek(options.now)],
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
