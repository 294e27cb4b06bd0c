import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  isKnownSpecialty,
  karachiDate,
  karachiMinuteOfWeek,
  SPECIALTY_CODES,
  type SpecialtyCode,
} from '@referral/contracts';

/** The statuses of a referral its holder is working on: what counts against their capacity. */
export const OPEN_HELD_STATUSES = ['received', 'in-progress', 'on-hold'] as const;

export type IneligibleReason = 'unknown' | 'inactive' | 'licence-expired' | 'no-role' | 'language';

export interface EligibilityCriteria {
  specialtyCode: string;
  /** ISO 639 code the specialist must speak (the referring clinic's, where required); null, undefined or '': none required. */
  language?: string | null;
  /** The current instant: "today" (Asia/Karachi) for the licence. Passed in so that tests can move the clock. */
  now: Date;
}

export interface EligibilityResult {
  /** Known, active, licence valid today (Asia/Karachi), an active role in the specialty, speaks the language. */
  eligible: boolean;
  /** The first rule that failed, in this order: unknown, inactive, licence-expired, no-role, language. */
  reason?: IneligibleReason;
  /** openCases >= maxOpenCases (always true without an active role in the specialty). Not part of `eligible`. */
  atCapacity: boolean;
  /** Referrals they hold in received, in-progress or on-hold (any specialty). */
  openCases: number;
  /** The largest `maxOpenCases` of their active roles in the specialty; 0 without one. */
  maxOpenCases: number;
  /** The organizations of their active roles in the specialty, sorted. */
  organizationIds: string[];
}

export interface EligibleSpecialistsQuery {
  language?: string | null;
  /** Only specialists with an active role in the specialty available at this instant (its Karachi day and time). */
  availableAt?: Date;
  /** The current instant (licence validity). */
  now: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN_HELD = OPEN_HELD_STATUSES.map((status) => `'${status}'`).join(', ');
/** Open held cases of the practitioner whose id is the SQL expression `holder` (served by `referral_by_holder`). */
const openCasesOf = (holder: string) =>
  `(SELECT count(*)::int FROM referral f WHERE f.holder_practitioner_id = ${holder} AND f.status IN (${OPEN_HELD}))`;

/**
 * Who may take a referral, from this service's projection of the directory (`specialist`,
 * `specialist_role`) and its own referrals (capacity). Every method runs on the caller's transaction
 * when given its EntityManager, else on its own connection; none reads the clock.
 */
@Injectable()
export class Eligibility {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether one practitioner may take a referral of a specialty, and how many cases they hold. */
  async check(
    practitionerId: string,
    criteria: EligibilityCriteria,
    manager?: EntityManager,
  ): Promise<EligibilityResult> {
    const unknown: EligibilityResult = {
      eligible: false,
      reason: 'unknown',
      atCapacity: true,
      openCases: 0,
      maxOpenCases: 0,
      organizationIds: [],
    };
    if (!UUID.test(practitionerId)) return unknown;
    const rows: {
      active: boolean;
      licenceValid: boolean;
      speaksLanguage: boolean;
      maxOpenCases: number | null;
      organizationIds: string[];
      openCases: number;
    }[] = await this.on(manager).query(
      `SELECT s.active,
              s.licence_valid_until >= $3::date AS "licenceValid",
              ($4::text IS NULL OR $4::text = ANY (s.languages)) AS "speaksLanguage",
              roles.max_open_cases AS "maxOpenCases",
              roles.organization_ids AS "organizationIds",
              ${openCasesOf('s.practitioner_id')} AS "openCases"
         FROM specialist s
        CROSS JOIN LATERAL (
              SELECT max(r.max_open_cases) AS max_open_cases,
                     coalesce(array_agg(DISTINCT r.organization_id::text ORDER BY r.organization_id::text),
                              '{}') AS organization_ids
                FROM specialist_role r
               WHERE r.practitioner_id = s.practitioner_id AND r.specialty_code = $2 AND r.active) AS roles
        WHERE s.practitioner_id = $1`,
      [practitionerId, criteria.specialtyCode, karachiDate(criteria.now), criteria.language || null],
    );
    if (rows.length === 0) return unknown;
    const [row] = rows;
    const maxOpenCases = row.maxOpenCases ?? 0;
    const reason: IneligibleReason | undefined = !row.active
      ? 'inactive'
      : !row.licenceValid
        ? 'licence-expired'
        : row.maxOpenCases === null
          ? 'no-role'
          : !row.speaksLanguage
            ? 'language'
            : undefined;
    return {
      eligible: reason === undefined,
      ...(reason && { reason }),
      atCapacity: row.openCases >= maxOpenCases,
      openCases: row.openCases,
      maxOpenCases,
      organizationIds: row.organizationIds,
    };
  }

  /**
   * Locks the specialist's row until the caller's transaction ends, so that two claims by one
   * specialist count their capacity one after the other: call it first, then `check` (READ COMMITTED,
   * PostgreSQL's default: the count after the lock sees the other claim once it committed).
   * @returns false when the practitioner is not in the projection (nothing locked)
   */
  async lockForClaim(practitionerId: string, manager: EntityManager): Promise<boolean> {
    if (!UUID.test(practitionerId)) return false;
    const rows: unknown[] = await manager.query(
      `SELECT practitioner_id FROM specialist WHERE practitioner_id = $1 FOR UPDATE`,
      [practitionerId],
    );
    return rows.length > 0;
  }

  /**
   * The organizations of the active roles of active specialists in the specialty ("the pool's
   * organizations": their coordinators see the pool's referrals), sorted.
   */
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

  /**
   * The practitioners who could take a referral of the specialty now: eligible (as `check`) and under
   * capacity, and when `availableAt` is given, inside a window of one of their active roles in the
   * specialty (no windows: always available). Sorted by id.
   */
  async eligibleSpecialists(
    specialtyCode: string,
    query: EligibleSpecialistsQuery,
    manager?: EntityManager,
  ): Promise<string[]> {
    const values: unknown[] = [specialtyCode, karachiDate(query.now)];
    const where = ['s.active', 's.licence_valid_until >= $2::date'];
    if (query.language) {
      values.push(query.language);
      where.push(`$${values.length}::text = ANY (s.languages)`);
    }
    let available = '';
    if (query.availableAt) {
      values.push(karachiMinuteOfWeek(query.availableAt));
      available = `, bool_or(r.available_minutes IS NULL OR r.available_minutes @> $${values.length}::int4) AS available`;
      where.push('roles.available');
    }
    where.push(`${openCasesOf('roles.practitioner_id')} < roles.max_open_cases`);
    const rows: { practitionerId: string }[] = await this.on(manager).query(
      `SELECT roles.practitioner_id::text AS "practitionerId"
         FROM (SELECT r.practitioner_id, max(r.max_open_cases) AS max_open_cases${available}
                 FROM specialist_role r
                WHERE r.specialty_code = $1 AND r.active
                GROUP BY r.practitioner_id) AS roles
         JOIN specialist s ON s.practitioner_id = roles.practitioner_id
        WHERE ${where.join('\n          AND ')}
        ORDER BY roles.practitioner_id`,
      values,
    );
    return rows.map((row) => row.practitionerId);
  }

  /** The specialty codes of the contract (there is no specialty event: SPECIALTY_CODES of libs/contracts). */
  specialtiesKnown(): readonly SpecialtyCode[] {
    return SPECIALTY_CODES;
  }

  isKnownSpecialty(code: unknown): code is SpecialtyCode {
    return isKnownSpecialty(code);
  }

  private on(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }
}
