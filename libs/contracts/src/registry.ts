import type { EventDefinition } from './event-definition';
import { UnknownEventTypeError } from './errors';
import { CASE_FILE_EVENTS } from './events/case-file.events';
import { NOTIFICATION_EVENTS } from './events/notification.events';
import { ORGANIZATION_EVENTS } from './events/organization.events';
import { PRACTITIONER_EVENTS } from './events/practitioner.events';
import { REFERRAL_EVENTS } from './events/referral.events';
import type { Topic } from './topics';

const EVENT_DEFINITIONS = [
  ...ORGANIZATION_EVENTS,
  ...PRACTITIONER_EVENTS,
  ...CASE_FILE_EVENTS,
  ...REFERRAL_EVENTS,
  ...NOTIFICATION_EVENTS,
];

type RegisteredDefinition = (typeof EVENT_DEFINITIONS)[number];

export type EventType = RegisteredDefinition['type'];

/** Each type's definition, typed precisely: `EVENT_REGISTRY['case_file.created'].sample` is a `CaseFileEventData`. */
export type EventRegistry = { readonly [D in RegisteredDefinition as D['type']]: D };

export const EVENT_REGISTRY: EventRegistry = Object.freeze(
  Object.fromEntries(EVENT_DEFINITIONS.map((definition) => [definition.type, definition])) as EventRegistry,
);

// Types come off the wire: a plain `in` would take "constructor" for a known type.
export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_REGISTRY, type);
}

/** @throws UnknownEventTypeError */
export function getEventDefinition(type: string): EventDefinition<EventType> {
  if (!isKnownEventType(type)) throw new UnknownEventTypeError(type);
  return EVENT_REGISTRY[type];
}

/** Every registered type, or those published on one topic. */
export function listEventTypes(topic?: Topic): EventType[] {
  return EVENT_DEFINITIONS.filter((definition) => topic === undefined || definition.topic === topic).map(
    (definition) => definition.type,
  );
}
