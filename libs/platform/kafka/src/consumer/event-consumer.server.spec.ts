import type { Kafka } from 'kafkajs';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { EventConsumerServer } from './event-consumer.server';

/** A server of the main group (no `consumer`) or of a further group, not started. */
const server = (consumer?: string) =>
  new EventConsumerServer({
    kafka: {} as Kafka,
    dataSource: {} as DataSource,
    logger: pino({ level: 'silent' }),
    groupId: consumer ? `referrals.${consumer}` : 'referrals',
    consumer,
    topics: ['referrals.referral.v1'],
    maxAttempts: 3,
    retryBackoffMs: 20,
  });

describe('EventConsumerServer handlers', () => {
  // Nest offers every @EventPattern handler of the app to every connected server, with the extras of
  // its decorator (`@OnEvent(type, { consumer })`).
  const offer = (target: EventConsumerServer) => {
    const handlers = {
      main: Object.assign(async () => undefined, {}),
      reports: Object.assign(async () => undefined, {}),
    };
    target.addHandler('referral.claimed', handlers.main, true, {});
    target.addHandler('referral.submitted', handlers.main, true);
    target.addHandler('referral.claimed', handlers.reports, true, { consumer: 'reports' });
    return handlers;
  };

  it('keeps, in the main group, only the handlers marked with no consumer', () => {
    const main = server();
    const handlers = offer(main);
    expect(main.getHandlerByPattern('referral.claimed')).toBe(handlers.main);
    expect(main.getHandlerByPattern('referral.claimed')?.next).toBeUndefined();
    expect(main.getHandlerByPattern('referral.submitted')).toBe(handlers.main);
  });

  it("keeps, in a further group, only the handlers marked with that group's name", () => {
    const reports = server('reports');
    const handlers = offer(reports);
    expect(reports.getHandlerByPattern('referral.claimed')).toBe(handlers.reports);
    expect(reports.getHandlerByPattern('referral.claimed')?.next).toBeUndefined();
    expect(reports.getHandlerByPattern('referral.submitted')).toBeNull();
    const audit = server('audit');
    offer(audit);
    expect(audit.getHandlers().size).toBe(0);
  });
});
