import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope, NotificationBatchCreatedData, ReferralEventData } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import { Outbox } from '@referral/platform-kafka';
import { Clock } from '@referral/platform-database';
import type { NotificationsEnv } from '../config';
import { ContactDirectory } from '../contacts/contact-directory';
import { MESSAGE_EVENT_TYPES } from '../messaging/templates';
import { DEFAULT_CHANNELS } from '../preferences/notification-preference.entity';
import { notBefore } from '../preferences/quiet-hours';
import { audiencesOf, isUrgent } from '../rules/notification-rules';
import { DispatchRepository, type InboxEntryRow, type ScheduledDispatch } from './dispatch.repository';
import { HeldReferralProjection } from './held-referral-projection';
import { inAppText } from './in-app-text';
import { RecipientResolver } from './recipient-resolver';

interface Person {
  practitionerId: string;
  organizationId: string | null;
}

const TEMPLATED = new Set<string>(MESSAGE_EVENT_TYPES);

/**
 * A referral event, through the rules: an in-app inbox entry for each person (or for an
 * organization's coordinators) the rules name, and an SMS and/or email dispatch for each person per
 * their preferences — all in the event's inbox transaction, so that an event is turned into
 * notifications exactly once, with one `notification.batch_created` event for the entries it created
 * (not one event per entry). The messages themselves are sent by the DispatchWorker (contact details
 * come from the directory at send time; a routine message waits for the end of the recipient's quiet
 * hours, an urgent one does not). Whoever caused the event is not told about it. Without credentials
 * for the directory (SERVICE_CLIENT_*), or for an event older than MESSAGE_MAX_EVENT_AGE_MINUTES, only
 * the inbox is written. The event first counts for its holder's capacity (the pool of the next one).
 */
@Injectable()
export class NotifyReferralChange {
  constructor(
    private readonly held: HeldReferralProjection,
    private readonly recipients: RecipientResolver,
    private readonly dispatches: DispatchRepository,
    private readonly contacts: ContactDirectory,
    private readonly outbox: Outbox,
    @Inject(SERVICE_ENV) private readonly env: NotificationsEnv,
    private readonly clock: Clock,
  ) {}

  async execute(manager: EntityManager, envelope: EventEnvelope, data: ReferralEventData): Promise<void> {
    const now = this.clock.now();
    await this.held.apply(manager, data);
    const { people, roles } = await this.audienceOf(manager, envelope.type, data, now);

    const text = inAppText(envelope.type, data);
    const entries: InboxEntryRow[] = [
      ...[...people.values()].map(({ practitionerId, organizationId }) => ({
        id: randomUUID(),
        practitionerId,
        organizationId,
        role: null,
      })),
      ...roles.map(({ organizationId, role }) => ({
        id: randomUUID(),
        practitionerId: null,
        organizationId,
        role,
      })),
    ];
    const created = await this.dispatches.addInboxEntries(
      manager,
      { eventId: envelope.id, eventType: envelope.type, referralId: data.referralId, ...text },
      entries,
    );
    // One event for all the entries this source event created (a pool of N is one event, not N); a
    // redelivery creates none, and so publishes none.
    if (created.length > 0) {
      await this.outbox.add<NotificationBatchCreatedData>(manager, {
        type: 'notification.batch_created',
        subject: data.referralId,
        data: {
          sourceEventId: envelope.id,
          sourceEventType: envelope.type,
          referralId: data.referralId,
          channel: 'in-app',
          count: created.length,
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

  /** The people and organizations' roles the rules name for the event, without whoever caused it. */
  private async audienceOf(
    manager: EntityManager,
    type: string,
    data: ReferralEventData,
    now: Date,
  ): Promise<{
    people: Map<string, Person>;
    roles: { organizationId: string; role: 'clinician' | 'coordinator' }[];
  }> {
    const people = new Map<string, Person>();
    const roles: { organizationId: string; role: 'clinician' | 'coordinator' }[] = [];
    for (const audience of audiencesOf(type, data)) {
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
        case 'pool': {
          const needs = { specialtyCode: audience.specialtyCode, requiredLanguage: data.requiredLanguage };
          for (const recipient of await this.recipients.pool(manager, needs, {
            widened: audience.widened,
            now,
          })) {
            if (!people.has(recipient.practitionerId)) people.set(recipient.practitionerId, recipient);
          }
          break;
        }
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
    return { people, roles };
  }

  /** One dispatch per person and channel they chose, due now or at the end of their quiet hours. */
  private async scheduleMessages(
    manager: EntityManager,
    envelope: EventEnvelope,
    data: ReferralEventData,
    practitionerIds: string[],
    now: Date,
  ): Promise<void> {
    if (practitionerIds.length === 0) return;
    const preferences = new Map(
      (await this.dispatches.preferencesOf(manager, practitionerIds)).map((row) => [row.practitionerId, row]),
    );
    const dispatches = practitionerIds.flatMap((practitionerId): ScheduledDispatch[] => {
      const preference = preferences.get(practitionerId);
      const quiet =
        preference?.quietHoursStart && preference.quietHoursEnd
          ? { start: preference.quietHoursStart, end: preference.quietHoursEnd }
          : null;
      const due = isUrgent(data) ? now : notBefore(now, quiet);
      return (preference?.channels ?? DEFAULT_CHANNELS).map((channel) => ({
        id: randomUUID(),
        practitionerId,
        channel,
        notBefore: due,
      }));
    });
    await this.dispatches.schedule(
      manager,
      {
        eventId: envelope.id,
        eventType: envelope.type,
        referralId: data.referralId,
        priority: data.priority,
        specialtyCode: data.specialtyCode,
      },
      dispatches,
    );
  }
}
