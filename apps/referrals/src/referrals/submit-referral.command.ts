import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ReferralEventData, SubmitReferralRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import type { ReferralsEnv } from '../config';
import { deadlinesFor, deadlineTableOf } from './deadlines';
import { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';

/**
 * A clinic asks: the referral, its first history entry, its PHI audit entry and `referral.submitted`
 * commit together.
 * (Checks against case-files and the directory, and routing, come with the referrals issue.)
 */
@Injectable()
export class SubmitReferralCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly referrals: ReferralRepository,
    private readonly outbox: Outbox,
    private readonly audit: PhiAudit,
    @Inject(SERVICE_ENV) private readonly env: ReferralsEnv,
  ) {}

  async execute(caller: Caller, input: SubmitReferralRequest): Promise<ReferralEntity> {
    const now = new Date();
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
        data: {
          referralId: saved.id,
          status: saved.status,
          stage: saved.stage,
          priority: saved.priority,
          specialtyCode: saved.specialtyCode,
          caseFileId: saved.caseFileId,
          referringOrganizationId: saved.referringOrganizationId,
          ...(saved.referringPractitionerId && { referringPractitionerId: saved.referringPractitionerId }),
          targetPractitionerId: saved.targetPractitionerId,
          holderPractitionerId: null,
          claimDueAt: saved.claimDueAt.toISOString(),
          answerDueAt: saved.answerDueAt.toISOString(),
          occurredAt: now.toISOString(),
        } as ReferralEventData,
      });
      return saved;
    });
  }
}
