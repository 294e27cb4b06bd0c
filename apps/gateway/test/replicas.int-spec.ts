import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { createTestDatabase, testInfrastructure, type TestDatabase } from '@referral/testing';
import type { TestService } from '@referral/testing-service';
import { SigningKeysService } from '../src/auth/signing-keys.service';
import { migrations } from '../src/migrations';
import { ADMIN_ID, ADMIN_SECRET, clientToken, startGateway } from './support/gateway';

/** A stand-in referrals service that answers 201 slowly, counting the calls per Idempotency-Key. */
class SlowReferrals {
  readonly calls = new Map<string, number>();
  private server?: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const key = String(request.headers['idempotency-key'] ?? '');
      this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
      request.resume();
      setTimeout(() => {
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ id: randomUUID() }));
      }, 300);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * Two gateway instances on one database, started together, as a Deployment with two replicas does:
 * what their PostgreSQL locks and unique keys must keep true. Each instance is a Nest application
 * with its own connection pool, in this process.
 */
describe('gateway: two instances on one database (real PostgreSQL)', () => {
  const referrals = new SlowReferrals();
  let database: TestDatabase;
  let a: TestService;
  let b: TestService;
  let dataSource: DataSource;

  beforeAll(async () => {
    await referrals.start();
    const infra = await testInfrastructure();
    database = await createTestDatabase(infra.databaseUrl, 'gateway', migrations);
    // At once: both create the bootstrap admin and the first signing key if none exists.
    [a, b] = await Promise.all([1, 2].map(() => startGateway({ REFERRALS_URL: referrals.url }, database)));
    dataSource = a.app.get(DataSource);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
    await referrals.close();
  });

  const jwks = async (on: TestService) =>
    ((await (await fetch(`${on.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys;
  const activeKids = async () =>
    (
      (await dataSource.query(`SELECT kid FROM signing_key WHERE retired_at IS NULL`)) as { kid: string }[]
    ).map((row) => row.kid);

  it('starts both on a new database with one bootstrap admin and one signing key, whose tokens both accept', async () => {
    const [admins] = await dataSource.query(
      `SELECT count(*)::int AS n FROM api_client WHERE client_id = $1`,
      [ADMIN_ID],
    );
    expect(admins.n).toBe(1);
    const active = await activeKids();
    expect(active).toHaveLength(1);
    expect((await jwks(a)).map((key) => key.kid)).toEqual(active);
    expect((await jwks(b)).map((key) => key.kid)).toEqual(active);

    const token = await clientToken(a, ADMIN_ID, ADMIN_SECRET);
    expect(jwt.decode(token, { complete: true })!.header.kid).toBe(active[0]);
    const elsewhere = await fetch(`${b.url}/v1/api-clients`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(elsewhere.status).toBe(200);
  });

  it('makes one active key when none is, both instances at once (four times each)', async () => {
    await dataSource.query(
      `UPDATE signing_key SET retired_at = now() - interval '1 day', private_key_pem = NULL,
              private_key_sealed = NULL, private_key_key_id = NULL
        WHERE retired_at IS NULL`,
    );
    const services = [a, b].map((on) => on.app.get(SigningKeysService));
    await Promise.all(Array.from({ length: 8 }, (_, i) => services[i % 2].ensureActiveKey()));
    const active = await activeKids();
    expect(active).toHaveLength(1);
    const token = await clientToken(b, ADMIN_ID, ADMIN_SECRET);
    expect(jwt.decode(token, { complete: true })!.header.kid).toBe(active[0]);
  });

  it('rotates on both at once: the rotations follow each other, one key stays active', async () => {
    const token = await clientToken(b, ADMIN_ID, ADMIN_SECRET);
    const [before] = await activeKids();
    const rotations = await Promise.all(
      [a, b, a, b, a, b, a, b].map((on) =>
        fetch(`${on.url}/v1/signing-keys/rotate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        }),
      ),
    );
    expect(rotations.map((answer) => answer.status)).toEqual(rotations.map(() => 201));
    const answers = (await Promise.all(rotations.map((answer) => answer.json()))) as {
      kid: string;
      previous: { kid: string } | null;
    }[];
    // One chain: each rotation retired the key the one before it made (the first, the key before).
    const retiredBy = new Map(answers.map((answer) => [answer.previous!.kid, answer.kid]));
    const chain = [before];
    while (retiredBy.has(chain[chain.length - 1])) chain.push(retiredBy.get(chain[chain.length - 1])!);
    expect(chain).toHaveLength(rotations.length + 1);
    expect(await activeKids()).toEqual([chain[rotations.length]]);
  });

  it('runs an Idempotency-Key once between the instances: one call, the others 409 in flight, then replays on both', async () => {
    const token = await clientToken(a, ADMIN_ID, ADMIN_SECRET);
    const key = randomUUID();
    const path = `/v1/referrals/${randomUUID()}/messages`; // a route whose key the gateway keeps
    const post = (on: TestService) =>
      fetch(`${on.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        body: JSON.stringify({ kind: 'note', text: 'Both instances get this at once' }),
      });

    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post(i % 2 === 0 ? a : b)));
    expect(referrals.calls.get(key)).toBe(1);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(9);
    const created = await answers[statuses.indexOf(201)].text();

    for (const on of [a, b]) {
      const replay = await post(on);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await replay.text()).toBe(created);
    }
    expect(referrals.calls.get(key)).toBe(1);
  });
});
