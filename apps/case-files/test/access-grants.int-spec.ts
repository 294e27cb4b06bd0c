import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  createEnvelope,
  encodeData,
  getEventDefinition,
  toKafkaHeaders,
  TOPICS,
  type EventEnvelope,
  type ReferralEventData,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil } from '@referral/testing';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

const DAY_MS = 24 * 60 * 60 * 1000;

interface AuditPage {
  items: { action: string; actorPractitionerId: string | null; organizationId: string }[];
}

/**
 * Specialists' read access to case files, from referral events produced on the real broker
 * (`referrals.referral.v1`, keyed by referral id, as the referrals service's relay sends them) and
 * consumed by the service under test, on real PostgreSQL.
 */
describe('case-files: access grants from referral events (real PostgreSQL and Kafka)', () => {
  let producer: Producer;
  const clinic = randomUUID();
  const hospital = randomUUID();

  beforeAll(async () => {
    producer = testKafka((await testInfrastructure()).kafkaBrokers).producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  /** Helpers over one running service. */
  function against(service: () => TestCaseFiles) {
    const token = (org: string, roles: string[], practitioner?: string) =>
      service().issuer.token({ org, roles, practitioner });
    const call = (method: string, path: string, authorization: string, body?: unknown, ifMatch?: string) =>
      fetch(`${service().service.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${authorization}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(ifMatch && { 'if-match': ifMatch }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const clinician = () => token(clinic, ['clinician'], randomUUID());
    const specialist = (practitioner: string, roles = ['specialist']) => token(hospital, roles, practitioner);

    async function newPatient(): Promise<string> {
      const patientId = randomUUID();
      await service().dataSource.query(
        `INSERT INTO patient (id, organization_id, name, sex, age_years, age_stated_on) VALUES ($1, $2, 'Bibi Zainab', 'female', 36, current_date)`,
        [patientId, clinic],
      );
      return patientId;
    }

    async function newCaseFile(patientId?: string): Promise<string> {
      const response = await call('POST', '/v1/case-files', clinician(), {
        patientId: patientId ?? (await newPatient()),
        chiefComplaint: 'Itchy rash on both forearms for three weeks',
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    }

    const read = async (caseFileId: string, authorization: string) =>
      (await call('GET', `/v1/case-files/${caseFileId}`, authorization)).status;

    /** Until the service has handled the event (its inbox row commits with the grant). */
    const handled = (envelope: EventEnvelope) =>
      waitUntil(
        async () =>
          (await service().dataSource.query('SELECT 1 FROM inbox WHERE event_id = $1', [envelope.id]))
            .length > 0,
        `${envelope.type} ${envelope.id} handled`,
      );

    return { token, call, clinician, specialist, newPatient, newCaseFile, read, handled };
  }

  /** A referral on a case file, its events produced as the referrals service would. */
  function referralOn(caseFileId: string) {
    const referralId = randomUUID();
    return {
      referralId,
      /** Sends one event (the contract's sample, made this referral's), and returns its envelope. */
      async send(
        type: string,
        change: Partial<ReferralEventData> = {},
        occurredAt = new Date(),
      ): Promise<EventEnvelope> {
        const data: ReferralEventData = {
          ...(getEventDefinition(type).sample as ReferralEventData),
          referralId,
          caseFileId,
          referringOrganizationId: clinic,
          occurredAt: occurredAt.toISOString(),
          ...change,
        };
        const envelope = createEnvelope({ type, subject: referralId, data, source: '/referrals' });
        await producer.send({
          topic: TOPICS.referral,
          messages: [{ key: referralId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) }],
        });
        return envelope;
      },
    };
  }

  describe(`with the default follow-up (30 days)`, () => {
    let caseFiles: TestCaseFiles;
    const api = against(() => caseFiles);
    const { call, clinician, specialist, newCaseFile, read, handled } = api;

    beforeAll(async () => {
      caseFiles = await startCaseFiles();
    });

    afterAll(async () => {
      await caseFiles?.close();
    });

    it('the matrix over a referral’s life: before the claim 404, while holding 200, after the release 404', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      const callers = {
        holder: () => specialist(holder),
        'another specialist': () => specialist(randomUUID()),
        'a specialist token without a practitioner': () => api.token(hospital, ['specialist']),
        'a clinician of the holder’s hospital': () => api.token(hospital, ['clinician'], holder),
        'a clinician of the referring clinic': clinician,
      };
      const statuses = async () =>
        Object.fromEntries(
          await Promise.all(
            Object.entries(callers).map(async ([who, auth]) => [who, await read(caseFileId, auth())]),
          ),
        );
      const only = (holderStatus: number) => ({
        holder: holderStatus,
        'another specialist': 404,
        'a specialist token without a practitioner': 404,
        'a clinician of the holder’s hospital': 404,
        'a clinician of the referring clinic': 200,
      });

      expect(await statuses()).toEqual(only(404));
      await handled(await referral.send('referral.submitted'));
      expect(await statuses()).toEqual(only(404));
      await handled(
        await referral.send('referral.claimed', { status: 'received', holderPractitionerId: holder }),
      );
      expect(await statuses()).toEqual(only(200));
      await handled(
        await referral.send('referral.accepted', { status: 'in-progress', holderPractitionerId: holder }),
      );
      expect(await statuses()).toEqual(only(200));
      await handled(await referral.send('referral.released', { holderPractitionerId: null }));
      expect(await statuses()).toEqual(only(404));
    });

    it('the patient of a held case: before the claim 404, while holding 200 (masked CNIC, audited), after the release 404', async () => {
      const cnic = '3520212345673';
      const registered = await call('POST', '/v1/patients', clinician(), {
        name: 'Bibi Zainab',
        sex: 'female',
        ageYears: 36,
        cnic,
      });
      expect(registered.status).toBe(201);
      const patientId = ((await registered.json()) as { id: string }).id;
      const caseFileId = await newCaseFile(patientId);
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      const readPatient = (authorization: string) => call('GET', `/v1/patients/${patientId}`, authorization);
      const readsBy = async (practitioner: string) =>
        Number(
          (
            await caseFiles.dataSource.query(
              `SELECT count(*) AS n FROM phi_audit_log
                WHERE object_type = 'patient' AND object_id = $1 AND action = 'read'
                  AND actor_practitioner_id = $2 AND organization_id = $3`,
              [patientId, practitioner, hospital],
            )
          )[0].n,
        );

      expect((await readPatient(specialist(holder))).status).toBe(404);
      await handled(await referral.send('referral.submitted'));
      expect((await readPatient(specialist(holder))).status).toBe(404);
      await handled(
        await referral.send('referral.claimed', { status: 'received', holderPractitionerId: holder }),
      );
      const held = await readPatient(specialist(holder));
      expect(held.status).toBe(200);
      const body = await held.json();
      expect(body).toMatchObject({ id: patientId, organizationId: clinic, cnicMasked: '*****-*******-3' });
      expect(JSON.stringify(body)).not.toContain(cnic);
      expect(await readsBy(holder)).toBe(1);
      // Another specialist, a holder's colleague with another role, a token without practitioner: 404.
      expect((await readPatient(specialist(randomUUID()))).status).toBe(404);
      expect((await readPatient(api.token(hospital, ['clinician'], holder))).status).toBe(404);
      expect((await readPatient(api.token(hospital, ['specialist']))).status).toBe(404);
      // The registering clinic still reads it.
      expect((await readPatient(clinician())).status).toBe(200);

      await handled(await referral.send('referral.released', { holderPractitionerId: null }));
      expect((await readPatient(specialist(holder))).status).toBe(404);
      expect(await readsBy(holder)).toBe(1);
    });

    it('a holder reads every version, audited as a read by them; never changes it or reads the trail', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      await handled(await referral.send('referral.claimed', { holderPractitionerId: holder }));

      const response = await call('GET', `/v1/case-files/${caseFileId}?version=1`, specialist(holder));
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(await response.json()).toMatchObject({ id: caseFileId, organizationId: clinic, version: 1 });
      const trail = (await (
        await call('GET', `/v1/case-files/${caseFileId}/audit`, clinician())
      ).json()) as AuditPage;
      expect(trail.items[0]).toMatchObject({
        action: 'read',
        actorPractitionerId: holder,
        organizationId: hospital,
      });

      // The routes are for clinicians (and admins): a specialist is refused whatever the object.
      const patch = { history: 'Specialist notes' };
      expect(
        (await call('PATCH', `/v1/case-files/${caseFileId}`, specialist(holder), patch, '"1"')).status,
      ).toBe(403);
      expect((await call('GET', `/v1/case-files/${caseFileId}/audit`, specialist(holder))).status).toBe(403);
      // With a role that passes the route, the grant still gives nothing but reading.
      const clinicianToo = specialist(holder, ['specialist', 'clinician']);
      expect(await read(caseFileId, clinicianToo)).toBe(200);
      expect((await call('PATCH', `/v1/case-files/${caseFileId}`, clinicianToo, patch, '"1"')).status).toBe(
        404,
      );
      expect((await call('GET', `/v1/case-files/${caseFileId}/audit`, clinicianToo)).status).toBe(404);
      expect(await caseFiles.count(`case_file_version WHERE case_file_id = '${caseFileId}'`)).toBe(1);
    });

    it('a redirect to another specialist moves the access: the first 404, the second 200', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const [first, second] = [randomUUID(), randomUUID()];
      await handled(await referral.send('referral.claimed', { holderPractitionerId: first }));
      expect(await read(caseFileId, specialist(first))).toBe(200);
      expect(await read(caseFileId, specialist(second))).toBe(404);

      await handled(
        await referral.send('referral.redirected', {
          status: 'requested',
          stage: 'assigned',
          holderPractitionerId: second,
        }),
      );
      expect(await read(caseFileId, specialist(first))).toBe(404);
      expect(await read(caseFileId, specialist(second))).toBe(200);
    });

    it('a second referral on the same case file keeps the access when the first is released', async () => {
      const caseFileId = await newCaseFile();
      const [dermatology, medicine] = [referralOn(caseFileId), referralOn(caseFileId)];
      const holder = randomUUID();
      await handled(await dermatology.send('referral.claimed', { holderPractitionerId: holder }));
      await handled(await medicine.send('referral.claimed', { holderPractitionerId: holder }));
      await handled(await dermatology.send('referral.released', { holderPractitionerId: null }));
      expect(await read(caseFileId, specialist(holder))).toBe(200);
      await handled(await medicine.send('referral.released', { holderPractitionerId: null }));
      expect(await read(caseFileId, specialist(holder))).toBe(404);
    });

    it.each(['referral.closed', 'referral.converted'])(
      'after %s the holder keeps reading for the follow-up days',
      async (type) => {
        const caseFileId = await newCaseFile();
        const referral = referralOn(caseFileId);
        const holder = randomUUID();
        await handled(await referral.send('referral.claimed', { holderPractitionerId: holder }));
        const closedAt = new Date();
        await handled(await referral.send(type, { holderPractitionerId: holder }, closedAt));
        expect(await read(caseFileId, specialist(holder))).toBe(200);
        const [grant] = await caseFiles.dataSource.query(
          'SELECT expires_at FROM case_file_access_grant WHERE referral_id = $1',
          [referral.referralId],
        );
        expect((grant.expires_at as Date).getTime()).toBe(closedAt.getTime() + 30 * DAY_MS);
      },
    );

    it('loses the access once the follow-up days after the close have passed', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      const now = Date.now();
      await handled(
        await referral.send(
          'referral.claimed',
          { holderPractitionerId: holder },
          new Date(now - 60 * DAY_MS),
        ),
      );
      await handled(
        await referral.send('referral.closed', { holderPractitionerId: holder }, new Date(now - 31 * DAY_MS)),
      );
      expect(await read(caseFileId, specialist(holder))).toBe(404);
    });

    it.each([
      ['referral.cancelled', { status: 'cancelled', stage: 'cancelled' }],
      ['referral.declined', { status: 'rejected', stage: 'declined' }],
      ['referral.answer_overdue', { status: 'failed' }],
    ] as const)('%s revokes the access, even with the holder still named', async (type, change) => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      await handled(await referral.send('referral.claimed', { holderPractitionerId: holder }));
      expect(await read(caseFileId, specialist(holder))).toBe(200);
      await handled(await referral.send(type, { ...change, holderPractitionerId: holder }));
      expect(await read(caseFileId, specialist(holder))).toBe(404);
    });

    it('an older event arriving late, or the same event twice, does not give the access back', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      const claimedAt = new Date(Date.now() - 60_000);
      const claimed = await referral.send('referral.claimed', { holderPractitionerId: holder }, claimedAt);
      await handled(claimed);
      await handled(await referral.send('referral.released', { holderPractitionerId: null }));
      expect(await read(caseFileId, specialist(holder))).toBe(404);

      // The claim again, as a new event (a replay from the producer's side) and as the same event.
      const replay = await referral.send('referral.claimed', { holderPractitionerId: holder }, claimedAt);
      await producer.send({
        topic: TOPICS.referral,
        messages: [
          { key: referral.referralId, value: encodeData(claimed), headers: toKafkaHeaders(claimed) },
        ],
      });
      const marker = await referral.send('referral.escalated', { holderPractitionerId: null });
      await handled(replay);
      await handled(marker);
      expect(await read(caseFileId, specialist(holder))).toBe(404);
      expect(
        await caseFiles.dataSource.query('SELECT 1 FROM inbox WHERE event_id = $1', [claimed.id]),
      ).toHaveLength(1);

      // And a late release does not take away a claim made since.
      const reclaimed = new Date();
      await handled(await referral.send('referral.claimed', { holderPractitionerId: holder }, reclaimed));
      await handled(
        await referral.send(
          'referral.released',
          { holderPractitionerId: null },
          new Date(reclaimed.getTime() - 1000),
        ),
      );
      expect(await read(caseFileId, specialist(holder))).toBe(200);
    });
  });

  describe('with CASE_FILE_ACCESS_AFTER_CLOSE_DAYS=0', () => {
    let caseFiles: TestCaseFiles;
    const { specialist, newCaseFile, read, handled } = against(() => caseFiles);

    beforeAll(async () => {
      caseFiles = await startCaseFiles({ CASE_FILE_ACCESS_AFTER_CLOSE_DAYS: '0' });
    });

    afterAll(async () => {
      await caseFiles?.close();
    });

    it('the holder loses the access at the close', async () => {
      const caseFileId = await newCaseFile();
      const referral = referralOn(caseFileId);
      const holder = randomUUID();
      await handled(await referral.send('referral.consult_provided', { holderPractitionerId: holder }));
      expect(await read(caseFileId, specialist(holder))).toBe(200);
      await handled(await referral.send('referral.closed', { holderPractitionerId: holder }));
      expect(await read(caseFileId, specialist(holder))).toBe(404);
    });
  });
});
