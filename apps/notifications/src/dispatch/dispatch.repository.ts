import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ReferralPriority } from '@referral/contracts';
import { currentTraceparent } from '@referral/platform-observability';

/** An inbox entry: for one practitioner, or for an organization's role (its coordinators, its clinicians). */
export interface InboxEntryRow {
  id: string;
  organizationId: string | null;
  practitionerId: string | null;
  role: 'clinician' | 'coordinator' | null;
}

/** What a source event says in every inbox entry it creates. */
export interface InboxEntrySource {
  eventId: string;
  eventType: string;
  referralId: string;
  title: string;
  body: string;
}

/** A practitioner's channels and quiet hours (Asia/Karachi, `HH:MM`). */
export interface DeliveryPreference {
  practitionerId: string;
  channels: string[];
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
}

/** An SMS or email to send to a practitioner, not before an instant. */
export interface ScheduledDispatch {
  id: string;
  practitionerId: string;
  channel: string;
  notBefore: Date;
}

export interface DispatchSource {
  eventId: string;
  eventType: string;
  referralId: string;
  priority: ReferralPriority;
  specialtyCode: string;
}

/**
 * What a referral event leaves behind in this service: inbox entries (`notification`) and scheduled
 * messages (`notification_dispatch`), each written once per source event however often it comes, and
 * the preferences that decide the messages.
 */
@Injectable()
export class DispatchRepository {
  /**
   * The entries, in one statement (a pool may be large).
   * @returns the ids of those written; a redelivery writes none again
   */
  async addInboxEntries(
    manager: EntityManager,
    source: InboxEntrySource,
    entries: InboxEntryRow[],
  ): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO notification
         (id, type, referral_id, organization_id, recipient_practitioner_id, audience_role, title, body, source_event_id)
       SELECT e.id, $2, $3, e.organization_id, e.practitioner_id, e.role, $4, $5, $6
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, organization_id uuid, practitioner_id uuid, role text)
       ON CONFLICT DO NOTHING
       RETURNING id::text AS id`,
      [
        JSON.stringify(
          entries.map((entry) => ({
            id: entry.id,
            organization_id: entry.organizationId,
            practitioner_id: entry.practitionerId,
            role: entry.role,
          })),
        ),
        source.eventType,
        source.referralId,
        source.title,
        source.body,
        source.eventId,
      ],
    );
    return rows.map((row) => row.id);
  }

  /** The preferences of those of these practitioners who set any. */
  preferencesOf(manager: EntityManager, practitionerIds: string[]): Promise<DeliveryPreference[]> {
    if (practitionerIds.length === 0) return Promise.resolve([]);
    return manager.query(
      `SELECT practitioner_id::text AS "practitionerId", channels, quiet_hours_start AS "quietHoursStart",
              quiet_hours_end AS "quietHoursEnd"
         FROM notification_preference WHERE practitioner_id = ANY($1::uuid[])`,
      [practitionerIds],
    );
  }

  /** The dispatches, in one statement; one per source event, practitioner and channel however often it comes. */
  async schedule(
    manager: EntityManager,
    source: DispatchSource,
    dispatches: ScheduledDispatch[],
  ): Promise<void> {
    if (dispatches.length === 0) return;
    await manager.query(
      `INSERT INTO notification_dispatch
         (id, source_event_id, event_type, referral_id, practitioner_id, channel, priority, specialty_code, not_before,
          traceparent)
       SELECT d.id, $2, $3, $4, d.practitioner_id, d.channel, $5, $6, d.not_before, $7
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, practitioner_id uuid, channel text, not_before timestamptz)
       ON CONFLICT (source_event_id, practitioner_id, channel) DO NOTHING`,
      [
        JSON.stringify(
          dispatches.map((dispatch) => ({
            id: dispatch.id,
            practitioner_id: dispatch.practitionerId,
            channel: dispatch.channel,
            not_before: dispatch.notBefore.toISOString(),
          })),
        ),
        source.eventId,
        source.eventType,
        source.referralId,
        source.priority,
        source.specialtyCode,
        // The consumed event's trace: the SMS and email sent later continue it.
        currentTraceparent() ?? null,
      ],
    );
  }
}
