import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, ReferralEventData } from '@referral/contracts';
import { LOGGER, SERVICE_ENV } from '@referral/platform-http';
import type { Logger } from 'pino';
import type { CaseFilesEnv } from '../config';
import { AccessGrantRepository } from './access-grant.repository';
import { nextGrant } from './grant-rule';

/**
 * Keeps a referral's grant (who may read its case file, until when) in step with a referral event:
 * every type is handled the same way, from the referral's snapshot in the event (grant-rule.ts), on the
 * event's inbox transaction. An event older than the last one applied changes nothing.
 */
@Injectable()
export class KeepAccessGrant {
  constructor(
    private readonly grants: AccessGrantRepository,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute(manager: EntityManager, envelope: EventEnvelope, data: ReferralEventData): Promise<void> {
    const current = await this.grants.findForUpdate(manager, data.referralId);
    const next = nextGrant(current, data, this.env.CASE_FILE_ACCESS_AFTER_CLOSE_DAYS);
    if (!next) {
      this.logger.info(
        { type: envelope.type, eventId: envelope.id, referralId: data.referralId },
        'referral event older than the last one applied; access unchanged',
      );
      return;
    }
    await this.grants.save(manager, next);
  }
}
