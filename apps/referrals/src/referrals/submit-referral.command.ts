import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  karachiDate,
  type CaseFileSummary,
  type ReferralEventData,
  type ReferralResource,
  type SubmitReferralRequest,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import {
  IdempotentWrites,
  type IdempotencyScope,
  type IdempotentOutcome,
} from '@referral/platform-idempotency';
import { Outbox } from '@referral/platform-kafka';
import type { ReferralsEnv } from '../config';
import { CaseFileProjection, patientOf } from '../case-files/case-file-projection';
import { Eligibility } from '../specialists/eligibility';
import { CaseFilesClient } from './case-files.client';
import { deadlinesFor, deadlineTableOf } from './deadlines';
import { toReferralEventData } from './referral-events';
import { caseFileNotFound, ineligibleSpecialist, unknownSpecialty } from './referral-problems';
import { ReferralEntity } from './referral.entity';
import { toReferralResource } from './referral-resource';
import { ReferralRepository } from './referral.repository';

/**
 * A clinic asks. Before anything is written: the specialty is one of the contract's (else 422); the
 * case file exists and belongs to the caller's organization (else 404): decided from the case-file
 * projection when it knows the case file (another organization's: 404 at once) and the patient's sex
 * and age band still holding today, else asked of case-files with the caller's token as before the
 * projection existed; a named target is an eligible specialist of the specialty (else 422). The referral
 * keeps what the de-identified queue shows of the patient (age band, sex) and the patient's id. Then the
 * referral, its first history entry, its PHI audit entry, `referral.submitted` and the answer to the
 * request's `Idempotency-Key` commit together.
 */
@Injectable()
export class SubmitReferralCommand {
  constructor(
    private readonly idempotency: IdempotentWrites,
    private readonly referrals: ReferralRepository,
    private readonly outbox: Outbox,
    private readonly audit: PhiAudit,
    private readonly eligibility: Eligibility,
    private readonly caseFiles: CaseFilesClient,
    private readonly projection: CaseFileProjection,
    private readonly clock: Clock,
    @Inject(SERVICE_ENV) private readonly env: ReferralsEnv,
  ) {}

  /**
   * `authorization`: the caller's own `Authorization` header, passed on to case-files. With an
   * `Idempotency-Key` (`scope`), the answer is stored in the submission's transaction (IdempotentWrites):
   * a retry gets it again instead of a second referral.
   */
  execute(
    caller: Caller,
    input: SubmitReferralRequest,
    authorization: string,
    scope?: IdempotencyScope,
  ): Promise<IdempotentOutcome<ReferralResource>> {
    return this.idempotency.execute(
      scope,
      () => this.prepare(caller, input, authorization),
      async (manager, prepared) => ({
        status: 201,
        headers: {},
        body: toReferralResource(await this.write(manager, caller, input, prepared)),
      }),
    );
  }

  /** The checks before anything is written, and the referral to write. */
  private async prepare(caller: Caller, input: SubmitReferralRequest, authorization: string) {
    const now = this.clock.now();
    if (!this.eligibility.isKnownSpecialty(input.specialtyCode)) throw unknownSpecialty(input.specialtyCode);
    const today = karachiDate(now);
    const caseFile = await this.caseFileOf(caller, input.caseFileId, authorization, today);
    const { summary } = caseFile;
    if (input.targetPractitionerId) {
      const check = await this.eligibility.check(input.targetPractitionerId, {
        specialtyCode: input.specialtyCode,
        language: input.requiredLanguage,
        now,
      });
      if (!check.eligible) throw ineligibleSpecialist('targetPractitionerId', check.reason ?? 'not eligible');
    }
    const stage = input.targetPractitionerId ? 'assigned' : 'pool';
    const referral = {
      id: randomUUID(),
      status: 'requested',
      stage,
      priority: input.priority,
      specialtyCode: input.specialtyCode,
      question: input.question,
      caseFileId: input.caseFileId,
      referringOrganizationId: caller.organizationId,
      referringPractitionerId: caller.practitionerId,
      targetPractitionerId: input.targetPractitionerId ?? null,
      holderPractitionerId: null,
      allowConversion: input.allowConversion,
      requiredLanguage: input.requiredLanguage ?? null,
      patientId: summary.patientId,
      patientAgeBand: summary.patientAgeBand,
      patientSex: summary.patientSex,
      answerPausedAt: null,
      consult: null,
      closeout: null,
      ...deadlinesFor(input.priority, now, deadlineTableOf(this.env)),
    } satisfies Omit<ReferralEntity, 'createdAt' | 'updatedAt' | 'version'>;

    return { now, today, referral, caseFile };
  }

  /** The referral, its first history entry, its PHI audit entry and `referral.submitted`, in `manager`'s transaction. */
  private async write(
    manager: EntityManager,
    caller: Caller,
    input: SubmitReferralRequest,
    { now, today, referral, caseFile }: Awaited<ReturnType<SubmitReferralCommand['prepare']>>,
  ): Promise<ReferralEntity> {
    if (caseFile.from === 'case-files') await this.projection.remember(manager, caseFile.summary, today);
    const saved = await this.referrals.insert(manager, referral, {
      referralId: referral.id,
      at: now,
      action: 'submit',
      actorClientId: caller.clientId,
      actorPractitionerId: caller.practitionerId,
      actorOrganizationId: caller.organizationId,
      fromStatus: null,
      toStatus: 'requested',
      fromStage: null,
      toStage: referral.stage,
      reason: null,
    });
    await this.audit.record(manager, caller, {
      action: 'create',
      objectType: 'referral',
      objectId: saved.id,
      // Which case file the patient's id, sex and age band were taken from, and how it was checked.
      details: { caseFileId: input.caseFileId, caseFileCheckedBy: caseFile.from },
    });
    await this.outbox.add<ReferralEventData>(manager, {
      type: 'referral.submitted',
      subject: saved.id,
      data: toReferralEventData(saved, now, caller),
    });
    return saved;
  }

  /**
   * The caller's case file: from the projection when it decides (the caller's organization's, with the
   * patient's sex and age band valid today), a 404 when the projection holds it for another
   * organization, else case-files' summary with the caller's token (404 there or another organization's:
   * 404; case-files failing: 503).
   */
  private async caseFileOf(
    caller: Caller,
    caseFileId: string,
    authorization: string,
    today: string,
  ): Promise<
    | { summary: Pick<CaseFileSummary, 'patientId' | 'patientSex' | 'patientAgeBand'>; from: 'projection' }
    | { summary: CaseFileSummary; from: 'case-files' }
  > {
    const projected = await this.projection.find(caseFileId);
    if (projected && projected.organizationId !== caller.organizationId) throw caseFileNotFound(caseFileId);
    const patient = projected && patientOf(projected, today);
    if (projected && patient)
      return { summary: { patientId: projected.patientId, ...patient }, from: 'projection' };
    const summary = await this.caseFiles.summary(caseFileId, authorization);
    if (!summary || summary.organizationId !== caller.organizationId) throw caseFileNotFound(caseFileId);
    return { summary, from: 'case-files' };
  }
}
