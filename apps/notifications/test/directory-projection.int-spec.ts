import { randomUUID } from 'node:crypto';
import { TOPICS, type PractitionerEventData } from '@referral/contracts';
import type { IssuedTestService } from '@referral/testing-service';
import { EventFeed, startNotifications } from './support/notifications';

describe('notifications: the projection of directory.practitioner.v1 (real PostgreSQL and Kafka)', () => {
  let notifications: IssuedTestService;
  let feed: EventFeed;

  beforeAll(async () => {
    notifications = await startNotifications();
    feed = new EventFeed(() => notifications.dataSource);
  });

  afterAll(async () => {
    await feed?.stop();
    await notifications?.close();
  });

  const snapshot = (
    data: PractitionerEventData,
    type: 'practitioner.updated' | 'practitioner.role_updated',
  ) => feed.publish(TOPICS.directoryPractitioner, '/directory', type, data.practitionerId, data, true);
  const rolesOf = (practitionerId: string) =>
    notifications.dataSource.query(
      `SELECT role_id AS "roleId", specialty_code AS "specialtyCode", organization_id AS "organizationId", active
         FROM directory_practitioner_role WHERE practitioner_id = $1 ORDER BY specialty_code`,
      [practitionerId],
    );

  it('keeps the latest snapshot of a practitioner and their roles, ignoring stale ones', async () => {
    const registered = await feed.practitioner();
    const [row] = await notifications.dataSource.query(
      `SELECT organization_id, languages, active FROM directory_practitioner WHERE practitioner_id = $1`,
      [registered.practitionerId],
    );
    expect(row).toEqual({
      organization_id: registered.organizationId,
      languages: ['ur', 'en'],
      active: true,
    });

    const hospital = randomUUID();
    const moved: PractitionerEventData = {
      ...registered,
      languages: ['ur', 'sd'],
      roles: [
        { ...registered.roles[0], organizationId: hospital, active: false },
        { ...registered.roles[0], roleId: randomUUID(), specialtyCode: 'cardiology' },
      ],
      occurredAt: new Date(Date.parse(registered.occurredAt) + 60_000).toISOString(),
    };
    await snapshot(moved, 'practitioner.role_updated');
    expect(await rolesOf(registered.practitionerId)).toEqual([
      expect.objectContaining({
        specialtyCode: 'cardiology',
        organizationId: registered.organizationId,
        active: true,
      }),
      expect.objectContaining({ specialtyCode: 'dermatology', organizationId: hospital, active: false }),
    ]);

    // An older snapshot arriving late changes nothing.
    await snapshot(
      {
        ...registered,
        active: false,
        roles: [],
        occurredAt: new Date(Date.parse(registered.occurredAt) + 1).toISOString(),
      },
      'practitioner.updated',
    );
    expect(await rolesOf(registered.practitionerId)).toHaveLength(2);
    const [after] = await notifications.dataSource.query(
      `SELECT languages, active FROM directory_practitioner WHERE practitioner_id = $1`,
      [registered.practitionerId],
    );
    expect(after).toEqual({ languages: ['ur', 'sd'], active: true });

    // A later one without a role removes it.
    await snapshot(
      {
        ...moved,
        roles: [moved.roles[1]],
        occurredAt: new Date(Date.parse(moved.occurredAt) + 1).toISOString(),
      },
      'practitioner.role_updated',
    );
    expect(
      (await rolesOf(registered.practitionerId)).map((r: { specialtyCode: string }) => r.specialtyCode),
    ).toEqual(['cardiology']);
  });

  it('holds no contact details', async () => {
    const columns: { column_name: string }[] = await notifications.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name LIKE 'directory_practitioner%'`,
    );
    expect(columns.length).toBeGreaterThan(5);
    expect(columns.filter((c) => /name$|phone|email|pmdc/i.test(c.column_name))).toEqual([]);
  });
});
