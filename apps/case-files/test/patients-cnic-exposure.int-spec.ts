import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { parseBlindIndexKey, parseCnicEncryptionKeys } from '../src/config';
import { CnicCrypto } from '../src/patients/cnic-crypto';
import { startCaseFiles, TEST_CNIC_KEYS, type TestCaseFiles } from './support/case-files';

// Synthetic numbers: none belongs to a real person.
const CNIC = '35202-9876543-7';
const DIGITS = '3520298765437';

/**
 * DESIGN.md §5: the CNIC never appears in plaintext in the database, the logs or an event. Every
 * endpoint that takes a CNIC is called with it, successes and failures alike, then every place it
 * could have leaked is searched for both of its forms.
 */
describe('case-files: the CNIC stays protected (real PostgreSQL and Kafka)', () => {
  let caseFiles: TestCaseFiles;
  const logLines: string[] = [];
  const clinic = randomUUID();
  const patientIds: string[] = [];

  const token = (roles: string[], org = clinic) =>
    caseFiles.issuer.token({ org, roles, practitioner: randomUUID() });
  const call = (method: string, path: string, body?: unknown, org = clinic) =>
    fetch(`${caseFiles.service.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token(['clinician'], org)}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    // Everything the service logs, at its most verbose, without the central logger's redaction: the
    // service must not hand a CNIC to its logger at all.
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    caseFiles = await startCaseFiles({}, { logger: pino({ level: 'trace' }, stream) });
    // TypeORM prints failed queries with their parameters to the console, past the logger.
    for (const method of ['log', 'info', 'warn', 'error'] as const) {
      jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      });
    }

    const body = { name: 'Bibi Zainab', sex: 'female', ageYears: 36, cnic: CNIC, phone: '0300-1234567' };
    for (const org of [clinic, randomUUID()]) {
      const response = await call('POST', '/v1/patients', body, org);
      expect(response.status).toBe(201);
      patientIds.push(((await response.json()) as { id: string }).id);
    }
    const exchanges: [string, string, unknown, number][] = [
      ['POST', '/v1/patients', { ...body, cnic: DIGITS }, 409],
      ['GET', `/v1/patients?cnic=${CNIC}`, undefined, 200],
      ['GET', `/v1/patients?cnic=${DIGITS}&limit=5`, undefined, 200],
      ['GET', `/v1/patients/${patientIds[0]}`, undefined, 200],
      ['GET', `/v1/patients/${DIGITS}`, undefined, 400],
      ['GET', `/v1/patient?cnic=${DIGITS}`, undefined, 404],
      ['POST', '/v1/patients', { ...body, cnic: `${DIGITS}1` }, 422],
      ['POST', '/v1/patients', { ...body, cnic: `9${DIGITS.slice(1)}` }, 422],
      ['POST', '/v1/patients', { ...body, ageYears: undefined }, 422],
    ];
    for (const [method, path, requestBody, status] of exchanges) {
      const response = await call(method, path, requestBody);
      expect({ method, path, status: response.status }).toEqual({ method, path, status });
      await response.text();
    }
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await caseFiles?.close();
  });

  const leaks = (text: string) =>
    [DIGITS, CNIC, DIGITS.slice(1), `9${DIGITS.slice(1)}`].filter((form) => text.includes(form));

  it('stores it only encrypted under the current key, with its blind index', async () => {
    const crypto = new CnicCrypto(
      parseCnicEncryptionKeys(TEST_CNIC_KEYS.CNIC_ENCRYPTION_KEY)!,
      parseBlindIndexKey(TEST_CNIC_KEYS.CNIC_INDEX_KEY)!,
    );
    const rows: {
      id: string;
      cnic_ciphertext: Buffer;
      cnic_key_id: string;
      cnic_last_digit: string;
      cnic_blind_index: Buffer;
    }[] = await caseFiles.dataSource.query(
      'SELECT id, cnic_ciphertext, cnic_key_id, cnic_last_digit, cnic_blind_index FROM patient WHERE id = ANY($1)',
      [patientIds],
    );
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.cnic_key_id).toBe('test-1');
      expect(row.cnic_last_digit).toBe('7');
      expect(crypto.decrypt({ keyId: row.cnic_key_id, ciphertext: row.cnic_ciphertext }, row.id)).toBe(
        DIGITS,
      );
      expect(row.cnic_blind_index.equals(crypto.blindIndex(DIGITS))).toBe(true);
    }
  });

  it('is nowhere in plaintext in any text, bytea or jsonb column of any table of the database', async () => {
    const columns: { table_name: string; column_name: string; data_type: string }[] =
      await caseFiles.dataSource.query(
        `SELECT table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema = 'public'
            AND data_type IN ('text', 'character varying', 'character', 'bytea', 'jsonb', 'json', 'ARRAY')`,
      );
    const tables = new Set(columns.map((c) => c.table_name));
    for (const table of ['patient', 'phi_audit_log', 'outbox', 'inbox']) expect(tables).toContain(table);
    let searched = 0;
    for (const { table_name, column_name, data_type } of columns) {
      // bytea as its raw bytes read as Latin-1 (a plaintext CNIC would show as its digits), the rest as text.
      const values: { value: string | Buffer | null }[] = await caseFiles.dataSource.query(
        data_type === 'bytea'
          ? `SELECT "${column_name}" AS value FROM "${table_name}"`
          : `SELECT "${column_name}"::text AS value FROM "${table_name}"`,
      );
      for (const { value } of values) {
        if (value === null) continue;
        searched += 1;
        const text = Buffer.isBuffer(value) ? value.toString('latin1') : value;
        expect({ table_name, column_name, leaks: leaks(text) }).toEqual({
          table_name,
          column_name,
          leaks: [],
        });
      }
    }
    expect(searched).toBeGreaterThan(10);
    // The audit trail holds the accesses, by id only.
    const actions: { action: string }[] = await caseFiles.dataSource.query(
      `SELECT action FROM phi_audit_log WHERE object_id = $1 ORDER BY id`,
      [patientIds[0]],
    );
    expect(actions.map((a) => a.action)).toEqual(['create', 'search', 'search', 'read']);
  });

  it('is in no event: patients publish nothing, so the outbox holds nothing', async () => {
    expect(await caseFiles.count('outbox')).toBe(0);
  });

  it('is in no log line nor console output, though requests were logged with their URLs', async () => {
    const logs = logLines.join('');
    expect(logs).toContain('incoming request');
    expect(logs).toContain('/v1/patients?cnic=…');
    expect(logs).toContain('/v1/patient?cnic=…');
    expect(leaks(logs)).toEqual([]);
  });
});
