import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Keyring } from '@referral/platform-config';
import { SystemClock } from '@referral/platform-database';
import type { Caller } from '@referral/platform-auth';
import { ProblemException } from '@referral/platform-http';
import type { GatewayEnv } from '../config';
import type { IdempotencyRecordEntity } from './idempotency-record.entity';
import type { IdempotencyClaim, IdempotencyRepository, StoredResponse } from './idempotency.repository';
import {
  ABANDONED_AFTER_MS,
  IdempotencyService,
  keptByService,
  type HttpAnswer,
} from './idempotency.service';

/** The repository's contract, in memory. */
class InMemoryRecords {
  readonly rows = new Map<string, IdempotencyRecordEntity>();
  private id = (clientId: string, key: string) => `${clientId}\u0000${key}`;

  async claim(claim: IdempotencyClaim): Promise<boolean> {
    const id = this.id(claim.clientId, claim.key);
    if (this.rows.has(id)) return false;
    this.rows.set(id, {
      clientId: claim.clientId,
      key: claim.key,
      method: claim.method,
      path: claim.path,
      requestHash: claim.requestHash,
      status: 'in_flight',
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
      responseKeyId: null,
      createdAt: claim.claimedAt,
      completedAt: null,
      expiresAt: claim.expiresAt,
    });
    return true;
  }

  async find(clientId: string, key: string) {
    return this.rows.get(this.id(clientId, key)) ?? null;
  }

  async takeOver(clientId: string, key: string, stale: Date, claimedAt: Date) {
    const row = this.rows.get(this.id(clientId, key));
    if (row?.status !== 'in_flight' || row.createdAt.getTime() !== stale.getTime()) return false;
    row.createdAt = claimedAt;
    return true;
  }

  async complete(clientId: string, key: string, claimedAt: Date, response: StoredResponse) {
    const row = this.rows.get(this.id(clientId, key));
    if (row?.status !== 'in_flight' || row.createdAt.getTime() !== claimedAt.getTime()) return false;
    Object.assign(row, {
      status: 'completed',
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
      responseKeyId: response.keyId,
      completedAt: new Date(),
    });
    return true;
  }

  async release(clientId: string, key: string, claimedAt: Date) {
    const row = this.rows.get(this.id(clientId, key));
    if (row?.status !== 'in_flight' || row.createdAt.getTime() !== claimedAt.getTime()) return false;
    return this.rows.delete(this.id(clientId, key));
  }

  async deleteIfExpired(clientId: string, key: string, now: Date) {
    const row = this.rows.get(this.id(clientId, key));
    if (!row || row.expiresAt > now) return false;
    return this.rows.delete(this.id(clientId, key));
  }

  async deleteUnsealed(clientId: string, key: string, createdAt: Date) {
    const row = this.rows.get(this.id(clientId, key));
    if (row?.responseKeyId !== null || row.createdAt.getTime() !== createdAt.getTime()) return false;
    return this.rows.delete(this.id(clientId, key));
  }

  async purgeExpired() {
    return 0;
  }
}

const caller: Caller = {
  clientId: 'cl_a',
  organizationId: '2f0a3c54-8e0b-4b8e-9a57-2d6c1f3e4a10',
  practitionerId: null,
  roles: ['coordinator'],
  issuer: 'urn:test',
};

// A creating POST whose key the gateway keeps (POST /v1/referrals is kept by the referrals service).
const request = (body: unknown, key: string | null = 'k1', url = '/v1/case-files') => ({
  method: 'POST',
  url,
  headers: key === null ? {} : { 'idempotency-key': key },
  body,
});

const answer = (status: number, text = `{"n":${Math.random()}}`): HttpAnswer => ({
  status,
  headers: { 'content-type': 'application/json', 'retry-after': '5' },
  body: Buffer.from(text),
});

async function problemOf(promise: Promise<unknown>): Promise<{ status: number; type: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemException) {
      const problem = error.toProblem();
      return { status: problem.status, type: problem.type };
    }
    throw error;
  }
  throw new Error('expected a problem');
}

const OLD_KEY = `old:${randomBytes(32).toString('base64')}`;
const keyring = new Keyring(`new:${randomBytes(32).toString('base64')},${OLD_KEY}`);

describe('IdempotencyService', () => {
  let records: InMemoryRecords;
  let service: IdempotencyService;

  beforeEach(() => {
    records = new InMemoryRecords();
    service = new IdempotencyService(
      records as unknown as IdempotencyRepository,
      { IDEMPOTENCY_TTL_HOURS: 24 } as GatewayEnv,
      pino({ level: 'silent' }),
      keyring,
      new SystemClock(),
    );
  });

  it('runs the call once and replays status, stored headers and body', async () => {
    const call = jest.fn().mockResolvedValue(answer(201, '{"id":1}'));
    const first = await service.execute(caller, request({ a: 1 }), call);
    const second = await service.execute(caller, request({ a: 1 }), call);
    expect(first.replayed).toBe(false);
    expect(second).toEqual({
      replayed: true,
      answer: { status: 201, headers: { 'content-type': 'application/json' }, body: Buffer.from('{"id":1}') },
    });
    expect(call).toHaveBeenCalledTimes(1);
    const row = [...records.rows.values()][0];
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(24 * 3_600_000);
  });

  it('stores the body sealed under the current key, and replays bodies sealed under an older one', async () => {
    const body = '{"patient":"Zarmeena Synthetic","secret":"whsec_synthetic"}';
    const old = new IdempotencyService(
      records as unknown as IdempotencyRepository,
      { IDEMPOTENCY_TTL_HOURS: 24 } as GatewayEnv,
      pino({ level: 'silent' }),
      new Keyring(OLD_KEY),
      new SystemClock(),
    );
    const call = jest.fn().mockResolvedValue(answer(201, body));
    await old.execute(caller, request({ a: 1 }), call);
    const row = [...records.rows.values()][0];
    expect(row.responseKeyId).toBe('old');
    expect(row.responseBody?.toString('latin1')).not.toMatch(/Zarmeena|whsec_/);
    const replay = await service.execute(caller, request({ a: 1 }), call);
    expect(replay).toMatchObject({ replayed: true, answer: { body: Buffer.from(body) } });
    await service.execute(caller, request({ b: 1 }, 'k2'), call);
    expect(records.rows.get(`cl_a\u0000k2`)?.responseKeyId).toBe('new');
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('does not open a body moved to another record (bound to client and key)', async () => {
    const call = jest.fn().mockResolvedValue(answer(201, 'mine'));
    await service.execute(caller, request({}, 'k1'), call);
    await service.execute(caller, request({}, 'k2'), call);
    records.rows.get(`cl_a\u0000k2`)!.responseBody = records.rows.get(`cl_a\u0000k1`)!.responseBody;
    await expect(service.execute(caller, request({}, 'k2'), call)).rejects.toThrow();
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('treats an answer stored in the clear (before sealing) as expired', async () => {
    await service.execute(caller, request({ a: 1 }), jest.fn().mockResolvedValue(answer(201)));
    const row = [...records.rows.values()][0];
    Object.assign(row, { responseKeyId: null, responseBody: Buffer.from('{"patient":"in the clear"}') });
    const call = jest.fn().mockResolvedValue(answer(201, 'again'));
    const again = await service.execute(caller, request({ a: 1 }), call);
    expect(again.replayed).toBe(false);
    expect(call).toHaveBeenCalledTimes(1);
    expect([...records.rows.values()][0].responseKeyId).toBe('new');
  });

  it('runs every call when no key is given where none is required', async () => {
    const call = jest.fn().mockResolvedValue(answer(200));
    await service.execute(caller, request({}, null, '/v1/referrals/1/accept'), call);
    await service.execute(caller, request({}, null, '/v1/referrals/1/accept'), call);
    expect(call).toHaveBeenCalledTimes(2);
    expect(records.rows.size).toBe(0);
  });

  it('is 400 without a key where one is required, and for a bad key', async () => {
    const call = jest.fn();
    expect(await problemOf(service.execute(caller, request({}, null), call))).toEqual({
      status: 400,
      type: 'urn:problem-type:idempotency-key-required',
    });
    expect(await problemOf(service.execute(caller, request({}, ''), call))).toMatchObject({ status: 400 });
    expect(call).not.toHaveBeenCalled();
  });

  it('is 422 for another body and 409 while the first is in flight', async () => {
    let finish!: (value: HttpAnswer) => void;
    const pending = service.execute(caller, request({ a: 1 }), () => new Promise((r) => (finish = r)));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await problemOf(service.execute(caller, request({ a: 1 }), jest.fn()))).toEqual({
      status: 409,
      type: 'urn:problem-type:idempotency-key-in-flight',
    });
    expect(await problemOf(service.execute(caller, request({ a: 2 }), jest.fn()))).toEqual({
      status: 422,
      type: 'urn:problem-type:idempotency-key-reused',
    });
    finish(answer(201));
    await pending;
  });

  it('forgets the key after a thrown error or a 5xx, keeps a 4xx', async () => {
    const failing = jest.fn().mockRejectedValue(new Error('network'));
    await expect(service.execute(caller, request({}), failing)).rejects.toThrow('network');
    expect(records.rows.size).toBe(0);
    await service.execute(caller, request({}), jest.fn().mockResolvedValue(answer(502)));
    expect(records.rows.size).toBe(0);
    await service.execute(caller, request({}), jest.fn().mockResolvedValue(answer(409)));
    expect([...records.rows.values()][0]).toMatchObject({ status: 'completed', responseStatus: 409 });
  });

  it('takes over an abandoned in-flight claim; the abandoned request then changes nothing', async () => {
    let finishOld!: (value: HttpAnswer) => void;
    const old = service.execute(caller, request({}), () => new Promise((r) => (finishOld = r)));
    await new Promise((resolve) => setImmediate(resolve));
    const row = [...records.rows.values()][0];
    row.createdAt = new Date(Date.now() - ABANDONED_AFTER_MS - 1000);
    const taken = await service.execute(caller, request({}), jest.fn().mockResolvedValue(answer(201, 'new')));
    expect(taken.replayed).toBe(false);
    finishOld(answer(201, 'old'));
    await old;
    expect(
      keyring
        .open({ keyId: row.responseKeyId!, data: row.responseBody! }, 'idempotency\u0000cl_a\u0000k1')
        .toString(),
    ).toBe('new');
  });

  it('treats an expired record as gone', async () => {
    await service.execute(caller, request({ a: 1 }), jest.fn().mockResolvedValue(answer(201)));
    [...records.rows.values()][0].expiresAt = new Date(Date.now() - 1);
    const call = jest.fn().mockResolvedValue(answer(201));
    const again = await service.execute(caller, request({ a: 2 }), call);
    expect(again.replayed).toBe(false);
    expect(call).toHaveBeenCalledTimes(1);
  });

  it('scopes keys per client', async () => {
    const call = jest.fn().mockResolvedValue(answer(201));
    await service.execute(caller, request({}), call);
    await service.execute({ ...caller, clientId: 'cl_b' }, request({}), call);
    expect(call).toHaveBeenCalledTimes(2);
  });

  it('leaves POST /v1/referrals to the referrals service, which keeps its keys itself', () => {
    expect(keptByService('POST', '/v1/referrals')).toBe(true);
    expect(keptByService('post', '/v1/referrals/?x=1')).toBe(true);
    expect(keptByService('POST', '/v1/referrals/1/claim')).toBe(false);
    expect(keptByService('POST', '/v1/case-files')).toBe(false);
    expect(keptByService('GET', '/v1/referrals')).toBe(false);
  });
});
