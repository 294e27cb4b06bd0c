import { randomUUID } from 'node:crypto';
import { describeAuthorizationMatrix, type TestIssuer, type TestService } from '@referral/testing-service';
import { startDirectory, type TestDirectory } from './support/directory';

interface Organization {
  id: string;
  name: string;
  kind: string;
  district: string;
  province: string;
  phone: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
interface Page {
  items: Organization[];
  nextCursor: string | null;
}
interface Problem {
  type: string;
  status: number;
  errors?: { field: string; message: string }[];
}

const SPECIALTY_CODES = [
  'cardiology',
  'dermatology',
  'endocrinology',
  'ent',
  'gastroenterology',
  'general-surgery',
  'gynaecology-obstetrics',
  'internal-medicine',
  'nephrology',
  'neurology',
  'ophthalmology',
  'orthopaedics',
  'paediatrics',
  'pathology',
  'psychiatry',
  'pulmonology',
  'radiology',
];

describe('directory: specialties and organizations (real PostgreSQL and Kafka)', () => {
  let directory: TestDirectory;
  let service: TestService;
  let issuer: TestIssuer;

  const auth = (roles: string[], org: string = randomUUID()) => ({
    authorization: `Bearer ${issuer.token({ org, roles: roles as never })}`,
  });
  const admin = () => auth(['admin']);

  const body = (overrides: Record<string, unknown> = {}) => ({
    name: 'Rural Health Centre Choa Saidan Shah',
    kind: 'clinic',
    district: 'Chakwal',
    province: 'punjab',
    phone: '0300-1234567',
    ...overrides,
  });

  const request = (method: string, path: string, headers: Record<string, string>, payload?: unknown) =>
    fetch(`${service.url}${path}`, {
      method,
      headers: { ...(payload !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });

  const create = async (overrides: Record<string, unknown> = {}): Promise<Organization> => {
    const response = await request('POST', '/v1/organizations', admin(), body(overrides));
    expect(response.status).toBe(201);
    return (await response.json()) as Organization;
  };

  const expectProblem = async (response: Response, status: number, fields?: string[]) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as Problem;
    expect(problem.status).toBe(status);
    if (fields) expect([...new Set(problem.errors?.map((e) => e.field))].sort()).toEqual([...fields].sort());
    return problem;
  };

  const outboxRows = (id: string) =>
    directory.dataSource.query(`SELECT type FROM outbox WHERE key = $1 ORDER BY seq`, [id]);

  beforeAll(async () => {
    directory = await startDirectory();
    ({ service, issuer } = directory);
  });

  afterAll(async () => {
    await directory?.close();
  });

  describe('GET /v1/specialties', () => {
    it('lists the 17 seeded specialties by code, with English and Urdu names, to any role', async () => {
      for (const role of ['clinician', 'specialist', 'partner', 'coordinator', 'admin']) {
        const response = await request('GET', '/v1/specialties', auth([role]));
        expect(response.status).toBe(200);
        const list = (await response.json()) as {
          items: { code: string; nameEn: string; nameUr: string }[];
          nextCursor: null;
        };
        expect(list.nextCursor).toBeNull();
        expect(list.items.map((s) => s.code)).toEqual(SPECIALTY_CODES);
        for (const specialty of list.items) {
          expect(specialty.nameEn).toMatch(/^[A-Z]/);
          // Urdu script, with the Urdu letters (ی ک ہ), not their Arabic look-alikes (ي ك ه).
          expect(specialty.nameUr).toMatch(/^[\u0600-\u06FF][\u0600-\u06FF\s()]*$/);
          expect(specialty.nameUr).not.toMatch(/[\u064A\u0643\u0647]/);
        }
        expect(list.items).toContainEqual({
          code: 'dermatology',
          nameEn: 'Dermatology',
          nameUr: 'امراضِ جلد',
        });
        expect(list.items).toContainEqual({ code: 'cardiology', nameEn: 'Cardiology', nameUr: 'امراضِ قلب' });
        expect(list.items).toContainEqual({
          code: 'paediatrics',
          nameEn: 'Paediatrics',
          nameUr: 'امراضِ اطفال',
        });
      }
    });

    it('pages like every list: `limit` and `cursor`, each specialty once, by code; 422 on a cursor not its own', async () => {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const response = await request('GET', `/v1/specialties?limit=5${query}`, auth(['clinician']));
        expect(response.status).toBe(200);
        const page = (await response.json()) as { items: { code: string }[]; nextCursor: string | null };
        sizes.push(page.items.length);
        seen.push(...page.items.map((s) => s.code));
        cursor = page.nextCursor;
      } while (cursor && sizes.length < 10);
      expect(sizes).toEqual([5, 5, 5, 2]);
      expect(seen).toEqual(SPECIALTY_CODES);
      for (const bad of ['nonsense', Buffer.from('{"after":"Cardiology"}').toString('base64url')]) {
        const response = await request('GET', `/v1/specialties?cursor=${bad}`, auth(['clinician']));
        expect(response.status).toBe(422);
        expect(((await response.json()) as { errors: { field: string }[] }).errors).toEqual([
          expect.objectContaining({ field: 'cursor' }),
        ]);
      }
      expect((await request('GET', '/v1/specialties?limit=0', auth(['clinician']))).status).toBe(422);
    });

    it('needs a token', async () => {
      expect((await request('GET', '/v1/specialties', {})).status).toBe(401);
    });
  });

  describe('POST /v1/organizations', () => {
    it('registers an organization, normalises its phone to E.164, and queues organization.created', async () => {
      const organization = await create(body({ name: '  BHU Dhudial  ', phone: '0300-1234567' }));
      expect(organization).toMatchObject({
        name: 'BHU Dhudial',
        kind: 'clinic',
        district: 'Chakwal',
        province: 'punjab',
        phone: '+923001234567',
        active: true,
      });
      expect(organization.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(organization.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(await outboxRows(organization.id)).toEqual([{ type: 'organization.created' }]);

      const [row] = await directory.dataSource.query(`SELECT phone, name FROM organization WHERE id = $1`, [
        organization.id,
      ]);
      expect(row).toEqual({ phone: '+923001234567', name: 'BHU Dhudial' });
    });

    it('accepts +92 3xx xxxxxxx and no phone at all', async () => {
      expect((await create({ phone: '+92 321 7654321' })).phone).toBe('+923217654321');
      const { phone: _omitted, ...withoutPhone } = body();
      const response = await request('POST', '/v1/organizations', admin(), withoutPhone);
      expect(response.status).toBe(201);
      expect(((await response.json()) as Organization).phone).toBeNull();
    });

    it.each([
      ['an unknown kind', { kind: 'pharmacy' }, ['kind']],
      ['an unknown province', { province: 'kashmir' }, ['province']],
      ['a malformed phone', { phone: '042-35761234' }, ['phone']],
      ['a phone with too few digits', { phone: '0300-123456' }, ['phone']],
      ['an unknown field', { website: 'https://example.org' }, ['website']],
      ['a blank name', { name: '   ' }, ['name']],
      ['a name over 200 characters', { name: 'x'.repeat(201) }, ['name']],
      ['a district over 100 characters', { district: 'x'.repeat(101) }, ['district']],
      ['a missing district', { district: undefined }, ['district']],
      ['a latitude above 90', { latitude: 90.5, longitude: 72.86 }, ['latitude']],
      ['a longitude below -180', { latitude: 32.93, longitude: -180.5 }, ['longitude']],
      ['a latitude without a longitude', { latitude: 32.93 }, ['latitude', 'longitude']],
      ['a longitude that is a string', { latitude: 32.93, longitude: '72.86' }, ['latitude', 'longitude']],
    ])('refuses %s with 422 naming the field, and writes nothing', async (_, overrides, fields) => {
      const before = {
        organizations: await directory.count('organization'),
        outbox: await directory.count('outbox'),
      };
      const response = await request('POST', '/v1/organizations', admin(), body(overrides));
      const problem = await expectProblem(response, 422, fields);
      expect(problem.type).toBe('urn:problem-type:validation-failed');
      expect({
        organizations: await directory.count('organization'),
        outbox: await directory.count('outbox'),
      }).toEqual(before);
    });

    it('is for admins only', async () => {
      await expectProblem(await request('POST', '/v1/organizations', auth(['coordinator']), body()), 403);
    });
  });

  describe('GET /v1/organizations/{id}', () => {
    it('shows any organization to an admin and its own to its members', async () => {
      const organization = await create();
      const byAdmin = await request('GET', `/v1/organizations/${organization.id}`, admin());
      expect(byAdmin.status).toBe(200);
      expect(await byAdmin.json()).toEqual(organization);
      for (const role of ['clinician', 'specialist', 'coordinator', 'partner']) {
        const byMember = await request(
          'GET',
          `/v1/organizations/${organization.id}`,
          auth([role], organization.id),
        );
        expect(byMember.status).toBe(200);
        expect(await byMember.json()).toEqual(organization);
      }
    });

    it("answers 404 to another organization's member, as to an unknown id, and 400 to a malformed id", async () => {
      const organization = await create();
      const stranger = await expectProblem(
        await request('GET', `/v1/organizations/${organization.id}`, auth(['clinician'])),
        404,
      );
      const unknownId = randomUUID();
      const unknown = await expectProblem(
        await request('GET', `/v1/organizations/${unknownId}`, admin()),
        404,
      );
      expect(stranger.type).toBe(unknown.type);
      expect(JSON.stringify(stranger)).not.toContain(organization.name);
      await expectProblem(await request('GET', '/v1/organizations/not-a-uuid', admin()), 400);
    });
  });

  describe('PATCH /v1/organizations/{id}', () => {
    it('changes the named fields, clears the phone with null, and queues organization.updated', async () => {
      const organization = await create();
      const response = await request('PATCH', `/v1/organizations/${organization.id}`, admin(), {
        name: ' DHQ Hospital Chakwal ',
        kind: 'hospital',
        phone: null,
        active: false,
      });
      expect(response.status).toBe(200);
      const updated = (await response.json()) as Organization;
      expect(updated).toMatchObject({
        id: organization.id,
        name: 'DHQ Hospital Chakwal',
        kind: 'hospital',
        district: organization.district,
        province: organization.province,
        phone: null,
        active: false,
        createdAt: organization.createdAt,
      });
      expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(organization.updatedAt));
      expect(await outboxRows(organization.id)).toEqual([
        { type: 'organization.created' },
        { type: 'organization.updated' },
      ]);

      const again = await request('PATCH', `/v1/organizations/${organization.id}`, admin(), {
        phone: '0333 5550001',
        district: 'Jhelum',
      });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ phone: '+923335550001', district: 'Jhelum', active: false });
    });

    it('sets the coordinates together, and removes them with both null', async () => {
      const organization = await create();
      expect(organization).toMatchObject({ latitude: null, longitude: null });
      const located = await request('PATCH', `/v1/organizations/${organization.id}`, admin(), {
        latitude: 33.6844,
        longitude: 73.0479,
      });
      expect(await located.json()).toMatchObject({ latitude: 33.6844, longitude: 73.0479 });
      const read = await request('GET', `/v1/organizations/${organization.id}`, admin());
      expect(await read.json()).toMatchObject({ latitude: 33.6844, longitude: 73.0479 });
      const cleared = await request('PATCH', `/v1/organizations/${organization.id}`, admin(), {
        latitude: null,
        longitude: null,
      });
      expect(await cleared.json()).toMatchObject({ latitude: null, longitude: null });
    });

    it.each([
      ['an empty patch', {}, ['body']],
      ['a latitude alone', { latitude: 31.5 }, ['latitude', 'longitude']],
      ['a longitude nulled alone', { longitude: null }, ['latitude', 'longitude']],
      ['a latitude below -90', { latitude: -91, longitude: 0 }, ['latitude']],
      ['an unknown kind', { kind: 'pharmacy' }, ['kind']],
      ['an unknown province', { province: 'kashmir' }, ['province']],
      ['a malformed phone', { phone: '12345' }, ['phone']],
      ['an unknown field', { createdAt: '2020-01-01T00:00:00.000Z' }, ['createdAt']],
      ['a null name', { name: null }, ['name']],
      ['a null active flag', { active: null }, ['active']],
      ['a non-boolean active flag', { active: 'no' }, ['active']],
    ])('refuses %s with 422 and changes nothing', async (_, patch, fields) => {
      const organization = await create();
      await expectProblem(
        await request('PATCH', `/v1/organizations/${organization.id}`, admin(), patch),
        422,
        fields,
      );
      const unchanged = await request('GET', `/v1/organizations/${organization.id}`, admin());
      expect(await unchanged.json()).toEqual(organization);
      expect(await outboxRows(organization.id)).toEqual([{ type: 'organization.created' }]);
    });

    it('answers 404 for an unknown organization and 403 to members, even of that organization', async () => {
      await expectProblem(
        await request('PATCH', `/v1/organizations/${randomUUID()}`, admin(), { active: false }),
        404,
      );
      const organization = await create();
      await expectProblem(
        await request(
          'PATCH',
          `/v1/organizations/${organization.id}`,
          auth(['coordinator'], organization.id),
          {
            active: false,
          },
        ),
        403,
      );
    });
  });

  describe('GET /v1/organizations', () => {
    it('pages newest first with an opaque cursor, filtered by province and kind', async () => {
      // Only this test uses Azad Kashmir, so the list below is exactly what it created.
      const created: Organization[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await create({
            name: `AJK clinic ${i}`,
            province: 'azad-kashmir',
            kind: i === 2 ? 'hospital' : 'clinic',
          }),
        );
      }
      const newestFirst = created.map((o) => o.id).reverse();

      const seen: string[] = [];
      const cursors: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `province=azad-kashmir&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await request('GET', `/v1/organizations?${query}`, admin());
        expect(response.status).toBe(200);
        const page = (await response.json()) as Page;
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((o) => o.id));
        cursor = page.nextCursor;
        if (cursor) cursors.push(cursor);
      } while (cursor);
      expect(seen).toEqual(newestFirst);
      expect(cursors).toHaveLength(2);
      for (const c of cursors) expect(c).toMatch(/^[A-Za-z0-9_-]+$/);

      const hospitals = (await (
        await request('GET', '/v1/organizations?province=azad-kashmir&kind=hospital', admin())
      ).json()) as Page;
      expect(hospitals).toEqual({ items: [created[2]], nextCursor: null });

      const none = await request('GET', '/v1/organizations?province=gilgit-baltistan&kind=partner', admin());
      expect(await none.json()).toEqual({ items: [], nextCursor: null });
    });

    it('defaults to 20 and caps the limit at 100', async () => {
      for (let i = 0; i < 21; i++) await create({ name: `Sindh clinic ${i}`, province: 'sindh' });
      const first = (await (
        await request('GET', '/v1/organizations?province=sindh', admin())
      ).json()) as Page;
      expect(first.items).toHaveLength(20);
      expect(first.nextCursor).not.toBeNull();
      const capped = await request('GET', '/v1/organizations?limit=500', admin());
      expect(capped.status).toBe(200);
      expect(((await capped.json()) as Page).items.length).toBeLessThanOrEqual(100);
    });

    it.each([
      ['a cursor that is not one', 'cursor=garbage', ['cursor']],
      [
        'a cursor naming no organization',
        `cursor=${Buffer.from(JSON.stringify({ after: randomUUID() })).toString('base64url')}`,
        ['cursor'],
      ],
      ['a limit of 0', 'limit=0', ['limit']],
      ['a limit that is not a number', 'limit=ten', ['limit']],
      ['an unknown kind', 'kind=pharmacy', ['kind']],
      ['an unknown province', 'province=kashmir', ['province']],
      ['an unknown filter', 'district=Chakwal', ['district']],
    ])('refuses %s with 422', async (_, query, fields) => {
      await expectProblem(await request('GET', `/v1/organizations?${query}`, admin()), 422, fields);
    });
  });

  describeAuthorizationMatrix(
    'directory organizations',
    {
      url: () => service.url,
      issuer: () => issuer,
      // The owning organization itself: its members may read it.
      setup: async (organizationId) => {
        await directory.dataSource.query(
          `INSERT INTO organization (id, name, kind, district, province) VALUES ($1, 'Matrix clinic', 'clinic', 'Quetta', 'balochistan')`,
          [organizationId],
        );
        return {};
      },
    },
    [
      {
        method: 'GET',
        path: () => '/v1/specialties',
        allowed: ['admin', 'coordinator', 'clinician', 'specialist', 'partner'],
      },
      { method: 'POST', path: () => '/v1/organizations', body: () => body(), allowed: ['admin'] },
      { method: 'GET', path: () => '/v1/organizations', allowed: ['admin'] },
      {
        method: 'GET',
        path: (f) => `/v1/organizations/${f.organizationId}`,
        allowed: ['admin', 'coordinator', 'clinician', 'specialist', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'PATCH',
        path: (f) => `/v1/organizations/${f.organizationId}`,
        body: () => ({ active: true }),
        allowed: ['admin'],
        object: true,
        anyOrganization: ['admin'],
      },
    ],
  );
});
