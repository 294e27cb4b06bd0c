import type { Caller } from '@referral/platform-auth';

/**
 * Who sees a referral (API.md, "Who sees referrals") as one SQL condition on the alias `r`, so that a
 * list and a read of one referral answer alike:
 * - clinicians of the referring organization;
 * - the holder and the target practitioner (eligible specialists see the pool only through the queue);
 * - coordinators of the organization of the target's or holder's role, and of the pool's organizations
 *   (the organizations of the active roles of active specialists in the referral's specialty);
 * - partner clients of the referring organization or of the holder's role's organization;
 * - admin: every referral.
 * A caller with several roles sees what each of them sees. `param` binds a value and returns its
 * placeholder. Null: the caller sees no referral at all.
 */
export function visibleTo(caller: Caller, param: (value: unknown) => string): string | null {
  if (caller.roles.includes('admin')) return 'TRUE';
  const conditions: string[] = [];
  const org = () => param(caller.organizationId);
  if (caller.roles.includes('clinician')) conditions.push(`r.referring_organization_id = ${org()}`);
  if (caller.roles.includes('specialist') && caller.practitionerId) {
    const practitioner = param(caller.practitionerId);
    conditions.push(
      `r.holder_practitioner_id = ${practitioner}`,
      `r.target_practitioner_id = ${practitioner}`,
    );
  }
  if (caller.roles.includes('coordinator')) conditions.push(coordinatedBy(org()));
  if (caller.roles.includes('partner')) {
    const organization = org();
    conditions.push(
      `r.referring_organization_id = ${organization}`,
      `r.holder_practitioner_id IN (SELECT hr.practitioner_id FROM specialist_role hr
                                      WHERE hr.organization_id = ${organization}
                                        AND hr.specialty_code = r.specialty_code)`,
    );
  }
  return conditions.length ? `(${conditions.join(' OR ')})` : null;
}

/** The organization (a placeholder) coordinates the referral `r`: its pool, or its target's or holder's role. */
export function coordinatedBy(organization: string): string {
  return `EXISTS (SELECT 1 FROM specialist_role cr
                    JOIN specialist cs ON cs.practitioner_id = cr.practitioner_id
                   WHERE cr.organization_id = ${organization}
                     AND cr.specialty_code = r.specialty_code
                     AND ((cr.active AND cs.active)
                          OR cr.practitioner_id = r.holder_practitioner_id
                          OR cr.practitioner_id = r.target_practitioner_id))`;
}

/** Named parameters for a query builder: `const p = namedParameters(); qb.where(sql(p.bind(x)), p.values)`. */
export function namedParameters(prefix = 'v') {
  const values: Record<string, unknown> = {};
  let count = 0;
  return {
    values,
    bind(value: unknown): string {
      const name = `${prefix}${++count}`;
      values[name] = value;
      return `:${name}`;
    },
  };
}
