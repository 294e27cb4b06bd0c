/** The eligible-specialist search: the service and `bench/directory-search.ts` run this same SQL. */
export interface EligibleSearch {
  specialtyCode: string;
  /** ISO 639 code the practitioner must speak. */
  language?: string;
  /** Minute of the week (Asia/Karachi) the role must be available at; absent: at any time. */
  availableAt?: number;
  /** Today in Asia/Karachi (`YYYY-MM-DD`): licences that expired before it are excluded. */
  today: string;
  /** Keyset: only roles with a greater id. */
  afterRoleId?: string;
  /** Rows to return at most. */
  limit: number;
}

export interface EligibleRoleRow {
  roleId: string;
  practitionerId: string;
  name: string;
  specialtyCode: string;
  organizationId: string;
  languages: string[];
  maxOpenCases: number;
  licenceType: 'provisional' | 'full';
  licenceExpiresOn: string;
  availability: { day: string; start: string; end: string }[];
}

/**
 * Eligible = role active, practitioner active (both in the partial index's predicate), licence not
 * expired, specialty, language and availability as asked; in role id order. The inner query finds
 * the page's ids from `practitioner_role_eligible` alone (its INCLUDE columns answer every filter);
 * only those rows are then read with their practitioner.
 */
export function eligibleSearchQuery(search: EligibleSearch): { text: string; values: unknown[] } {
  const values: unknown[] = [search.specialtyCode, search.today];
  const where = ['specialty_code = $1', 'active', 'practitioner_active', 'licence_expires_on >= $2::date'];
  if (search.language !== undefined) {
    values.push(search.language);
    where.push(`languages @> ARRAY[$${values.length}::text]`);
  }
  if (search.availableAt !== undefined) {
    values.push(search.availableAt);
    where.push(`(available_minutes IS NULL OR available_minutes @> $${values.length}::int4)`);
  }
  if (search.afterRoleId !== undefined) {
    values.push(search.afterRoleId);
    where.push(`id > $${values.length}::uuid`);
  }
  values.push(search.limit);
  const text = `
    SELECT r.id AS "roleId", r.practitioner_id AS "practitionerId", p.name,
           r.specialty_code AS "specialtyCode", r.organization_id AS "organizationId", r.languages,
           r.max_open_cases AS "maxOpenCases", p.licence_type AS "licenceType",
           to_char(r.licence_expires_on, 'YYYY-MM-DD') AS "licenceExpiresOn", r.availability
      FROM (SELECT id FROM practitioner_role
             WHERE ${where.join('\n               AND ')}
             ORDER BY id
             LIMIT $${values.length}) AS eligible
      JOIN practitioner_role r ON r.id = eligible.id
      JOIN practitioner p ON p.id = r.practitioner_id
     ORDER BY r.id`;
  return { text, values };
}
