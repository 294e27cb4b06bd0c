import { randomUUID } from 'node:crypto';
import {
  createTestDatabase,
  jpeg,
  sha256,
  testInfrastructure,
  TestIssuer,
  type TestDatabase,
} from '@referral/testing';
import { migrations } from '../src/migrations';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

const MIB = 1024 * 1024;

/**
 * Two case-files instances on one database, as two replicas behind a load balancer: a resumable upload
 * (tus) continues on whichever instance a request reaches, and two requests writing one upload at once
 * (a client retrying through another instance while its first request still runs) cannot interleave
 * their bytes: a piece is appended only at the offset the upload is at (PostgresUploadStore). Each
 * instance is a Nest application with its own connection pool, in this process; they consume no
 * events (the consumer group on two instances: libs/platform/kafka/test/replicas.int-spec.ts; the CNIC
 * re-encryption on two instances: cnic-rotation.int-spec.ts).
 */
describe('case-files: two instances on one database, one upload (real PostgreSQL)', () => {
  const clinic = randomUUID();
  let database: TestDatabase;
  let issuer: TestIssuer;
  let a: TestCaseFiles;
  let b: TestCaseFiles;
  let caseFileId: string;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    issuer = await new TestIssuer().start();
    database = await createTestDatabase(infra.databaseUrl, 'case_files', migrations);
    [a, b] = await Promise.all(
      [1, 2].map(() =>
        startCaseFiles(
          { ATTACHMENT_MAX_BYTES: String(4 * MIB) },
          { database, issuer, consumeReferralEvents: false },
        ),
      ),
    );
    const patientId = randomUUID();
    await a.dataSource.query(
      `INSERT INTO patient (id, organization_id, name, sex, age_years, age_stated_on)
       VALUES ($1, $2, 'Bibi Zainab (synthetic)', 'female', 36, current_date)`,
      [patientId, clinic],
    );
    const created = await fetch(`${a.service.url}/v1/case-files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clinician()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ patientId, chiefComplaint: 'Swollen knee for two weeks' }),
    });
    expect(created.status).toBe(201);
    caseFileId = ((await created.json()) as { id: string }).id;
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
    await issuer?.stop();
  });

  const clinician = () => issuer.token({ org: clinic, roles: ['clinician'], practitioner: randomUUID() });
  const tus = (
    on: TestCaseFiles,
    path: string,
    method: string,
    headers: Record<string, string>,
    body?: Buffer,
  ) =>
    fetch(`${on.service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${clinician()}`, 'tus-resumable': '1.0.0', ...headers },
      body: body && new Uint8Array(body),
    });
  const patch = (on: TestCaseFiles, location: string, offset: number, bytes: Buffer) =>
    tus(
      on,
      location,
      'PATCH',
      {
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      bytes,
    );

  it('continues an upload on the other instance, and keeps one of two racing writers whole: never a mix', async () => {
    const size = 3 * MIB;
    const half = size / 2;
    // Two versions of the file that differ only after the half: what each writer sends from there.
    const first = jpeg(size);
    const second = Buffer.from(first);
    for (let i = half; i < size; i++) second[i] = first[i] ^ 0xff;

    const created = await tus(a, '/v1/uploads', 'POST', {
      'upload-length': String(size),
      'upload-metadata': `caseFileId ${Buffer.from(caseFileId).toString('base64')}`,
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const id = location.split('/').pop()!;
    expect((await patch(a, location, 0, first.subarray(0, half))).status).toBe(204);
    // The other instance knows how far it got.
    const head = await tus(b, location, 'HEAD', {});
    expect(head.headers.get('upload-offset')).toBe(String(half));

    // The rest, twice at once at the same offset, through each instance: one write wins, the other 409.
    const [byA, byB] = await Promise.all([
      patch(a, location, half, first.subarray(half)),
      patch(b, location, half, second.subarray(half)),
    ]);
    const statuses = [byA.status, byB.status];
    expect(statuses.sort()).toEqual([204, 409]);
    const winner = byA.status === 204 ? first : second;

    const attachment = await fetch(`${b.service.url}/v1/case-files/${caseFileId}/attachments/${id}`, {
      headers: { authorization: `Bearer ${clinician()}` },
    });
    expect(attachment.status).toBe(200);
    expect(sha256(Buffer.from(await attachment.arrayBuffer()))).toBe(sha256(winner));
    const [stored] = await a.dataSource.query(`SELECT size, sha256 FROM attachment WHERE id = $1`, [id]);
    expect({ size: Number(stored.size), sha256: stored.sha256 }).toEqual({ size, sha256: sha256(winner) });
  });
});
