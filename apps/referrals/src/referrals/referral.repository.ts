import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { preparedQuery, type KeysetPosition, type RankedKeysetPosition } from '@referral/platform-database';
import { ReferralHistoryEntity } from './referral-history.entity';
import { ReferralMessageEntity } from './referral-message.entity';
import { coordinatedBy, namedParameters, visibleTo } from './referral-visibility';
import { ReferralEntity } from './referral.entity';

export interface ReferralFilter {
  status?: string;
  stage?: string;
  specialty?: string;
  priority?: string;
  /** Only referrals older than this position (newest first). */
  before?: KeysetPosition;
  limit: number;
}

export interface QueueRow {
  referralId: string;
  specialtyCode: string;
  priority: string;
  question: string;
  ageBand: string;
  sex: string;
  stage: string;
  claimDueAt: Date;
  answerDueAt: Date;
  createdAt: Date;
  /** The first key of the queue's order: urgent (0) before the rest (1). */
  rank: number;
}

export type NewHistoryEntry = Omit<ReferralHistoryEntity, 'seq'>;

/** The referral and its first history entry (`$1`: the referral's id); constant, so it can be prepared. */
const INSERT_REFERRAL_WITH_HISTORY = `WITH r AS (
    INSERT INTO referral (id, status, stage, priority, specialty_code, question, case_file_id,
      referring_organization_id, referring_practitioner_id, target_practitioner_id, holder_practitioner_id,
      allow_conversion, claim_due_at, answer_due_at, patient_id, patient_age_band, patient_sex,
      required_language, answer_paused_at, consult, closeout)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
      $20::jsonb, $21::jsonb)
    RETURNING created_at, updated_at, version),
  h AS (
    INSERT INTO referral_history (referral_id, at, action, actor_client_id, actor_practitioner_id,
      actor_organization_id, from_status, to_status, from_stage, to_stage, reason)
    VALUES ($1, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31))
  SELECT created_at AS "createdAt", updated_at AS "updatedAt", version FROM r`;

@Injectable()
export class ReferralRepository {
  constructor(@InjectRepository(ReferralEntity) private readonly referrals: Repository<ReferralEntity>) {}

  /** The referral when the caller may see it; null otherwise (the caller answers 404). */
  findVisible(id: string, caller: Caller, manager?: EntityManager): Promise<ReferralEntity | null> {
    const p = namedParameters();
    const visible = visibleTo(caller, p.bind);
    if (!visible) return Promise.resolve(null);
    return this.on(manager)
      .createQueryBuilder(ReferralEntity, 'r')
      .where(`r.id = ${p.bind(id)}`)
      .andWhere(visible)
      .setParameters(p.values)
      .getOne();
  }

  /** The referral, locked (`FOR UPDATE`) until the transaction ends: one transition at a time. */
  lock(manager: EntityManager, id: string): Promise<ReferralEntity | null> {
    return manager
      .createQueryBuilder(ReferralEntity, 'r')
      .where('r.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** Whether the caller's organization coordinates the referral (its pool, target's or holder's role). */
  async isCoordinatedBy(manager: EntityManager, id: string, organizationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM referral r WHERE r.id = $1 AND ${coordinatedBy('$2')}`,
      [id, organizationId],
    );
    return rows.length > 0;
  }

  /** Referrals the caller sees, newest first, one more than `limit` when another page follows. */
  async list(caller: Caller, filter: ReferralFilter): Promise<ReferralEntity[]> {
    const p = namedParameters();
    const visible = visibleTo(caller, p.bind);
    if (!visible) return [];
    const query = this.referrals.createQueryBuilder('r').where(visible);
    if (filter.status) query.andWhere(`r.status = ${p.bind(filter.status)}`);
    if (filter.stage) query.andWhere(`r.stage = ${p.bind(filter.stage)}`);
    if (filter.specialty) query.andWhere(`r.specialty_code = ${p.bind(filter.specialty)}`);
    if (filter.priority) query.andWhere(`r.priority = ${p.bind(filter.priority)}`);
    // Cursors carry milliseconds; the column has microseconds: compare (and order) at the cursor's precision.
    const position = `date_trunc('milliseconds', r.created_at)`;
    if (filter.before) {
      query.andWhere(
        `(${position}, r.id) < (${p.bind(filter.before.createdAt.toISOString())}::timestamptz, ${p.bind(filter.before.id)}::uuid)`,
      );
    }
    return query
      .setParameters(p.values)
      .orderBy(position, 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(filter.limit + 1)
      .getMany();
  }

  /**
   * The claimable referrals a specialist may see, de-identified: the pool (and escalated ones) of
   * their active roles' specialties, in their language when one is required, and those assigned to
   * them; urgent first (rank 0), then the earliest claim deadline, then id: after `after` when given,
   * one more than `limit` when another page follows. Nothing when they are inactive or their licence
   * has expired (`today`: the date in Asia/Karachi).
   */
  queue(
    practitionerId: string,
    filter: { specialty?: string; today: string; after?: RankedKeysetPosition; limit: number },
  ): Promise<QueueRow[]> {
    // Cursors carry milliseconds; the column has microseconds: compare (and order) at the cursor's precision.
    return this.referrals.query(
      `WITH me AS (
         SELECT s.practitioner_id, s.languages,
                array(SELECT DISTINCT sr.specialty_code FROM specialist_role sr
                       WHERE sr.practitioner_id = s.practitioner_id AND sr.active) AS specialties
           FROM specialist s
          WHERE s.practitioner_id = $1 AND s.active AND s.licence_valid_until >= $2::date),
       claimable AS (
         SELECT r.*, CASE WHEN r.priority = 'urgent' THEN 0 ELSE 1 END AS rank,
                date_trunc('milliseconds', r.claim_due_at) AS due
           FROM referral r, me
          WHERE r.status = 'requested'
            AND ($3::text IS NULL OR r.specialty_code = $3)
            AND ((r.stage IN ('pool', 'escalated')
                  AND r.specialty_code = ANY (me.specialties)
                  AND (r.required_language IS NULL OR r.required_language = ANY (me.languages)))
                 OR (r.stage = 'assigned' AND r.target_practitioner_id = me.practitioner_id
                     AND r.specialty_code = ANY (me.specialties))))
       SELECT c.id AS "referralId", c.specialty_code AS "specialtyCode", c.priority, c.question,
              c.patient_age_band AS "ageBand", c.patient_sex AS "sex", c.stage,
              c.claim_due_at AS "claimDueAt", c.answer_due_at AS "answerDueAt", c.created_at AS "createdAt",
              c.rank
         FROM claimable c
        WHERE $5::int IS NULL OR (c.rank, c.due, c.id) > ($5::int, $6::timestamptz, $7::uuid)
        ORDER BY c.rank, c.due, c.id
        LIMIT $4`,
      [
        practitionerId,
        filter.today,
        filter.specialty ?? null,
        filter.limit + 1,
        filter.after?.rank ?? null,
        filter.after?.at.toISOString() ?? null,
        filter.after?.id ?? null,
      ],
    );
  }

  /** A referral's transitions, oldest first: after the entry `afterSeq`, one more than `limit` when another page follows. */
  history(id: string, page: { afterSeq?: string; limit: number }): Promise<ReferralHistoryEntity[]> {
    const query = this.referrals.manager
      .createQueryBuilder(ReferralHistoryEntity, 'h')
      .where('h.referral_id = :id', { id });
    if (page.afterSeq) query.andWhere('h.seq > :afterSeq', { afterSeq: page.afterSeq });
    return query
      .orderBy('h.seq', 'ASC')
      .limit(page.limit + 1)
      .getMany();
  }

  /** A referral's thread, oldest first (then by id): after `after`, one more than `limit` when another page follows. */
  messages(id: string, page: { after?: KeysetPosition; limit: number }): Promise<ReferralMessageEntity[]> {
    // Cursors carry milliseconds: compare (and order) at the cursor's precision.
    const position = `date_trunc('milliseconds', m.created_at)`;
    const query = this.referrals.manager
      .createQueryBuilder(ReferralMessageEntity, 'm')
      .where('m.referral_id = :id', { id });
    if (page.after) {
      query.andWhere(`(${position}, m.id) > (:afterAt::timestamptz, :afterId::uuid)`, {
        afterAt: page.after.createdAt.toISOString(),
        afterId: page.after.id,
      });
    }
    return query
      .orderBy(position, 'ASC')
      .addOrderBy('m.id', 'ASC')
      .limit(page.limit + 1)
      .getMany();
  }

  /**
   * A new referral and its first history entry in one statement (a named prepared statement on the
   * transaction's connection), the columns the database fills (`created_at`, `updated_at`, `version`)
   * returned into the referral: no read-back.
   */
  async insert(
    manager: EntityManager,
    referral: Omit<ReferralEntity, 'createdAt' | 'updatedAt' | 'version'>,
    history: NewHistoryEntry,
  ): Promise<ReferralEntity> {
    if (history.referralId !== referral.id) throw new Error('the first history entry names another referral');
    const rows = await preparedQuery<Pick<ReferralEntity, 'createdAt' | 'updatedAt' | 'version'>>(
      manager,
      'referrals.insert-submitted',
      INSERT_REFERRAL_WITH_HISTORY,
      [
        referral.id,
        referral.status,
        referral.stage,
        referral.priority,
        referral.specialtyCode,
        referral.question,
        referral.caseFileId,
        referral.referringOrganizationId,
        referral.referringPractitionerId,
        referral.targetPractitionerId,
        referral.holderPractitionerId,
        referral.allowConversion,
        referral.claimDueAt,
        referral.answerDueAt,
        referral.patientId,
        referral.patientAgeBand,
        referral.patientSex,
        referral.requiredLanguage,
        referral.answerPausedAt,
        referral.consult === null ? null : JSON.stringify(referral.consult),
        referral.closeout === null ? null : JSON.stringify(referral.closeout),
        history.at,
        history.action,
        history.actorClientId,
        history.actorPractitionerId,
        history.actorOrganizationId,
        history.fromStatus,
        history.toStatus,
        history.fromStage,
        history.toStage,
        history.reason,
      ],
    );
    return Object.assign(new ReferralEntity(), referral, rows[0]);
  }

  /** Writes a locked referral's new state (the version column counts the changes). */
  async update(manager: EntityManager, referral: ReferralEntity): Promise<ReferralEntity> {
    return manager.save(ReferralEntity, referral);
  }

  async appendHistory(manager: EntityManager, entry: NewHistoryEntry): Promise<void> {
    await manager.insert(ReferralHistoryEntity, entry);
  }

  async insertMessage(manager: EntityManager, message: ReferralMessageEntity): Promise<void> {
    await manager.insert(ReferralMessageEntity, message);
  }

  private on(manager?: EntityManager): EntityManager {
    return manager ?? this.referrals.manager;
  }
}
