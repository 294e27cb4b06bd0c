import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import {
  listEventTypes,
  TOPICS,
  type NotificationBatchCreatedData,
  type ReferralEventData,
} from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import { OnEvent, Outbox, type EventContext } from '@referral/platform-kafka';
import type { NotificationsEnv } from '../config';
import { ContactDirectory } from '../contacts/contact-directory';
import { MESSAGE_EVENT_TYPES } from '../messaging/templates';
import { DEFAULT_CHANNELS } from '../preferences/notification-preference.entity';
import { notBefore } from '../preferences/quiet-hours';
import { audiencesOf, isUrgent } from '../rules/notification-rules';
import { inAppText } from './in-app-text';
import { RecipientResolver } from './recipient-resolver';

interface Person {
  practitionerId: string;
  organizationId: string | null;
}

interface PreferenceRow {
  practitionerId: string;
  channels: string[];
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
}

const TEMPLATED = new Set<string>(MESSAGE_EVENT_TYPES);

/**
 * Every referral event, through the rules: an in-app inbox entry for each person (or for an
 * organization's coordinators) the rules name, and an SMS and/or email dispatch for each person per
 * their preferences — all in the event's inbox transaction, so that an event is turned into
 * notifications exactly once, with one `notification.batch_created` event for the entries it created
 * (not one event per entry). The messages themselves are sent by the DispatchWorker (contact details
 * come from the directory at send time; a routine message waits for the end of the recipient's quiet
 * hours, an urgent one does not). Whoever caused the event is not told about it. Without credentials
 * for the directory (SERVICE_CLIENT_*), or for an event older than MESSAGE_MAX_EVENT_AGE_MINUTES, only
 * the inbox is written.
 */
@Controller()
export class ReferralNotifierConsumer {
  constructor(
    private readonly recipients: RecipientResolver,
    private readonly contacts: ContactDirectory,
    private readonly outbox: Outbox,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
  ) {}

  @OnEvent(listEventTypes(TOPICS.referral))
  async onReferralEvent(@Payload() data: ReferralEventData, @Ctx() ctx: EventContext): Promise<void> {
    const { manager, envelope } = ctx;
    const now = new Date();
    const people = new Map<string, Person>();
    const roles: { organizationId: string; role: 'clinician' | 'coordinator' }[] = [];

    for (const audience of audiencesOf(envelope.type, data)) {
      switch (audience.to) {
        case 'practitioner': {
          const known = await this.recipients.practitioner(manager, audience.practitionerId);
          people.set(audience.practitionerId, {
            practitionerId: audience.practitionerId,
            organizationId:
              known?.organizationId ?? (audience.as === 'referrer' ? data.referringOrganizationId : null),
          });
          break;
        }
        case 'referring-organization':
          roles.push({ organizationId: audience.organizationId, role: 'clinician' });
          break;
        case 'pool':
          for (const recipient of await this.recipients.pool(manager, audience.specialtyCode, {
            widened: audience.widened,
            now,
          })) {
            if (!people.has(recipient.practitionerId)) people.set(recipient.practitionerId, recipient);
          }
          break;
        case 'coordinators':
          for (const organizationId of await this.recipients.poolOrganizations(
            manager,
            audience.specialtyCode,
          )) {
            roles.push({ organizationId, role: 'coordinator' });
          }
          break;
      }
    }
    if (data.actor?.practitionerId) people.delete(data.actor.practitionerId);

    const text = inAppText(envelope.type, data);
    const entries = [
      ...[...people.values()].map((person) => ({
        id: randomUUID(),
        organization_id: person.organizationId,
        practitioner_id: person.practitionerId as string | null,
        role: null as string | null,
      })),
      ...roles.map((entry) => ({
        id: randomUUID(),
        organization_id: entry.organizationId as string | null,
        practitioner_id: null,
        role: entry.role as string | null,
      })),
    ];
    // One statement for all the entries (a pool may be large); a redelivery writes none again.
    const inserted: { id: string }[] = entries.length
      ? await manager.query(
          `INSERT INTO notification
             (id, type, referral_id, organization_id, recipient_practitioner_id, audience_role, title, body, source_event_id)
           SELECT e.id, $2, $3, e.organization_id, e.practitioner_id, e.role, $4, $5, $6
             FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, organization_id uuid, practitioner_id uuid, role text)
           ON CONFLICT DO NOTHING
           RETURNING id::text AS id`,
          [JSON.stringify(entries), envelope.type, data.referralId, text.title, text.body, envelope.id],
        )
      : [];
    // One event for all the entries this source event created (a pool of N is one event, not N); a
    // redelivery creates none, and so publishes none.
    if (inserted.length > 0) {
      await this.outbox.add<NotificationBatchCreatedData>(manager, {
        type: 'notification.batch_created',
        subject: data.referralId,
        data: {
          sourceEventId: envelope.id,
          sourceEventType: envelope.type,
          referralId: data.referralId,
          channel: 'in-app',
          count: inserted.length,
          occurredAt: now.toISOString(),
        },
      });
    }
    // SMS and email: for the events that have templates, when contact details can be read at all, and
    // only for recent events — a consumer group reading old events again (a new deployment, a replay)
    // does not text people about the past; their inbox has it.
    const recent =
      now.getTime() - Date.parse(data.occurredAt) <= this.env.MESSAGE_MAX_EVENT_AGE_MINUTES * 60_000;
    if (TEMPLATED.has(envelope.type) && this.contacts.configured && recent) {
      await this.scheduleMessages(manager, envelope, data, [...people.keys()], now);
    }
  }

  /** One dispatch per person and channel they chose, due now or at the end of their quiet hours. */
  private async scheduleMessages(
    manager: EntityManager,
    envelope: EventContext['envelope'],
    data: ReferralEventData,
    practitionerIds: string[],
    now: Date,
  ): Promise<void> {
    if (practitionerIds.length === 0) return;
    const rows: PreferenceRow[] = await manager.query(
      `SELECT practitioner_id::text AS "practitionerId", channels, quiet_hours_start AS "quietHoursStart",
              quiet_hours_end AS "quietHoursEnd"
         FROM notification_preference WHERE practitioner_id = ANY($1::uuid[])`,
      [practitionerIds],
    );
    const preferences = new Map(rows.map((row) => [row.practitionerId, row]));
    const dispatches = practitionerIds.flatMap((practitionerId) => {
      const preference = preferences.get(practitionerId);
      const quiet =
        preference?.quietHoursStart && preference.quietHoursEnd
          ? { start: preference.quietHoursStart, end: preference.quietHoursEnd }
          : null;
      const due = isUrgent(data) ? now : notBefore(now, quiet);
      return (preference?.channels ?? DEFAULT_CHANNELS).map((channel) => ({
        id: randomUUID(),
        practitioner_id: practitionerId,
        channel,
        not_before: due.toISOString(),
      }));
    });
    if (dispatches.length === 0) return;
    await manager.query(
      `INSERT INTO notification_dispatch
         (id, source_event_id, event_type, referral_id, practitioner_id, channel, priority, specialty_code, not_before)
       SELECT d.id, $2, $3, $4, d.practitioner_id, d.channel, $5, $6, d.not_before
         FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, practitioner_id uuid, channel text, not_before timestamptz)
       ON CONFLICT (source_event_id, practitioner_id, channel) DO NOTHING`,
      [
        JSON.stringify(dispatches),
        envelope.id,
        envelope.type,
        data.referralId,
        data.priority,
        data.specialtyCode,
      ],
    );
  }
}
