/** Kafka topics, one per aggregate stream; the schema version is part of the name. */
export const TOPICS = {
  directoryOrganization: 'directory.organization.v1',
  directoryPractitioner: 'directory.practitioner.v1',
  caseFile: 'case-files.case-file.v1',
  referral: 'referrals.referral.v1',
  notificationDelivery: 'notifications.delivery.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const ALL_TOPICS: Topic[] = Object.values(TOPICS);

export function dlqTopicOf(topic: string): string {
  return `${topic}.dlq`;
}

/** The CloudEvents `dataschema` of every event on a topic. */
export function dataschemaOf(topic: string): string {
  return `urn:schemas:${topic}`;
}
