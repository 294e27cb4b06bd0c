import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganizationEventData, PractitionerEventData, ReferralEventData } from '@referral/contracts';
import { coordinatedBy } from '../referrals/referral-visibility';
import type { Point, ReportedReferral } from './report-figures';
import type { ReportReferralState } from './report-referral';

const COLUMNS: ReadonlyArray<[keyof ReportReferralState, string]> = [
  ['referralId', 'referral_id'],
  ['specialtyCode', 'specialty_code'],
  ['priority', 'priority'],
  ['referringOrganizationId', 'referring_organization_id'],
  ['holderPractitionerId', 'holder_practitioner_id'],
  ['targetPractitionerId', 'target_practitioner_id'],
  ['submittedAt', 'submitted_at'],
  ['claimedAt', 'claimed_at'],
  ['firstAnsweredAt', 'first_answered_at'],
  ['answeredInTime', 'answered_in_time'],
  ['answerDeadlineMissed', 'answer_deadline_missed'],
  ['clarificationRequested', 'clarification_requested'],
  ['recommendation', 'recommendation'],
  ['recommendationAt', 'recommendation_at'],
  ['convertedAt', 'converted_at'],
  ['declinedAt', 'declined_at'],
  ['cancelledAt', 'cancelled_at'],
  ['lastEventAt', 'last_event_at'],
];

const SELECT_STATE = `SELECT ${COLUMNS.map(([key, column]) => `${column} AS "${key}"`).join(', ')}
  FROM report_referral WHERE referral_id = $1 FOR UPDATE`;

// A row to lock first: two events of one referral handled at once (a rebalance) queue on it.
const ENSURE = `INSERT INTO report_referral
    (referral_id, specialty_code, priority, referring_organization_id, last_event_at)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT (referral_id) DO NOTHING RETURNING referral_id`;

const SAVE = `UPDATE report_referral SET ${COLUMNS.slice(1)
  .map(([, column], index) => `${column} = $${index + 2}`)
  .join(', ')} WHERE referral_id = $1`;

// The newest snapshot wins; the same instant is applied again.
const APPLY_ORGANIZATION = `INSERT INTO report_organization AS o
    (organization_id, district, latitude, longitude, active, last_event_at)
  VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (organization_id) DO UPDATE SET
    district = EXCLUDED.district, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
    active = EXCLUDED.active, last_event_at = EXCLUDED.last_event_at
  WHERE o.last_event_at <= EXCLUDED.last_event_at`;

const APPLY_PRACTITIONER = `INSERT INTO report_practitioner AS p (practitioner_id, active, last_event_at)
  VALUES ($1, $2, $3)
  ON CONFLICT (practitioner_id) DO UPDATE SET active = EXCLUDED.active, last_event_at = EXCLUDED.last_event_at
  WHERE p.last_event_at <= EXCLUDED.last_event_at
  RETURNING practitioner_id`;

export interface ReportFilter {
  from: Date;
  to: Date;
  specialty?: string;
  district?: string;
  /** Only the referrals this organization coordinates (as `GET /v1/referrals` shows a coordinator). */
  coordinatedBy?: string;
}

/** The report projection's tables (`report_*`): written by the `reports` consumer group, read by the report. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The referral's state, locked until the transaction ends; null when no event of it was seen. */
  async lockReferral(manager: EntityManager, data: ReferralEventData): Promise<ReportReferralState | null> {
    const created = await manager.query(ENSURE, [
      data.referralId,
      data.specialtyCode,
      data.priority,
      data.referringOrganizationId,
      data.occurredAt,
    ]);
    if (created.length) return null;
    const [row] = (await manager.query(SELECT_STATE, [data.referralId])) as ReportReferralState[];
    return row;
  }

  async saveReferral(manager: EntityManager, state: ReportReferralState): Promise<void> {
    await manager.query(
      SAVE,
      COLUMNS.map(([key]) => state[key]),
    );
  }

  async applyOrganization(manager: EntityManager, data: OrganizationEventData): Promise<void> {
    const located = data.latitude !== undefined && data.longitude !== undefined;
    await manager.query(APPLY_ORGANIZATION, [
      data.organizationId,
      data.district,
      located ? data.latitude : null,
      located ? data.longitude : null,
      data.active,
      data.occurredAt,
    ]);
  }

  /** The practitioner's snapshot replaces their roles, unless a newer one is held. */
  async applyPractitioner(manager: EntityManager, data: PractitionerEventData): Promise<void> {
    const applied = await manager.query(APPLY_PRACTITIONER, [data.practitionerId, data.active, data.occurredAt]);
    if (!applied.length) return;
    await manager.query(`DELETE FROM report_practitioner_role WHERE practitioner_id = $1`, [
      data.practitionerId,
    ]);
    if (!data.roles.length) return;
    await manager.query(
      `INSERT INTO report_practitioner_role (role_id, practitioner_id, organization_id, specialty_code, active)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::boolean[])
       ON CONFLICT (role_id) DO UPDATE SET practitioner_id = EXCLUDED.practitioner_id,
         organization_id = EXCLUDED.organization_id, specialty_code = EXCLUDED.specialty_code,
         active = EXCLUDED.active`,
      [
        data.roles.map((r) => r.roleId),
        data.roles.map(() => data.practitionerId),
        data.roles.map((r) => r.organizationId),
        data.roles.map((r) => r.specialtyCode),
        data.roles.map((r) => r.active),
      ],
    );
  }

  /** The referrals submitted in [from, to) that match the filter, with their referring organization's place. */
  async referrals(filter: ReportFilter): Promise<ReportedReferral[]> {
    const values: unknown[] = [filter.from, filter.to];
    const param = (value: unknown) => `$${values.push(value)}`;
    const conditions = ['r.submitted_at >= $1', 'r.submitted_at < $2'];
    if (filter.specialty) conditions.push(`r.specialty_code = ${param(filter.specialty)}`);
    if (filter.district) conditions.push(`lower(o.district) = lower(${param(filter.district)})`);
    if (filter.coordinatedBy) conditions.push(coordinatedBy(param(filter.coordinatedBy)));
    const rows = (await this.dataSource.query(
      `SELECT r.specialty_code AS "specialtyCode", r.submitted_at AS "submittedAt", r.claimed_at AS "claimedAt",
              r.first_answered_at AS "firstAnsweredAt", r.answered_in_time AS "answeredInTime",
              r.clarification_requested AS "clarificationRequested", r.recommendation,
              r.converted_at AS "convertedAt", r.declined_at AS "declinedAt", r.cancelled_at AS "cancelledAt",
              o.latitude, o.longitude
         FROM report_referral r
         LEFT JOIN report_organization o ON o.organization_id = r.referring_organization_id
        WHERE ${conditions.join(' AND ')}`,
      values,
    )) as Array<Omit<ReportedReferral, 'origin'> & { latitude: number | null; longitude: number | null }>;
    return rows.map(({ latitude, longitude, ...referral }) => ({
      ...referral,
      origin: latitude !== null && longitude !== null ? { latitude, longitude } : null,
    }));
  }

  /**
   * Per specialty, the places of the active organizations with coordinates where an active
   * practitioner has an active role in it: where the patient would otherwise have gone.
   */
  async destinations(specialtyCodes: string[]): Promise<Map<string, Point[]>> {
    const rows = (await this.dataSource.query(
      `SELECT DISTINCT pr.specialty_code AS "specialtyCode", o.organization_id, o.latitude, o.longitude
         FROM report_practitioner_role pr
         JOIN report_practitioner p ON p.practitioner_id = pr.practitioner_id AND p.active
         JOIN report_organization o ON o.organization_id = pr.organization_id
        WHERE pr.active AND pr.specialty_code = ANY($1::text[])
          AND o.active AND o.latitude IS NOT NULL AND o.longitude IS NOT NULL`,
      [specialtyCodes],
    )) as Array<{ specialtyCode: string; latitude: number; longitude: number }>;
    const bySpecialty = new Map<string, Point[]>();
    for (const { specialtyCode, latitude, longitude } of rows) {
      bySpecialty.set(specialtyCode, [...(bySpecialty.get(specialtyCode) ?? []), { latitude, longitude }]);
    }
    return bySpecialty;
  }
}
