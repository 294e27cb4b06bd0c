import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReferralEventData } from '@referral/contracts';

/**
 * Who holds each referral, in which status (`referral_holding`), from the referral events: the open
 * cases that count against a specialist's capacity in the eligibility rule. A referral's latest event
 * wins; an older one arriving late (a redelivery) changes nothing.
 */
@Injectable()
export class HeldReferralProjection {
  async apply(manager: EntityManager, data: ReferralEventData): Promise<void> {
    await manager.query(
      `INSERT INTO referral_holding AS h (referral_id, holder_practitioner_id, status, last_event_at)
       VALUES ($1, $2, $3, $4::timestamptz)
       ON CONFLICT (referral_id) DO UPDATE SET
         holder_practitioner_id = EXCLUDED.holder_practitioner_id,
         status = EXCLUDED.status,
         last_event_at = EXCLUDED.last_event_at
       WHERE h.last_event_at <= EXCLUDED.last_event_at`,
      [data.referralId, data.holderPractitionerId ?? null, data.status, data.occurredAt],
    );
  }
}
