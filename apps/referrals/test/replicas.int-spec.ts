import { randomUUID } from 'node:crypto';
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@referral/testing';
import { TestIssuer } from '@referral/testing-service';
import { migrations } from '../src/migrations';
import { SpecialistProjection } from '../src/specialists/specialist-projection';
import { referralBody, startReferrals, type TestReferrals } from './support/referrals';

interface Answer {
  status: number;
  replayed: string | null;
  body: Record<string, unknown>;
}

/**
 * Two referrals instances on one database, as two replicas: the submission's Idempotency-Key (its
 * advisory lock and record), the claim (the referral's row lock) and the specialist's capacity (the
 * specialist's row lock) must hold between them. Each instance is a Nest application with its own
 * connection pool and case-files stub, in this process; requests alternate between them. They consume
 * no events: the specialists are written into the projection as its consumer writes them (the consumer
 * group on two instances: libs/platform/kafka/test/replicas.int-spec.ts; the deadline scheduler on two
 * instances: deadlines.int-spec.ts).
 */
describe('referrals: two instances on one database (real PostgreSQL and Kafka)', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  let a: TestReferrals;
  let b: TestReferrals;
  const clinic = randomUUID();
  const hospital = randomUUID();
  const client = `cl_replicas_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    issuer = await new TestIssuer().start();
    database = await createTestDatabase(infra.databaseUrl, 'referrals', migrations);
    [a, b] = await Promise.all([1, 2].map(() => startReferrals({}, { database, issuer, consumes: [] })));
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
    await issuer?.stop();
  });

  const clinician = () => issuer.token({ sub: client, org: clinic, roles: ['clinician'] });
  const specialist = (practitioner: string) =>
    issuer.token({ org: hospital, practitioner, roles: ['specialist'] });

  async function post(via: TestReferrals, path: string, token: string, body?: unknown, key?: string) {
    const response = await fetch(`${via.service.url}/v1/referrals${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(key !== undefined && { 'idempotency-key': key }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as Record<string, unknown>,
    } satisfies Answer;
  }

  /** A case file of the clinic that both instances' case-files stubs know. */
  const caseFile = () => {
    const id = a.caseFiles.add(clinic);
    b.caseFiles.caseFiles.set(id, a.caseFiles.caseFiles.get(id)!);
    return id;
  };

  const submit = async (via: TestReferrals) => {
    const answer = await post(via, '', clinician(), referralBody({ caseFileId: caseFile() }));
    expect(answer.status).toBe(201);
    return answer.body.id as string;
  };

  /** A cardiologist of the hospital in the specialists projection, written as its consumer writes it. */
  const cardiologist = async (maxOpenCases = 5) => {
    const practitionerId = randomUUID();
    await a.dataSource.transaction((manager) =>
      a.service.app.get(SpecialistProjection).apply(manager, {
        practitionerId,
        organizationId: hospital,
        languages: ['ur', 'en'],
        licenceValidUntil: '2099-12-31',
        licenceType: 'full',
        active: true,
        roles: [
          {
            roleId: randomUUID(),
            specialtyCode: 'cardiology',
            organizationId: hospital,
            maxOpenCases,
            active: true,
            availability: [],
          },
        ],
        occurredAt: new Date().toISOString(),
      }),
    );
    return practitionerId;
  };

  const count = async (sql: string, parameters: unknown[]) =>
    Number((await a.dataSource.query(sql, parameters))[0].n);

  it('submits once for an Idempotency-Key sent to both instances at once: one referral, one event; the rest replays or 409', async () => {
    const body = referralBody({ caseFileId: caseFile() });
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(i % 2 === 0 ? a : b, '', clinician(), body, key)),
    );

    expect(await count(`SELECT count(*) AS n FROM referral WHERE case_file_id = $1`, [body.caseFileId])).toBe(
      1,
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.filter((answer) => answer.replayed === null)).toHaveLength(1);
    expect(new Set(created.map((answer) => answer.body.id)).size).toBe(1);
    for (const answer of answers.filter((answer) => answer.status !== 201)) {
      expect(answer).toMatchObject({
        status: 409,
        body: { type: 'urn:problem-type:idempotency-key-in-flight' },
      });
    }
    const id = created[0].body.id;
    expect(
      await count(`SELECT count(*) AS n FROM outbox WHERE type = 'referral.submitted' AND key = $1`, [id]),
    ).toBe(1);
    // Once it has committed, either instance replays it.
    for (const via of [a, b]) {
      expect(await post(via, '', clinician(), body, key)).toMatchObject({
        status: 201,
        replayed: 'true',
        body: created[0].body,
      });
    }
  });

  it('lets exactly one of the specialists racing through both instances claim a pool referral', async () => {
    const doctors = await Promise.all(Array.from({ length: 8 }, () => cardiologist()));
    const referral = await submit(a);
    const answers = await Promise.all(
      doctors.map((doctor, i) => post(i % 2 === 0 ? a : b, `/${referral}/claim`, specialist(doctor))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(7).fill(409)]);
    const winner = doctors[answers.findIndex((answer) => answer.status === 200)];
    const [row] = await a.dataSource.query(
      `SELECT holder_practitioner_id AS holder FROM referral WHERE id = $1`,
      [referral],
    );
    expect(row.holder).toBe(winner);
    expect(
      await count(`SELECT count(*) AS n FROM referral_history WHERE referral_id = $1 AND action = 'claim'`, [
        referral,
      ]),
    ).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM outbox WHERE type = 'referral.claimed' AND key = $1`, [
        referral,
      ]),
    ).toBe(1);
  });

  it('holds a specialist to their capacity when their claims race through both instances', async () => {
    const doctor = await cardiologist(2);
    const pool = await Promise.all(Array.from({ length: 6 }, (_, i) => submit(i % 2 === 0 ? a : b)));
    const answers = await Promise.all(
      pool.map((referral, i) => post(i % 2 === 0 ? a : b, `/${referral}/claim`, specialist(doctor))),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 409, 409, 409, 409]);
    expect(
      await count(`SELECT count(*) AS n FROM referral WHERE holder_practitioner_id = $1`, [doctor]),
    ).toBe(2);
  });
});
