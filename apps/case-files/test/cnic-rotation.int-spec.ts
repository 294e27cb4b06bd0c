import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestDatabase, testInfrastructure, TestIssuer, type TestDatabase } from '@referral/testing';
import { parseBlindIndexKey, parseCnicEncryptionKeys } from '../src/config';
import { migrations } from '../src/migrations';
import { CnicCrypto } from '../src/patients/cnic-crypto';
import { CnicReencryption, type CnicReencryptionRun } from '../src/patients/cnic-reencryption';
import { startCaseFiles, TEST_CNIC_KEYS, type TestCaseFiles } from './support/case-files';

const key = (text: string) => Buffer.from(text.padEnd(32, '.')).toString('base64');
const KEY_A = `a-2026:${key('test-only-cnic-key-a')}`;
const KEY_B = `b-2027:${key('test-only-cnic-key-b')}`;
const KEY_C = `c-2028:${key('test-only-cnic-key-c')}`;
const N = 23;
// Synthetic numbers: none belongs to a real person.
const cnicOf = (i: number) => `3${String(4_200_000_000 + i * 7919).padStart(11, '0')}${i % 10}`;
const formatted = (digits: string) => `${digits.slice(0, 5)}-${digits.slice(5, 12)}-${digits.slice(12)}`;

/**
 * CNIC key rotation on real PostgreSQL: patients registered under key A; the service restarted with B
 * current and A after it; the re-encryption job, on two instances at once, moves every CNIC to B; every
 * patient is still found by its CNIC with its mask, and no row is left under A.
 */
describe('case-files: CNIC key rotation (real PostgreSQL and Kafka)', () => {
  let database: TestDatabase;
  let issuer: TestIssuer;
  const running: TestCaseFiles[] = [];
  const logLines: string[] = [];
  const clinic = randomUUID();
  const patients: { id: string; cnic: string }[] = [];

  const start = async (cnicKeys: string) => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    const instance = await startCaseFiles(
      // The periodic run off: the test runs the job itself.
      { CNIC_ENCRYPTION_KEY: cnicKeys, CNIC_REENCRYPT_INTERVAL_SECONDS: '0', CNIC_REENCRYPT_BATCH_SIZE: '4' },
      { database, issuer, consumeReferralEvents: false, logger: pino({ level: 'info' }, stream) },
    );
    running.push(instance);
    return instance;
  };
  const stop = async (instance: TestCaseFiles) => {
    await instance.close();
    running.splice(running.indexOf(instance), 1);
  };
  const call = (instance: TestCaseFiles, method: string, path: string, body?: unknown) =>
    fetch(`${instance.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${issuer.token({ org: clinic, roles: ['clinician'], practitioner: randomUUID() })}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const keyIdsOf = async (instance: TestCaseFiles): Promise<Record<string, number>> =>
    Object.fromEntries(
      (
        (await instance.dataSource.query(
          `SELECT cnic_key_id, count(*) AS n FROM patient WHERE organization_id = $1 GROUP BY 1`,
          [clinic],
        )) as { cnic_key_id: string; n: string }[]
      ).map((row) => [row.cnic_key_id, Number(row.n)]),
    );
  const job = (instance: TestCaseFiles) => instance.service.app.get(CnicReencryption);

  beforeAll(async () => {
    database = await createTestDatabase((await testInfrastructure()).databaseUrl, 'case_files', migrations);
    issuer = await new TestIssuer().start();
  });

  afterAll(async () => {
    for (const instance of [...running]) await instance.close();
    await issuer?.stop();
    await database?.drop();
  });

  it('moves every CNIC from key A to key B, on two instances at once, and every patient is still found', async () => {
    const first = await start(KEY_A);
    for (let i = 0; i < N; i++) {
      const cnic = cnicOf(i);
      const response = await call(first, 'POST', '/v1/patients', {
        name: `Synthetic Patient ${i}`,
        sex: 'female',
        ageYears: 30 + i,
        cnic: formatted(cnic),
      });
      expect(response.status).toBe(201);
      patients.push({ id: ((await response.json()) as { id: string }).id, cnic });
    }
    // Nothing to do while A is the only key.
    expect(await job(first).runOnce()).toEqual({ reencrypted: 0, failed: 0, remaining: 0, unknownKeys: {} });
    expect(await keyIdsOf(first)).toEqual({ 'a-2026': N });
    await stop(first);

    // The restart: B current, A still listed. Two instances run the job at the same moment.
    const [second, third] = [await start(`${KEY_B},${KEY_A}`), await start(`${KEY_B},${KEY_A}`)];
    const runs: CnicReencryptionRun[] = await Promise.all([job(second).runOnce(), job(third).runOnce()]);
    expect(runs.reduce((sum, run) => sum + run.reencrypted, 0)).toBe(N);
    for (const run of runs) expect(run).toMatchObject({ failed: 0, unknownKeys: {} });
    expect(await keyIdsOf(second)).toEqual({ 'b-2027': N });
    expect(await job(second).runOnce()).toEqual({ reencrypted: 0, failed: 0, remaining: 0, unknownKeys: {} });

    // Every row decrypts under B alone to its CNIC; the lookup and the mask find each patient.
    const onlyB = new CnicCrypto(
      parseCnicEncryptionKeys(KEY_B)!,
      parseBlindIndexKey(TEST_CNIC_KEYS.CNIC_INDEX_KEY)!,
    );
    const rows: { id: string; cnic_key_id: string; cnic_ciphertext: Buffer }[] =
      await second.dataSource.query(
        'SELECT id, cnic_key_id, cnic_ciphertext FROM patient WHERE organization_id = $1',
        [clinic],
      );
    for (const { id, cnic } of patients) {
      const row = rows.find((r) => r.id === id)!;
      expect(onlyB.decrypt({ keyId: row.cnic_key_id, ciphertext: row.cnic_ciphertext }, id)).toBe(cnic);
      const found = await call(second, 'GET', `/v1/patients?cnic=${cnic}`);
      expect(found.status).toBe(200);
      expect(((await found.json()) as { items: unknown[] }).items).toEqual([
        expect.objectContaining({ id, cnicMasked: `*****-*******-${cnic.slice(-1)}` }),
      ]);
      const read = (await (await call(third, 'GET', `/v1/patients/${id}`)).json()) as { cnicMasked: string };
      expect(read.cnicMasked).toBe(`*****-*******-${cnic.slice(-1)}`);
    }
    expect(logLines.join('\n')).toMatch(/CNIC re-encryption: \d+ moved to key b-2027, 0 failed/);
    for (const { cnic } of patients) expect(logLines.join('\n')).not.toContain(cnic);

    // With A removed from the list, B's rows still read; a new patient is under B.
    await Promise.all([stop(second), stop(third)]);
    const fourth = await start(KEY_B);
    const newcomer = await call(fourth, 'POST', '/v1/patients', {
      name: 'Synthetic Patient New',
      sex: 'male',
      ageYears: 40,
      cnic: formatted(cnicOf(N)),
    });
    expect(newcomer.status).toBe(201);
    expect(await keyIdsOf(fourth)).toEqual({ 'b-2027': N + 1 });
    await stop(fourth);
  });

  it('a CNIC under a key that is not configured fails clearly: counted and logged by key id, left as it is', async () => {
    // A patient registered under C, on an instance whose list no longer has C.
    const withC = await start(`${KEY_C},${KEY_B}`);
    const registered = await call(withC, 'POST', '/v1/patients', {
      name: 'Synthetic Patient C',
      sex: 'female',
      ageYears: 50,
      cnic: formatted(cnicOf(N + 1)),
    });
    expect(registered.status).toBe(201);
    const { id } = (await registered.json()) as { id: string };
    await stop(withC);

    const withoutC = await start(`${KEY_B},${KEY_A}`);
    logLines.length = 0;
    const run = await job(withoutC).runOnce();
    expect(run).toEqual({ reencrypted: 0, failed: 0, remaining: 0, unknownKeys: { 'c-2028': 1 } });
    expect(logLines.join('\n')).toMatch(/1 under key c-2028, which CNIC_ENCRYPTION_KEY does not list/);
    expect(logLines.join('\n')).not.toContain(cnicOf(N + 1));
    const [row] = await withoutC.dataSource.query('SELECT cnic_key_id FROM patient WHERE id = $1', [id]);
    expect(row.cnic_key_id).toBe('c-2028');
    // Decrypting it names the key that is missing.
    const crypto = new CnicCrypto(
      parseCnicEncryptionKeys(`${KEY_B},${KEY_A}`)!,
      parseBlindIndexKey(TEST_CNIC_KEYS.CNIC_INDEX_KEY)!,
    );
    expect(() => crypto.decrypt({ keyId: 'c-2028', ciphertext: Buffer.alloc(40) }, id)).toThrow(
      'CNIC encryption key c-2028 is not configured',
    );
    // The mask and the lookup do not need the key: the patient is still found.
    const found = await call(withoutC, 'GET', `/v1/patients?cnic=${cnicOf(N + 1)}`);
    expect(((await found.json()) as { items: { id: string }[] }).items.map((p) => p.id)).toEqual([id]);
  });

  it('a ciphertext that does not decrypt under its (listed) key is counted as failed and skipped', async () => {
    const instance = await start(`${KEY_B},${KEY_A}`);
    const registered = await call(instance, 'POST', '/v1/patients', {
      name: 'Synthetic Patient Altered',
      sex: 'male',
      ageYears: 61,
      cnic: formatted(cnicOf(N + 2)),
    });
    const { id } = (await registered.json()) as { id: string };
    // As if written under A and then altered: A is listed, the authentication fails.
    await instance.dataSource.query(
      `UPDATE patient SET cnic_key_id = 'a-2026', cnic_ciphertext = $2 WHERE id = $1`,
      [id, Buffer.alloc(48, 9)],
    );
    logLines.length = 0;
    const run = await job(instance).runOnce();
    expect(run).toMatchObject({ reencrypted: 0, failed: 1, remaining: 1 });
    expect(logLines.join('\n')).toContain(`patient ${id} under key a-2026 does not decrypt`);
    await stop(instance);
  });
});
