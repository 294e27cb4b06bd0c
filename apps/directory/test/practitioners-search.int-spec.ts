import { randomUUID } from 'node:crypto';
import { TestClock } from '@referral/testing';
import { startDirectory, type TestDirectory } from './support/directory';

interface Page {
  items: { roleId: string; [field: string]: unknown }[];
  nextCursor: string | null;
}

/** `GET /v1/practitioners`: only roles that could take a case, at a pinned moment in Asia/Karachi. */
describe('directory: searching eligible practitioners (real PostgreSQL)', () => {
  let directory: TestDirectory;
  const clock = new TestClock();
  const organization = randomUUID();
  const roles: Record<string, string> = {};

  const coordinator = () => directory.issuer.token({ org: randomUUID(), roles: ['coordinator'] });
  const admin = () => directory.issuer.token({ org: organization, roles: ['admin'] });
  const call = (method: string, path: string, body?: unknown, token = admin()) =>
    fetch(`${directory.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const search = async (query: string): Promise<Page> => {
    const response = await call('GET', `/v1/practitioners?${query}`, undefined, coordinator());
    expect(response.status).toBe(200);
    return (await response.json()) as Page;
  };
  const found = async (query: string) =>
    (await search(query)).items.map((item) => Object.keys(roles).find((name) => roles[name] === item.roleId));

  /** A practitioner with one role; returns the role id. */
  async function practitionerWithRole(
    name: string,
    options: {
      languages?: string[];
      licenceExpiresOn?: string;
      specialtyCode?: string;
      availability?: { day: string; start: string; end: string }[];
    } = {},
  ): Promise<string> {
    const created = await call('POST', '/v1/practitioners', {
      name: `Dr. ${name}`,
      pmdcNumber: `S-${randomUUID().slice(0, 8)}`,
      licenceType: 'full',
      licenceExpiresOn: options.licenceExpiresOn ?? '2099-12-31',
      phone: '03001234567',
      email: `${name.toLowerCase()}@example.pk`,
      languages: options.languages ?? ['ur'],
      organizationId: organization,
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const role = await call('POST', `/v1/practitioners/${id}/roles`, {
      specialtyCode: options.specialtyCode ?? 'nephrology',
      organizationId: organization,
      maxOpenCases: 7,
      availability: options.availability ?? [],
    });
    expect(role.status).toBe(201);
    roles[name] = ((await role.json()) as { id: string }).id;
    return id;
  }

  /** Pins "now" for the service: the instant given in UTC. */
  const at = (instant: string) => clock.set(instant);

  beforeAll(async () => {
    directory = await startDirectory({}, clock);
    await directory.dataSource.query(
      `INSERT INTO organization (id, name, kind, district, province) VALUES ($1, 'Search hospital', 'hospital', 'Karachi', 'sindh')`,
      [organization],
    );
    await practitionerWithRole('Always', { languages: ['ur', 'en'] });
    await practitionerWithRole('MondayEvening', {
      languages: ['sd', 'ur'],
      availability: [
        { day: 'mon', start: '18:00', end: '22:00' },
        { day: 'sat', start: '09:00', end: '13:00' },
      ],
    });
    await practitionerWithRole('TuesdayMorning', {
      availability: [{ day: 'tue', start: '09:00', end: '13:00' }],
    });
    await practitionerWithRole('Expired', { licenceExpiresOn: '2026-11-29' });
    await practitionerWithRole('ExpiresToday', { licenceExpiresOn: '2026-11-30', languages: ['pa'] });
    await practitionerWithRole('Cardiologist', { specialtyCode: 'cardiology' });
    await practitionerWithRole('RoleInactive');
    const retired = await practitionerWithRole('PractitionerInactive');
    const inactiveRole = await directory.dataSource.query(
      'SELECT practitioner_id FROM practitioner_role WHERE id = $1',
      [roles.RoleInactive],
    );
    expect(
      (
        await call(
          'PATCH',
          `/v1/practitioners/${inactiveRole[0].practitioner_id}/roles/${roles.RoleInactive}`,
          {
            active: false,
          },
        )
      ).status,
    ).toBe(200);
    expect((await call('PATCH', `/v1/practitioners/${retired}`, { active: false })).status).toBe(200);
  });

  afterAll(async () => {
    await directory?.close();
  });

  const sorted = (names: string[]) => [...names].sort((a, b) => roles[a].localeCompare(roles[b]));

  it('finds the active roles of the specialty with a valid licence, in role id order', async () => {
    at('2026-11-30T10:00:00.000Z'); // Monday 15:00 in Karachi
    expect(await found('specialty=nephrology')).toEqual(
      sorted(['Always', 'MondayEvening', 'TuesdayMorning', 'ExpiresToday']),
    );
    expect(await found('specialty=cardiology')).toEqual(['Cardiologist']);
    expect(await found('specialty=radiology')).toEqual([]);
  });

  it('shows what routing needs and neither phone nor email', async () => {
    at('2026-11-30T10:00:00.000Z');
    const { items } = await search('specialty=nephrology&language=sd');
    expect(items).toEqual([
      {
        roleId: roles.MondayEvening,
        practitionerId: expect.any(String),
        name: 'Dr. MondayEvening',
        specialtyCode: 'nephrology',
        organizationId: organization,
        languages: ['sd', 'ur'],
        maxOpenCases: 7,
        licenceType: 'full',
        licenceExpiresOn: '2099-12-31',
        availability: [
          { day: 'mon', start: '18:00', end: '22:00' },
          { day: 'sat', start: '09:00', end: '13:00' },
        ],
      },
    ]);
  });

  it('filters by language', async () => {
    at('2026-11-30T10:00:00.000Z');
    expect(await found('specialty=nephrology&language=en')).toEqual(['Always']);
    expect(await found('specialty=nephrology&language=pa')).toEqual(['ExpiresToday']);
    expect(await found('specialty=nephrology&language=bal')).toEqual([]);
  });

  it('with available=true, keeps roles whose window holds the current Karachi time (UTC+5), or that have none', async () => {
    // Monday 13:30 UTC is 18:30 in Karachi: inside the Monday evening window (it would not be in UTC).
    at('2026-11-30T13:30:00.000Z');
    expect(await found('specialty=nephrology&available=true')).toEqual(
      sorted(['Always', 'MondayEvening', 'ExpiresToday']),
    );
    // Monday 17:00 UTC is 22:00 in Karachi: the window has ended (end is exclusive).
    at('2026-11-30T17:00:00.000Z');
    expect(await found('specialty=nephrology&available=true')).toEqual(sorted(['Always', 'ExpiresToday']));
    // Tuesday 04:00 UTC is 09:00 in Karachi; ExpiresToday's licence ran out with Monday.
    at('2026-12-01T04:00:00.000Z');
    expect(await found('specialty=nephrology&available=true')).toEqual(sorted(['Always', 'TuesdayMorning']));
    expect(await found('specialty=nephrology&available=false')).toEqual(
      sorted(['Always', 'MondayEvening', 'TuesdayMorning']),
    );
  });

  it('drops a licence at midnight in Karachi, not in UTC', async () => {
    at('2026-11-30T18:59:00.000Z'); // Monday 23:59 in Karachi
    expect(await found('specialty=nephrology&language=pa')).toEqual(['ExpiresToday']);
    at('2026-11-30T19:00:00.000Z'); // Tuesday 00:00 in Karachi, still Monday in UTC
    expect(await found('specialty=nephrology&language=pa')).toEqual([]);
  });

  it('follows a practitioner’s changes: languages, licence renewal, role availability', async () => {
    at('2026-12-05T05:00:00.000Z'); // Saturday 10:00 in Karachi
    const [{ practitioner_id: id }] = await directory.dataSource.query(
      'SELECT practitioner_id FROM practitioner_role WHERE id = $1',
      [roles.Expired],
    );
    expect(await found('specialty=nephrology&language=ps')).toEqual([]);
    await call('PATCH', `/v1/practitioners/${id}`, { licenceExpiresOn: '2028-01-01', languages: ['ps'] });
    expect(await found('specialty=nephrology&language=ps&available=true')).toEqual(['Expired']);
    await call('PATCH', `/v1/practitioners/${id}/roles/${roles.Expired}`, {
      availability: [{ day: 'sun', start: '10:00', end: '12:00' }],
    });
    expect(await found('specialty=nephrology&language=ps&available=true')).toEqual([]);
    expect(await found('specialty=nephrology&language=ps')).toEqual(['Expired']);
  });

  it('pages with an opaque cursor, without gaps or repeats', async () => {
    at('2026-11-30T10:00:00.000Z');
    for (const name of ['P1', 'P2', 'P3', 'P4', 'P5']) {
      await practitionerWithRole(name, { specialtyCode: 'ophthalmology' });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page: Page = await search(`specialty=ophthalmology&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      sizes.push(page.items.length);
      seen.push(...page.items.map((item) => item.roleId));
      cursor = page.nextCursor;
      if (cursor) expect(cursor).not.toContain('-');
    } while (cursor);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen).toEqual(sorted(['P1', 'P2', 'P3', 'P4', 'P5']).map((name) => roles[name]));
    expect((await search('specialty=ophthalmology&limit=500')).items).toHaveLength(5);
    expect((await search('specialty=ophthalmology')).nextCursor).toBeNull();
  });

  it.each([
    ['no specialty', 'language=ur', 'specialty'],
    ['limit 0', 'specialty=nephrology&limit=0', 'limit'],
    ['a bad cursor', 'specialty=nephrology&cursor=bm90LWEtdXVpZA', 'cursor'],
    ['available=maybe', 'specialty=nephrology&available=maybe', 'available'],
    ['a language that is not ISO 639', 'specialty=nephrology&language=urdu', 'language'],
  ])('refuses %s with 422 naming the parameter', async (_, query, field) => {
    const response = await call('GET', `/v1/practitioners?${query}`, undefined, coordinator());
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field)).toEqual([field]);
  });
});
