import { randomUUID } from 'node:crypto';
import { assertEventData, dataschemaOf, TOPICS } from '@referral/contracts';
import { testInfrastructure, testKafka, TopicRecorder } from '@referral/testing';
import { describeAuthorizationMatrix } from '@referral/testing-service';
import { startDirectory, type TestDirectory } from './support/directory';

interface Problem {
  type: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

interface Practitioner {
  id: string;
  pmdcNumber: string;
  phone: string;
  email: string | null;
  licenceValid: boolean;
  organizationId: string;
  roles: { id: string }[];
  [field: string]: unknown;
}

/** Practitioners and their roles through the directory's HTTP API, with their events on Kafka. */
describe('directory: practitioners (real PostgreSQL and Kafka)', () => {
  let directory: TestDirectory;
  let recorder: TopicRecorder;
  const hospital = randomUUID();
  const clinic = randomUUID();

  const token = (roles: string[], org = hospital, practitioner?: string) =>
    directory.issuer.token({ org, roles, practitioner });
  const call = (method: string, path: string, body?: unknown, authorization = token(['admin'])) =>
    fetch(`${directory.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${authorization}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  let pmdcSequence = 0;
  const practitionerBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Dr. Ayesha Siddiqui',
    pmdcNumber: `${++pmdcSequence}${randomUUID().slice(0, 6)}-p`,
    licenceType: 'full',
    licenceExpiresOn: '2099-12-31',
    phone: '0300-1234567',
    email: 'ayesha@example.pk',
    languages: ['ur', 'en', 'pa'],
    organizationId: hospital,
    ...overrides,
  });
  const roleBody = (overrides: Record<string, unknown> = {}) => ({
    specialtyCode: 'dermatology',
    organizationId: hospital,
    maxOpenCases: 10,
    availability: [
      { day: 'mon', start: '18:00', end: '22:00' },
      { day: 'sun', start: '20:00', end: '24:00' },
    ],
    ...overrides,
  });

  async function register(overrides: Record<string, unknown> = {}): Promise<Practitioner> {
    const response = await call('POST', '/v1/practitioners', practitionerBody(overrides));
    expect(response.status).toBe(201);
    return (await response.json()) as Practitioner;
  }
  async function addRole(practitionerId: string, overrides: Record<string, unknown> = {}) {
    const response = await call('POST', `/v1/practitioners/${practitionerId}/roles`, roleBody(overrides));
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; [field: string]: unknown };
  }
  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }
  const written = async () => ({
    practitioners: await directory.count('practitioner'),
    roles: await directory.count('practitioner_role'),
    outbox: await directory.count('outbox'),
  });

  beforeAll(async () => {
    directory = await startDirectory();
    for (const [id, kind] of [
      [hospital, 'hospital'],
      [clinic, 'clinic'],
    ]) {
      await directory.dataSource.query(
        `INSERT INTO organization (id, name, kind, district, province) VALUES ($1, $2, $3, 'Lahore', 'punjab')`,
        [id, `Test ${kind}`, kind],
      );
    }
    const infra = await testInfrastructure();
    recorder = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.directoryPractitioner]).start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await directory?.close();
  });

  describe('registering and reading', () => {
    it('registers a practitioner with the PMDC number trimmed and upper-cased, the phone in E.164', async () => {
      const response = await call(
        'POST',
        '/v1/practitioners',
        practitionerBody({ pmdcNumber: '  12345-p ', phone: '+92 321 7654321' }),
      );
      expect(response.status).toBe(201);
      const practitioner = (await response.json()) as Practitioner;
      expect(practitioner).toMatchObject({
        name: 'Dr. Ayesha Siddiqui',
        pmdcNumber: '12345-P',
        licenceType: 'full',
        licenceExpiresOn: '2099-12-31',
        licenceValid: true,
        phone: '+923217654321',
        email: 'ayesha@example.pk',
        languages: ['ur', 'en', 'pa'],
        organizationId: hospital,
        active: true,
        roles: [],
      });
      expect(Date.parse(practitioner.createdAt as string)).not.toBeNaN();

      const read = await call('GET', `/v1/practitioners/${practitioner.id}`);
      expect(read.status).toBe(200);
      expect(await read.json()).toEqual(practitioner);
    });

    it('answers licenceValid false once the licence has expired', async () => {
      const practitioner = await register({ licenceExpiresOn: '2020-01-31' });
      expect(practitioner.licenceValid).toBe(false);
    });

    it('refuses a PMDC number that is taken, whatever its spacing and case, with 409', async () => {
      await register({ pmdcNumber: 'LHR-778899' });
      const before = await written();
      const problem = await problemOf(
        await call('POST', '/v1/practitioners', practitionerBody({ pmdcNumber: ' lhr-778899' })),
        409,
      );
      expect(problem.type).toBe('urn:problem-type:pmdc-number-taken');
      expect(await written()).toEqual(before);

      const other = await register();
      const patch = await call('PATCH', `/v1/practitioners/${other.id}`, { pmdcNumber: 'lhr-778899 ' });
      expect((await problemOf(patch, 409)).type).toBe('urn:problem-type:pmdc-number-taken');
    });

    it.each([
      ['a malformed phone', { phone: '042-35761234' }, 'phone'],
      ['an unknown organization', { organizationId: randomUUID() }, 'organizationId'],
      ['a language that is not an ISO 639 code', { languages: ['urdu'] }, 'languages'],
      ['a date that does not exist', { licenceExpiresOn: '2027-02-30' }, 'licenceExpiresOn'],
      ['an unknown licence type', { licenceType: 'honorary' }, 'licenceType'],
      ['an unknown field', { cnic: '35202-1234567-1' }, 'cnic'],
    ])('refuses %s with 422 naming the field, writing nothing', async (_, overrides, field) => {
      const before = await written();
      const problem = await problemOf(
        await call('POST', '/v1/practitioners', practitionerBody(overrides)),
        422,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual([field]);
      expect(await written()).toEqual(before);
    });

    it('answers 404 to an unknown practitioner and 400 to an id that is not a UUID', async () => {
      expect((await problemOf(await call('GET', `/v1/practitioners/${randomUUID()}`), 404)).type).toBe(
        'urn:problem-type:not-found',
      );
      expect((await call('GET', '/v1/practitioners/not-an-id')).status).toBe(400);
      expect((await call('PATCH', `/v1/practitioners/${randomUUID()}`, { active: false })).status).toBe(404);
      expect((await call('POST', `/v1/practitioners/${randomUUID()}/roles`, roleBody())).status).toBe(404);
    });

    it('shows a practitioner to admins, their organization’s coordinators and themself only', async () => {
      const practitioner = await register();
      const get = (authorization: string) =>
        call('GET', `/v1/practitioners/${practitioner.id}`, undefined, authorization);
      expect((await get(token(['admin'], randomUUID()))).status).toBe(200);
      expect((await get(token(['coordinator']))).status).toBe(200);
      expect((await get(token(['specialist'], randomUUID(), practitioner.id)))?.status).toBe(200);
      expect((await get(token(['coordinator'], clinic))).status).toBe(404);
      expect((await get(token(['specialist'], clinic))).status).toBe(404);
      // A colleague of the same organization who may not read them is told nothing, as for no practitioner.
      expect((await get(token(['clinician']))).status).toBe(404);
      expect(
        (await call('GET', `/v1/practitioners/${randomUUID()}`, undefined, token(['clinician']))).status,
      ).toBe(404);
    });

    it('shows contact details to a contact-reader (the notifications service) of any organization, and nothing else', async () => {
      const practitioner = await register();
      const reader = token(['contact-reader'], randomUUID());
      const read = await call('GET', `/v1/practitioners/${practitioner.id}`, undefined, reader);
      expect(read.status).toBe(200);
      expect(await read.json()).toMatchObject({
        id: practitioner.id,
        phone: practitioner.phone,
        languages: practitioner.languages,
      });
      expect((await call('GET', `/v1/practitioners/${randomUUID()}`, undefined, reader)).status).toBe(404);
      // Everything else, routes open to any other caller included: 403.
      for (const [method, path, body] of [
        ['GET', '/v1/practitioners?specialtyCode=dermatology', undefined],
        ['PATCH', `/v1/practitioners/${practitioner.id}`, { active: true }],
        ['GET', '/v1/specialties', undefined],
        ['GET', `/v1/organizations/${practitioner.organizationId}`, undefined],
        ['GET', '/v1/organizations', undefined],
      ] as const) {
        expect({ method, path, status: (await call(method, path, body, reader)).status }).toEqual({
          method,
          path,
          status: 403,
        });
      }
    });
  });

  describe('changing a practitioner', () => {
    it('lets an admin or the organization’s coordinator patch it, and updates search copies in the roles', async () => {
      const practitioner = await register();
      const role = await addRole(practitioner.id);
      const patched = await call(
        'PATCH',
        `/v1/practitioners/${practitioner.id}`,
        { languages: ['sd', 'ur'], licenceExpiresOn: '2030-06-30', email: null },
        token(['coordinator']),
      );
      expect(patched.status).toBe(200);
      expect(await patched.json()).toMatchObject({
        id: practitioner.id,
        languages: ['sd', 'ur'],
        licenceExpiresOn: '2030-06-30',
        email: null,
        pmdcNumber: practitioner.pmdcNumber,
        roles: [expect.objectContaining({ id: role.id })],
      });
      const [copies] = await directory.dataSource.query(
        `SELECT languages, to_char(licence_expires_on, 'YYYY-MM-DD') AS expires, practitioner_active
           FROM practitioner_role WHERE id = $1`,
        [role.id],
      );
      expect(copies).toEqual({ languages: ['sd', 'ur'], expires: '2030-06-30', practitioner_active: true });

      expect((await call('PATCH', `/v1/practitioners/${practitioner.id}`, { active: false })).status).toBe(
        200,
      );
      const [{ practitioner_active }] = await directory.dataSource.query(
        'SELECT practitioner_active FROM practitioner_role WHERE id = $1',
        [role.id],
      );
      expect(practitioner_active).toBe(false);
    });

    it('answers 404 to a coordinator of another organization and writes nothing', async () => {
      const practitioner = await register();
      const before = await written();
      const response = await call(
        'PATCH',
        `/v1/practitioners/${practitioner.id}`,
        { name: 'Someone else' },
        token(['coordinator'], clinic),
      );
      await problemOf(response, 404);
      expect(await written()).toEqual(before);
    });

    it('refuses a malformed phone or an unknown organization with 422, and null for a required field', async () => {
      const practitioner = await register();
      const phone = await problemOf(
        await call('PATCH', `/v1/practitioners/${practitioner.id}`, { phone: '12345' }),
        422,
      );
      expect(phone.errors?.map((e) => e.field)).toEqual(['phone']);
      const organization = await problemOf(
        await call('PATCH', `/v1/practitioners/${practitioner.id}`, { organizationId: randomUUID() }),
        422,
      );
      expect(organization.errors?.map((e) => e.field)).toEqual(['organizationId']);
      const nulled = await problemOf(
        await call('PATCH', `/v1/practitioners/${practitioner.id}`, { name: null }),
        422,
      );
      expect(new Set(nulled.errors?.map((e) => e.field))).toEqual(new Set(['name']));
    });
  });

  describe('roles', () => {
    it('adds a role (201) that the practitioner then shows', async () => {
      const practitioner = await register();
      const role = await addRole(practitioner.id, { specialtyCode: 'paediatrics', organizationId: clinic });
      expect(role).toMatchObject({
        practitionerId: practitioner.id,
        specialtyCode: 'paediatrics',
        organizationId: clinic,
        maxOpenCases: 10,
        active: true,
        availability: roleBody().availability,
      });
      const read = (await (await call('GET', `/v1/practitioners/${practitioner.id}`)).json()) as Practitioner;
      expect(read.roles).toEqual([role]);
      const [{ minutes }] = await directory.dataSource.query(
        'SELECT available_minutes::text AS minutes FROM practitioner_role WHERE id = $1',
        [role.id],
      );
      expect(minutes).toBe('{[1080,1320),[9840,10080)}');
    });

    it('refuses the same specialty at the same organization twice with 409', async () => {
      const practitioner = await register();
      await addRole(practitioner.id);
      const problem = await problemOf(
        await call('POST', `/v1/practitioners/${practitioner.id}/roles`, roleBody()),
        409,
      );
      expect(problem.type).toBe('urn:problem-type:role-exists');
    });

    it.each([
      ['an unknown specialty code', { specialtyCode: 'astrology' }, ['specialtyCode']],
      ['an unknown organization', { organizationId: randomUUID() }, ['organizationId']],
      ['maxOpenCases 0', { maxOpenCases: 0 }, ['maxOpenCases']],
      ['maxOpenCases -3', { maxOpenCases: -3 }, ['maxOpenCases']],
      [
        'overlapping windows',
        {
          availability: [
            { day: 'tue', start: '09:00', end: '13:00' },
            { day: 'tue', start: '12:30', end: '15:00' },
          ],
        },
        ['availability.1'],
      ],
      [
        'a window ending before it starts',
        { availability: [{ day: 'wed', start: '17:00', end: '09:00' }] },
        ['availability.0'],
      ],
      [
        'a window ending as it starts',
        { availability: [{ day: 'wed', start: '09:00', end: '09:00' }] },
        ['availability.0'],
      ],
      [
        'a malformed time',
        { availability: [{ day: 'wed', start: '9am', end: '24:30' }] },
        ['availability.0.start', 'availability.0.end'],
      ],
    ])('refuses %s with 422 naming it, writing nothing', async (_, overrides, fields) => {
      const practitioner = await register();
      const before = await written();
      const problem = await problemOf(
        await call('POST', `/v1/practitioners/${practitioner.id}/roles`, roleBody(overrides)),
        422,
      );
      expect(problem.errors?.map((e) => e.field)).toEqual(fields);
      expect(await written()).toEqual(before);
    });

    it('names the overlapping window in the problem', async () => {
      const practitioner = await register();
      const problem = await problemOf(
        await call(
          'POST',
          `/v1/practitioners/${practitioner.id}/roles`,
          roleBody({
            availability: [
              { day: 'tue', start: '09:00', end: '13:00' },
              { day: 'tue', start: '12:30', end: '15:00' },
            ],
          }),
        ),
        422,
      );
      expect(problem.errors).toEqual([
        { field: 'availability.1', message: 'tue 12:30–15:00 overlaps availability.0 (tue 09:00–13:00)' },
      ]);
    });

    it('lets the practitioner themself or an admin patch a role; their coordinator gets 403, anyone else 404', async () => {
      const practitioner = await register();
      const role = await addRole(practitioner.id);
      const path = `/v1/practitioners/${practitioner.id}/roles/${role.id}`;

      const bySelf = await call(
        'PATCH',
        path,
        { maxOpenCases: 3, availability: [] },
        token(['specialist'], hospital, practitioner.id),
      );
      expect(bySelf.status).toBe(200);
      expect(await bySelf.json()).toMatchObject({
        id: role.id,
        maxOpenCases: 3,
        availability: [],
        active: true,
      });
      const [{ minutes }] = await directory.dataSource.query(
        'SELECT available_minutes AS minutes FROM practitioner_role WHERE id = $1',
        [role.id],
      );
      expect(minutes).toBeNull();

      const byAdmin = await call('PATCH', path, { active: false }, token(['admin'], randomUUID()));
      expect(byAdmin.status).toBe(200);
      expect(await byAdmin.json()).toMatchObject({ maxOpenCases: 3, active: false });

      // The coordinator may read the practitioner (knows it exists); a colleague who may not is told
      // nothing, as for a practitioner that does not exist.
      expect((await call('PATCH', path, { active: true }, token(['coordinator']))).status).toBe(403);
      for (const id of [practitioner.id, randomUUID()]) {
        const response = await call(
          'PATCH',
          `/v1/practitioners/${id}/roles/${role.id}`,
          { active: true },
          token(['specialist'], hospital, randomUUID()),
        );
        expect((await problemOf(response, 404)).detail).not.toMatch(/caller/);
      }
      expect(
        (await call('PATCH', path, { active: true }, token(['specialist'], clinic, randomUUID()))).status,
      ).toBe(404);
      expect(
        (await call('PATCH', `/v1/practitioners/${practitioner.id}/roles/${randomUUID()}`, { active: true }))
          .status,
      ).toBe(404);
      // A role of another practitioner is not found under this one.
      const other = await register();
      expect(
        (await call('PATCH', `/v1/practitioners/${other.id}/roles/${role.id}`, { active: true })).status,
      ).toBe(404);
    });

    it('refuses bad patches with 422: maxOpenCases ≤ 0, overlapping windows', async () => {
      const practitioner = await register();
      const role = await addRole(practitioner.id);
      const path = `/v1/practitioners/${practitioner.id}/roles/${role.id}`;
      expect((await problemOf(await call('PATCH', path, { maxOpenCases: 0 }), 422)).errors?.[0].field).toBe(
        'maxOpenCases',
      );
      const overlap = await problemOf(
        await call('PATCH', path, {
          availability: [
            { day: 'sat', start: '00:00', end: '24:00' },
            { day: 'sat', start: '10:00', end: '11:00' },
          ],
        }),
        422,
      );
      expect(overlap.errors?.map((e) => e.field)).toEqual(['availability.1']);
    });
  });

  describe('events on directory.practitioner.v1', () => {
    it('publishes every change with all roles, CloudEvents headers, and no name, PMDC number, phone or email', async () => {
      const practitioner = await register({ name: 'Dr. Zainab Event', email: 'zainab@example.pk' });
      const first = await addRole(practitioner.id, { specialtyCode: 'cardiology' });
      const second = await addRole(practitioner.id, { specialtyCode: 'internal-medicine', availability: [] });
      await call('PATCH', `/v1/practitioners/${practitioner.id}/roles/${first.id}`, { maxOpenCases: 2 });
      await call('PATCH', `/v1/practitioners/${practitioner.id}`, { licenceExpiresOn: '2031-01-31' });

      const mine = () => recorder.messages.filter((m) => m.key === practitioner.id);
      await recorder.waitFor(() => mine().length >= 5, 'five practitioner events');
      const events = mine();
      expect(events.map((m) => m.headers.ce_type)).toEqual([
        'practitioner.registered',
        'practitioner.role_added',
        'practitioner.role_added',
        'practitioner.role_updated',
        'practitioner.updated',
      ]);
      for (const event of events) {
        expect(event.headers).toMatchObject({
          ce_specversion: '1.0',
          ce_source: '/directory',
          ce_subject: practitioner.id,
          ce_dataschema: dataschemaOf(TOPICS.directoryPractitioner),
        });
        expect(event.headers.ce_id).toMatch(/^[0-9a-f-]{36}$/);
        expect(Date.parse(event.headers.ce_time)).not.toBeNaN();
        const data = JSON.parse(event.value!);
        expect(() => assertEventData(event.headers.ce_type, data)).not.toThrow();
        for (const secret of ['Zainab', practitioner.pmdcNumber, practitioner.phone, 'zainab@example.pk']) {
          expect(event.value).not.toContain(secret);
        }
      }
      const data = events.map((m) => JSON.parse(m.value!));
      expect(data[0]).toMatchObject({
        practitionerId: practitioner.id,
        roles: [],
        licenceValidUntil: '2099-12-31',
      });
      expect(data[2].roles.map((r: { roleId: string }) => r.roleId)).toEqual([first.id, second.id]);
      expect(data[3].roles).toEqual([
        expect.objectContaining({ roleId: first.id, maxOpenCases: 2, specialtyCode: 'cardiology' }),
        expect.objectContaining({ roleId: second.id, availability: [] }),
      ]);
      expect(data[4]).toMatchObject({ licenceValidUntil: '2031-01-31', languages: ['ur', 'en', 'pa'] });
      expect(data[4].roles).toHaveLength(2);
    });

    it('writes no event for a refused change', async () => {
      const practitioner = await register();
      const before = await directory.count('outbox');
      await call('POST', `/v1/practitioners/${practitioner.id}/roles`, roleBody({ maxOpenCases: 0 }));
      await call(
        'PATCH',
        `/v1/practitioners/${practitioner.id}`,
        { name: 'x' },
        token(['coordinator'], clinic),
      );
      expect(await directory.count('outbox')).toBe(before);
    });
  });

  describeAuthorizationMatrix(
    'directory practitioners',
    {
      url: () => directory.service.url,
      issuer: () => directory.issuer,
      setup: async (organizationId, ownerToken) => {
        await directory.dataSource.query(
          `INSERT INTO organization (id, name, kind, district, province) VALUES ($1, 'Matrix hospital', 'hospital', 'Quetta', 'balochistan')`,
          [organizationId],
        );
        const created = await fetch(`${directory.service.url}/v1/practitioners`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken(['admin'])}` },
          body: JSON.stringify(practitionerBody({ organizationId })),
        });
        const practitioner = ((await created.json()) as { id: string }).id;
        const role = await fetch(`${directory.service.url}/v1/practitioners/${practitioner}/roles`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${ownerToken(['admin'])}` },
          body: JSON.stringify(roleBody({ organizationId })),
        });
        return { practitioner, role: ((await role.json()) as { id: string }).id };
      },
    },
    [
      {
        method: 'POST',
        path: () => '/v1/practitioners',
        body: (f) => practitionerBody({ organizationId: f.organizationId }),
        allowed: ['admin'],
      },
      {
        method: 'GET',
        path: (f) => `/v1/practitioners/${f.ids.practitioner}`,
        // contact-reader: the notifications service, reading contact details (any organization)
        allowed: ['admin', 'coordinator', 'contact-reader'],
        // may not read another practitioner: told nothing, as for an id that names none
        hidden: ['clinician', 'specialist', 'partner'],
        object: true,
        anyOrganization: ['admin', 'contact-reader'],
      },
      {
        method: 'PATCH',
        path: (f) => `/v1/practitioners/${f.ids.practitioner}`,
        body: () => ({ active: true }),
        allowed: ['admin', 'coordinator'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'POST',
        path: (f) => `/v1/practitioners/${f.ids.practitioner}/roles`,
        body: (f) => roleBody({ organizationId: f.organizationId, specialtyCode: 'psychiatry' }),
        allowed: ['admin'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'PATCH',
        path: (f) => `/v1/practitioners/${f.ids.practitioner}/roles/${f.ids.role}`,
        body: () => ({ maxOpenCases: 4 }),
        allowed: ['admin'],
        // the coordinator may read the practitioner; the others may not (the role check lets every
        // role through, for the practitioner themself)
        knows: ['coordinator'],
        hidden: ['clinician', 'specialist', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'GET',
        path: () => '/v1/practitioners?specialty=dermatology&language=ur&available=true',
        allowed: ['admin', 'coordinator', 'clinician'],
      },
    ],
  );
});
