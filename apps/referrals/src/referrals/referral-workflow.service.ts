import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CloseReferralRequest,
  ConsultRequest,
  PostMessageRequest,
  ReferralEventData,
  Recommendation,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { ReferralsEnv } from '../config';
import { Eligibility } from '../specialists/eligibility';
import { transition, type Action, type Relation, type WorkflowState } from '../workflow/state-machine';
import { CaseFileProjection } from '../case-files/case-file-projection';
import { CaseFilesClient } from './case-files.client';
import { answerDeadline, deadlinesFor, deadlineTableOf, resumedAnswerDeadline } from './deadlines';
import { toReferralEventData } from './referral-events';
import type { MessageSide } from './referral-message.entity';
import { ReferralMessageEntity } from './referral-message.entity';
import {
  atCapacity,
  ineligibleSpecialist,
  notYours,
  referralNotFound,
  unknownAttachments,
  wrongState,
} from './referral-problems';
import { ReferralRepository } from './referral.repository';
import type { ReferralEntity } from './referral.entity';

/** A caller's action on a referral, with what that action carries (and nothing it does not). */
export type ActionInput =
  | { action: 'claim' | 'accept' }
  /** Free text kept in the history only. */
  | { action: 'release' | 'cancel'; reason: string }
  | { action: 'convert'; reason: string | null }
  /** `reason`: the code and note for the history; `reasonCode`: the code, which the event carries too. */
  | { action: 'decline'; reason: string; reasonCode: string }
  /** The specialist chosen. */
  | { action: 'assign'; practitionerId: string }
  | { action: 'consult'; consult: ConsultRequest }
  | { action: 'close'; closeout: CloseReferralRequest };

/** The actions taken by posting a message on the thread. */
type MessageAction = 'request-clarification' | 'provide-clarification' | 'follow-up';

/** Every step the workflow commits: a caller's action, a message's, or the deadline scheduler's. */
type WorkflowInput = ActionInput | { action: MessageAction } | { action: 'escalate' | 'release-overdue' };

/** The statuses after which nothing more happens to a referral. */
const TERMINAL = new Set(['completed', 'cancelled', 'rejected', 'failed', 'entered-in-error']);

/** The message kinds that move the referral, and how. */
const MESSAGE_ACTIONS: Partial<Record<PostMessageRequest['kind'], MessageAction>> = {
  'clarification-request': 'request-clarification',
  'clarification-response': 'provide-clarification',
  'follow-up': 'follow-up',
};

const stateOf = (referral: ReferralEntity): WorkflowState => ({
  status: referral.status,
  stage: referral.stage,
  holderPractitionerId: referral.holderPractitionerId,
  targetPractitionerId: referral.targetPractitionerId,
  allowConversion: referral.allowConversion,
});

/**
 * Every change of a referral after submission: lock the row, work out who the caller is to it, let
 * the state machine decide, then in the same transaction write the new state and deadlines, the
 * history entry, the message (if any), the events (outbox) and the PHI audit entry. Concurrent
 * actions on one referral queue on its row lock; the loser sees the winner's state (a second claim
 * gets 409, the holder's repeated claim 200).
 */
@Injectable()
export class ReferralWorkflow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly eligibility: Eligibility,
    private readonly outbox: Outbox,
    private readonly audit: PhiAudit,
    private readonly caseFiles: CaseFilesClient,
    private readonly projection: CaseFileProjection,
    @Inject(SERVICE_ENV) private readonly env: ReferralsEnv,
    private readonly clock: Clock,
  ) {}

  /** A caller's action (claim, release, accept, decline, assign, consult, close, convert, cancel). */
  act(caller: Caller, id: string, input: ActionInput, now = this.clock.now()): Promise<ReferralEntity> {
    return this.dataSource.transaction(async (manager) => {
      // A claim counts the specialist's open cases: their row is locked first (always in this order:
      // specialist, then referral), so that two claims by one specialist cannot both pass capacity.
      if (input.action === 'claim' && caller.practitionerId) {
        await this.eligibility.lockForClaim(caller.practitionerId, manager);
      }
      const referral = await this.referrals.lock(manager, id);
      if (!referral) throw referralNotFound(id);
      const relations = await this.relationsOf(manager, caller, referral, input.action, now);
      return this.apply(manager, referral, caller, relations, input, now);
    });
  }

  /**
   * A message on the thread. A clarification request (holder) puts the referral on hold; a response
   * (referrer) resumes it; a follow-up (referrer, after the consult) sends it back to the holder; a note
   * changes nothing but must come from one of the two sides of an open referral.
   */
  async postMessage(
    caller: Caller,
    id: string,
    body: PostMessageRequest,
    authorization: string,
    now = this.clock.now(),
  ): Promise<ReferralMessageEntity> {
    if (body.attachmentIds?.length)
      await this.checkAttachments(caller, id, body.attachmentIds, authorization);
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.referrals.lock(manager, id);
      if (!referral) throw referralNotFound(id);
      const relations = await this.relationsOf(manager, caller, referral, 'note', now);
      const side: MessageSide | null =
        body.kind === 'clarification-request'
          ? 'specialist'
          : body.kind !== 'note'
            ? 'referrer'
            : relations.has('holder')
              ? 'specialist'
              : relations.has('referrer')
                ? 'referrer'
                : null;
      const action = MESSAGE_ACTIONS[body.kind];
      if (action) {
        await this.apply(manager, referral, caller, relations, { action }, now);
      } else {
        if (!side) throw notYours('write on the thread of');
        if (TERMINAL.has(referral.status)) {
          throw wrongState(
            `Cannot add a note to a referral in status ${referral.status}, stage ${referral.stage}`,
            referral,
          );
        }
      }
      const message = Object.assign(new ReferralMessageEntity(), {
        id: randomUUID(),
        referralId: referral.id,
        kind: body.kind,
        text: body.text,
        attachmentIds: body.attachmentIds ?? [],
        side: side ?? 'referrer',
        authorClientId: caller.clientId,
        authorPractitionerId: caller.practitionerId,
        authorOrganizationId: caller.organizationId,
        createdAt: now,
      } satisfies ReferralMessageEntity);
      await this.referrals.insertMessage(manager, message);
      await this.audit.record(manager, caller, {
        action: 'create',
        objectType: 'referral-message',
        objectId: message.id,
        details: { referralId: referral.id, kind: body.kind, attachments: message.attachmentIds.length },
      });
      return message;
    });
  }

  /**
   * A message names attachments of the referral's case file that the caller may read: the case-file
   * projection decides when the case file is the caller's organization's and it has seen every named
   * attachment; else case-files is asked (with the caller's token) before anything is written; others
   * are 422.
   */
  private async checkAttachments(
    caller: Caller,
    id: string,
    attachmentIds: string[],
    authorization: string,
  ): Promise<void> {
    const referral = await this.referrals.findVisible(id, caller);
    if (!referral) throw referralNotFound(id);
    // The caller's organization's case file, whose attachments the projection has seen: readable, as
    // case-files decides (the referring organization reads its case files); anything else is asked.
    const projected = await this.projection.find(referral.caseFileId);
    if (
      projected?.organizationId === caller.organizationId &&
      attachmentIds.every((attachmentId) => projected.attachmentIds.includes(attachmentId))
    )
      return;
    const summary = await this.caseFiles.summary(referral.caseFileId, authorization);
    const known = new Set(summary?.attachmentIds ?? []);
    const unknown = attachmentIds.filter((attachmentId) => !known.has(attachmentId));
    if (unknown.length) throw unknownAttachments(unknown);
  }

  /**
   * The deadline scheduler's action on a referral it locked (`escalate`, `release-overdue`): the state
   * machine still decides, so a referral that moved on since it was selected is left alone.
   * @returns whether the referral changed
   */
  async actAsSystem(
    manager: EntityManager,
    referral: ReferralEntity,
    action: 'escalate' | 'release-overdue',
    now: Date,
  ): Promise<boolean> {
    const outcome = transition(stateOf(referral), { action, relations: new Set<Relation>(['system']) });
    if (outcome.outcome !== 'changed') return false;
    await this.commit(manager, referral, outcome, null, { action }, now);
    return true;
  }

  /** Who the caller is to the referral; 404 when they may not even know it exists. */
  private async relationsOf(
    manager: EntityManager,
    caller: Caller,
    referral: ReferralEntity,
    action: Action | 'note',
    now: Date,
  ): Promise<Set<Relation>> {
    const relations = new Set<Relation>();
    const practitioner = caller.practitionerId;
    if (caller.roles.includes('clinician') && caller.organizationId === referral.referringOrganizationId) {
      relations.add('referrer');
    }
    if (caller.roles.includes('specialist') && practitioner) {
      if (practitioner === referral.holderPractitionerId) relations.add('holder');
      if (practitioner === referral.targetPractitionerId) relations.add('target');
      // Eligible specialists know the pool's referrals (from the queue): for them a refusal is 403.
      // (The holder too: their repeated claim is answered as the first one was.)
      if (!relations.has('target')) {
        const check = await this.eligibility.check(
          practitioner,
          { specialtyCode: referral.specialtyCode, language: referral.requiredLanguage, now },
          manager,
        );
        if (check.eligible) relations.add('eligible');
      }
    }
    if (
      caller.roles.includes('coordinator') &&
      (await this.referrals.isCoordinatedBy(manager, referral.id, caller.organizationId))
    ) {
      relations.add('coordinator');
    }
    // Eligible specialists know a pool referral from the queue; everyone else must see it.
    const knows =
      relations.has('eligible') || (await this.referrals.findVisible(referral.id, caller, manager)) !== null;
    if (!knows) throw referralNotFound(referral.id);
    return relations;
  }

  private async apply(
    manager: EntityManager,
    referral: ReferralEntity,
    caller: Caller,
    relations: Set<Relation>,
    input: ActionInput | { action: MessageAction },
    now: Date,
  ): Promise<ReferralEntity> {
    const practitionerId = input.action === 'assign' ? input.practitionerId : caller.practitionerId;
    const outcome = transition(stateOf(referral), { action: input.action, relations, practitionerId });
    if (outcome.outcome === 'forbidden') throw notYours(input.action);
    if (outcome.outcome === 'conflict') throw wrongState(outcome.detail, referral);
    if (outcome.outcome === 'unchanged') return referral;

    switch (input.action) {
      case 'claim': {
        const check = await this.eligibility.check(
          actingPractitioner(caller, input.action),
          { specialtyCode: referral.specialtyCode, language: referral.requiredLanguage, now },
          manager,
        );
        if (check.atCapacity) throw atCapacity(check.openCases, check.maxOpenCases, referral);
        break;
      }
      case 'assign':
        await this.checkAssignee(manager, caller, referral, input.practitionerId, now);
        break;
      case 'consult':
        referral.consult = {
          assessment: input.consult.assessment,
          advice: input.consult.advice,
          recommendation: input.consult.recommendation,
          followUpInDays: input.consult.followUpInDays ?? null,
          practitionerId: actingPractitioner(caller, input.action),
          providedAt: now.toISOString(),
        };
        break;
      case 'close':
        referral.closeout = {
          questionAnswered: input.closeout.questionAnswered,
          travelAvoided: input.closeout.travelAvoided ?? null,
          rating: input.closeout.rating ?? null,
          comment: input.closeout.comment ?? null,
          closedAt: now.toISOString(),
        };
        break;
    }
    return this.commit(manager, referral, outcome, caller, input, now);
  }

  /** A coordinator assigns an eligible specialist of their own organization who has room for it. */
  private async checkAssignee(
    manager: EntityManager,
    caller: Caller,
    referral: ReferralEntity,
    practitionerId: string,
    now: Date,
  ): Promise<void> {
    const check = await this.eligibility.check(
      practitionerId,
      { specialtyCode: referral.specialtyCode, language: referral.requiredLanguage, now },
      manager,
    );
    if (!check.eligible) throw ineligibleSpecialist('practitionerId', check.reason ?? 'not eligible');
    if (!check.organizationIds.includes(caller.organizationId)) {
      throw ineligibleSpecialist('practitionerId', 'no role in the specialty at your organization');
    }
    if (check.atCapacity) throw atCapacity(check.openCases, check.maxOpenCases, referral);
  }

  private async commit(
    manager: EntityManager,
    referral: ReferralEntity,
    outcome: Extract<ReturnType<typeof transition>, { outcome: 'changed' }>,
    caller: Caller | null,
    input: WorkflowInput,
    now: Date,
  ): Promise<ReferralEntity> {
    const reason = 'reason' in input ? input.reason : null;
    const reasonCode = input.action === 'decline' ? input.reasonCode : undefined;
    const from = { status: referral.status, stage: referral.stage, holder: referral.holderPractitionerId };
    const table = deadlineTableOf(this.env);
    Object.assign(referral, {
      status: outcome.to.status,
      stage: outcome.to.stage,
      holderPractitionerId: outcome.to.holderPractitionerId,
      targetPractitionerId: outcome.to.targetPractitionerId,
    });
    switch (outcome.clock) {
      case 'pool':
        Object.assign(referral, deadlinesFor(referral.priority, now, table), { answerPausedAt: null });
        break;
      case 'answer-start':
        referral.answerDueAt = answerDeadline(referral.priority, now, table);
        referral.answerPausedAt = null;
        break;
      case 'answer-pause':
        referral.answerPausedAt = now;
        break;
      case 'answer-resume':
        if (referral.answerPausedAt) {
          referral.answerDueAt = resumedAnswerDeadline(referral.answerDueAt, referral.answerPausedAt, now);
        }
        referral.answerPausedAt = null;
        break;
      case 'none':
        break;
    }
    const saved = await this.referrals.update(manager, referral);
    await this.referrals.appendHistory(manager, {
      referralId: saved.id,
      at: now,
      action: input.action,
      actorClientId: caller?.clientId ?? null,
      actorPractitionerId: caller?.practitionerId ?? null,
      actorOrganizationId: caller?.organizationId ?? null,
      fromStatus: from.status,
      toStatus: saved.status,
      fromStage: from.stage,
      toStage: saved.stage,
      reason,
    });
    for (const type of outcome.events) {
      await this.outbox.add<ReferralEventData>(manager, {
        type,
        subject: saved.id,
        data: {
          ...toReferralEventData(saved, now, caller, reasonCode, from.holder),
          ...(type === 'referral.consult_provided' &&
            saved.consult && { recommendation: saved.consult.recommendation as Recommendation }),
        },
      });
    }
    if (caller) {
      await this.audit.record(manager, caller, {
        action: 'update',
        objectType: 'referral',
        objectId: saved.id,
        details: { workflowAction: input.action },
      });
    }
    return saved;
  }
}

/**
 * The caller's practitioner id, for the actions only a practitioner may take (claim, consult): the
 * state machine has already refused them to anyone who is not holder, target or eligible.
 */
function actingPractitioner(caller: Caller, action: Action): string {
  if (caller.practitionerId === null) throw notYours(action);
  return caller.practitionerId;
}
