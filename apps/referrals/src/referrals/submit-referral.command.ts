import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReferralEventData, SubmitReferralRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { ReferralsEnv } from '../config';
import { Eligibility } from '../specialists/eligibility';
import { CaseFilesClient } from './case-files.client';
import { deadlinesFor, deadlineTableOf } from './deadlines';
import { toReferralEventData } from './referral-events';
import { caseFileNotFound, ineligibleSpecialist, unknownSpecialty } from './referral-problems';
import { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';

/**
 * A clinic asks. Before anything is written: the specialty is one of the contract's (else 422); the
 * case file exists and belongs to the caller's organization, asked of case-files with the caller's
 * token (else 404); a named target is an eligible specialist of the specialty (else 422). The referral
 * keeps what the de-identified queue shows of the patient (age band, sex) and the patient's id. Then the
 * referral, its first history entry, its PHI audit entry and `referral.submitted` commit together.
 */
@Injectable()
export class SubmitReferralCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly outbox: Outbox,
    private readonly audit: PhiAudit,
    private readonly eligibility: Eligibility,
    private readonly caseFiles: CaseFilesClient,
    @Inject(SERVICE_ENV) private readonly env: ReferralsEnv,
  ) {}

  /** `authorization`: the caller's own `Authorization` header, passed on to case-files. */
  async execute(
    caller: Caller,
    input: SubmitReferralRequest,
    authorization: string,
  ): Promise<ReferralEntity> {
    const now = new Date();
    if (!this.eligibility.isKnownSpecialty(input.specialtyCode)) throw unknownSpecialty(input.specialtyCode);
    const summary = await this.caseFiles.summary(input.caseFileId, authorization);
    if (!summary || summary.organizationId !== caller.organizationId)
      throw caseFileNotFound(input.caseFileId);
    if (input.targetPractitionerId) {
      const check = await this.eligibility.check(input.targetPractitionerId, {
        specialtyCode: input.specialtyCode,
        language: input.requiredLanguage,
        now,
      });
      if (!check.eligible) throw ineligibleSpecialist('targetPractitionerId', check.reason ?? 'not eligible');
    }
    const stage = input.targetPractitionerId ? 'assigned' : 'pool';
    const referral = Object.assign(new ReferralEntity(), {
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
    } satisfies Partial<ReferralEntity>);

    return this.dataSource.transaction(async (manager) => {
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
        toStage: stage,
        reason: null,
      });
      await this.audit.record(manager, caller, {
        action: 'create',
        objectType: 'referral',
        objectId: saved.id,
      });
      await this.outbox.add<ReferralEventData>(manager, {
        type: 'referral.submitted',
        subject: saved.id,
        data: toReferralEventData(saved, now, caller),
      });
      return saved;
    });
  }
}
