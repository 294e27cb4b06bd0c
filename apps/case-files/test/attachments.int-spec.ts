import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { jpeg, png, sha256 } from '@referral/testing';
import { describeAuthorizationMatrix } from '@referral/testing-service';
import { TusUploads } from '../src/attachments/tus-uploads';
import { startCaseFiles, type TestCaseFiles } from './support/case-files';

interface Attachment {
  id: string;
  caseFileId: string;
  contentType: string;
  size: number;
  sha256: string;
  description: string | null;
  createdAt: string;
}

interface AttachmentPage {
  items: Attachment[];
  nextCursor: string | null;
}

/**
 * Attachments at the case-files service: storage in PostgreSQL and in an S3-compatible store (s3rver,
 * a real S3 HTTP API in-process), expiry of abandoned tus uploads, the authorization matrix. The flows
 * through the gateway are in e2e/attachments.e2e-spec.ts.
 */
describe('case-files: attachments (real PostgreSQL and Kafka)', () => {
  const clinic = randomUUID();

  async function newCaseFile(caseFiles: TestCaseFiles, organizationId: string = clinic): Promise<string> {
    const patientId = randomUUID();
    await caseFiles.dataSource.query(
      `INSERT INTO patient (id, organization_id, name, sex, age_years, age_stated_on) VALUES ($1, $2, 'Bibi Zainab', 'female', 36, current_date)`,
      [patientId, organizationId],
    );
    const response = await fetch(`${caseFiles.service.url}/v1/case-files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${clinicianOf(caseFiles, organizationId)}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ patientId, chiefComplaint: 'Swollen knee for two weeks' }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  const clinicianOf = (caseFiles: TestCaseFiles, org: string = clinic) =>
    caseFiles.issuer.token({ org, roles: ['clinician'], practitioner: randomUUID() });

  function attach(
    caseFiles: TestCaseFiles,
    caseFileId: string,
    file: Buffer,
    token = clinicianOf(caseFiles),
  ) {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'knee.png');
    return fetch(`${caseFiles.service.url}/v1/case-files/${caseFileId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  }

  describe('in PostgreSQL (the default)', () => {
    let caseFiles: TestCaseFiles;
    let caseFileId: string;

    beforeAll(async () => {
      caseFiles = await startCaseFiles({ ATTACHMENT_MAX_BYTES: String(1024 * 1024) });
      caseFileId = await newCaseFile(caseFiles);
    });

    afterAll(async () => {
      await caseFiles?.close();
    });

    it('stores the bytes in 256 KiB chunks and gives them back whole', async () => {
      const file = png(600_000);
      const response = await attach(caseFiles, caseFileId, file);
      expect(response.status).toBe(201);
      const attachment = (await response.json()) as Attachment;
      const chunks: { seq: number; size: number }[] = await caseFiles.dataSource.query(
        'SELECT seq, length(data) AS size FROM attachment_blob_chunk WHERE blob_id = $1 ORDER BY seq',
        [attachment.id],
      );
      expect(chunks.map((c) => c.size)).toEqual([262144, 262144, file.length - 2 * 262144]);
      const stored = await fetch(
        `${caseFiles.service.url}/v1/case-files/${caseFileId}/attachments/${attachment.id}`,
        {
          headers: { authorization: `Bearer ${clinicianOf(caseFiles)}` },
        },
      );
      expect(sha256(Buffer.from(await stored.arrayBuffer()))).toBe(sha256(file));
    });

    it('refuses a file over the configured limit with 413 and stores nothing', async () => {
      const before = await caseFiles.count('attachment_blob_chunk');
      const response = await attach(caseFiles, caseFileId, png(1024 * 1024 + 10));
      expect(response.status).toBe(413);
      expect(await caseFiles.count('attachment_blob_chunk')).toBe(before);
    });

    it('refuses a description holding U+0000, as multipart or tus metadata, with 422 nul-character and stores nothing', async () => {
      const before = {
        attachments: await caseFiles.count('attachment'),
        uploads: await caseFiles.count('upload'),
      };
      const form = new FormData();
      form.append('description', 'Knee, day 3\0');
      form.append('file', new Blob([new Uint8Array(png(2000))]), 'knee.png');
      const multipart = await fetch(`${caseFiles.service.url}/v1/case-files/${caseFileId}/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clinicianOf(caseFiles)}` },
        body: form,
      });
      expect(multipart.status).toBe(422);
      expect(await multipart.json()).toMatchObject({
        type: 'urn:problem-type:nul-character',
        errors: [{ field: 'description', message: 'must not contain the NUL character (U+0000)' }],
      });
      const tus = await fetch(`${caseFiles.service.url}/v1/uploads`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clinicianOf(caseFiles)}`,
          'tus-resumable': '1.0.0',
          'upload-length': '5000',
          'upload-metadata': [
            `caseFileId ${Buffer.from(caseFileId).toString('base64')}`,
            `description ${Buffer.from('Knee\0').toString('base64')}`,
          ].join(','),
        },
      });
      expect(tus.status).toBe(422);
      expect(await caseFiles.count('attachment')).toBe(before.attachments);
      expect(await caseFiles.count('upload')).toBe(before.uploads);
    });

    it('answers 410 for an abandoned upload past its expiry, and the cleanup deletes it', async () => {
      const created = await fetch(`${caseFiles.service.url}/v1/uploads`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${clinicianOf(caseFiles)}`,
          'tus-resumable': '1.0.0',
          'upload-length': '5000',
          'upload-metadata': `caseFileId ${Buffer.from(caseFileId).toString('base64')}`,
        },
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location')!;
      const id = location.split('/').pop()!;
      const sent = await fetch(`${caseFiles.service.url}${location}`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${clinicianOf(caseFiles)}`,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        body: new Uint8Array(jpeg(5000).subarray(0, 2000)),
      });
      expect(sent.status).toBe(204);
      const head = () =>
        fetch(`${caseFiles.service.url}${location}`, {
          method: 'HEAD',
          headers: { authorization: `Bearer ${clinicianOf(caseFiles)}`, 'tus-resumable': '1.0.0' },
        });
      expect((await head()).headers.get('upload-offset')).toBe('2000');

      // Two days later (UPLOAD_EXPIRY_HOURS is 24 by default).
      await caseFiles.dataSource.query(
        `UPDATE upload SET created_at = created_at - interval '2 days', expires_at = expires_at - interval '2 days' WHERE id = $1`,
        [id],
      );
      expect((await head()).status).toBe(410);
      expect(await caseFiles.service.app.get(TusUploads).deleteExpired()).toBeGreaterThanOrEqual(1);
      expect((await head()).status).toBe(404);
      const left = await caseFiles.dataSource.query('SELECT 1 FROM upload_chunk WHERE upload_id = $1', [id]);
      expect(left).toHaveLength(0);
    });

    describe('the list (GET /v1/case-files/{id}/attachments)', () => {
      const list = (id: string, token: string, query = '') =>
        fetch(`${caseFiles.service.url}/v1/case-files/${id}/attachments${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });

      it('gives what the uploads answered, oldest first, page by page, each page audited', async () => {
        const own = await newCaseFile(caseFiles);
        const empty = await list(own, clinicianOf(caseFiles));
        expect(empty.status).toBe(200);
        expect(await empty.json()).toEqual({ items: [], nextCursor: null });
        const uploaded: Attachment[] = [];
        for (const file of [png(2000), jpeg(3000), png(4000)]) {
          const response = await attach(caseFiles, own, file);
          expect(response.status).toBe(201);
          uploaded.push((await response.json()) as Attachment);
        }
        // Two uploads in one millisecond are still one after the other (by id) and none is lost.
        await caseFiles.dataSource.query(
          `UPDATE attachment SET created_at = date_trunc('milliseconds', now()) + interval '0.4 millisecond' WHERE id = ANY($1::uuid[])`,
          [[uploaded[1].id, uploaded[2].id]],
        );
        const [tied1, tied2] = [uploaded[1], uploaded[2]].sort((a, b) => a.id.localeCompare(b.id));
        const first = await list(own, clinicianOf(caseFiles), '?limit=2');
        expect(first.status).toBe(200);
        const page1 = (await first.json()) as AttachmentPage;
        expect(page1.items).toEqual([uploaded[0], { ...tied1, createdAt: expect.any(String) }]);
        expect(page1.nextCursor).toEqual(expect.any(String));
        const page2 = (await (
          await list(own, clinicianOf(caseFiles), `?limit=2&cursor=${page1.nextCursor}`)
        ).json()) as AttachmentPage;
        expect(page2.items).toEqual([{ ...tied2, caseFileId: own, createdAt: expect.any(String) }]);
        expect(page2.nextCursor).toBeNull();

        const audited: { details: { attachments: number } }[] = await caseFiles.dataSource.query(
          `SELECT details FROM phi_audit_log WHERE object_type = 'case-file' AND object_id = $1 AND action = 'read' ORDER BY id`,
          [own],
        );
        expect(audited.map((row) => row.details.attachments)).toEqual([0, 2, 1]);

        expect((await list(own, clinicianOf(caseFiles), '?cursor=bm9wZQ')).status).toBe(422);
        expect((await list(own, clinicianOf(caseFiles), '?limit=0')).status).toBe(422);
      });

      it('answers a specialist through a grant, and 404 before it and once it is revoked', async () => {
        const own = await newCaseFile(caseFiles);
        expect((await attach(caseFiles, own, png(2500))).status).toBe(201);
        const specialist = randomUUID();
        const specialistToken = () =>
          caseFiles.issuer.token({ org: randomUUID(), roles: ['specialist'], practitioner: specialist });
        expect((await list(own, specialistToken())).status).toBe(404);
        const referralId = randomUUID();
        await caseFiles.dataSource.query(
          `INSERT INTO case_file_access_grant (referral_id, case_file_id, practitioner_id, granted_at, last_event_at)
           VALUES ($1, $2, $3, now(), now())`,
          [referralId, own, specialist],
        );
        const granted = await list(own, specialistToken());
        expect(granted.status).toBe(200);
        expect(((await granted.json()) as AttachmentPage).items).toHaveLength(1);
        await caseFiles.dataSource.query(
          'UPDATE case_file_access_grant SET revoked_at = now() WHERE referral_id = $1',
          [referralId],
        );
        const revoked = await list(own, specialistToken());
        expect(revoked.status).toBe(404);
        expect(await revoked.json()).toMatchObject({ detail: expect.stringContaining(own) });
        // Unknown case file: the same 404.
        expect((await list(randomUUID(), clinicianOf(caseFiles))).status).toBe(404);
      });
    });

    describeAuthorizationMatrix(
      'attachments',
      {
        url: () => caseFiles.service.url,
        issuer: () => caseFiles.issuer,
        setup: async (organizationId) => {
          const ownCaseFile = await newCaseFile(caseFiles, organizationId);
          const response = await attach(
            caseFiles,
            ownCaseFile,
            jpeg(3000),
            clinicianOf(caseFiles, organizationId),
          );
          return { caseFile: ownCaseFile, attachment: ((await response.json()) as Attachment).id };
        },
      },
      [
        {
          // A JSON body: the owner's clinician gets 415, past authorization.
          method: 'POST',
          path: (f) => `/v1/case-files/${f.ids.caseFile}/attachments`,
          body: () => ({}),
          allowed: ['clinician'],
          object: true,
        },
        {
          method: 'GET',
          path: (f) => `/v1/case-files/${f.ids.caseFile}/attachments`,
          allowed: ['clinician', 'coordinator', 'admin', 'specialist'],
          object: true,
        },
        {
          method: 'GET',
          path: (f) => `/v1/case-files/${f.ids.caseFile}/attachments/${f.ids.attachment}`,
          allowed: ['clinician', 'coordinator', 'admin', 'specialist'],
          object: true,
        },
      ],
    );
  });

  describe('in an S3-compatible store (ATTACHMENT_STORAGE=s3)', () => {
    let caseFiles: TestCaseFiles;
    let s3rver: S3rver;
    let directory: string;
    let s3: S3Client;

    beforeAll(async () => {
      directory = mkdtempSync(path.join(tmpdir(), 's3rver-'));
      s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
      const { port } = await s3rver.run();
      const endpoint = `http://127.0.0.1:${port}`;
      s3 = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      await s3.send(new CreateBucketCommand({ Bucket: 'case-file-attachments' }));
      caseFiles = await startCaseFiles({
        ATTACHMENT_STORAGE: 's3',
        S3_BUCKET: 'case-file-attachments',
        S3_ENDPOINT: endpoint,
        S3_ACCESS_KEY_ID: 'S3RVER',
        S3_SECRET_ACCESS_KEY: 'S3RVER',
      });
    });

    afterAll(async () => {
      await caseFiles?.close();
      s3?.destroy();
      await s3rver?.close();
      rmSync(directory, { recursive: true, force: true });
    });

    it('puts the bytes in the bucket, none in PostgreSQL, and serves them whole and by range', async () => {
      const caseFileId = await newCaseFile(caseFiles);
      const file = png(400_000);
      const response = await attach(caseFiles, caseFileId, file);
      expect(response.status).toBe(201);
      const attachment = (await response.json()) as Attachment;
      expect(attachment.sha256).toBe(sha256(file));
      const object = await s3.send(
        new HeadObjectCommand({ Bucket: 'case-file-attachments', Key: `attachments/${attachment.id}` }),
      );
      expect(object.ContentLength).toBe(file.length);
      expect(await caseFiles.count('attachment_blob_chunk')).toBe(0);
      const [row] = await caseFiles.dataSource.query('SELECT storage FROM attachment WHERE id = $1', [
        attachment.id,
      ]);
      expect(row.storage).toBe('s3');

      const url = `${caseFiles.service.url}/v1/case-files/${caseFileId}/attachments/${attachment.id}`;
      const whole = await fetch(url, { headers: { authorization: `Bearer ${clinicianOf(caseFiles)}` } });
      expect(sha256(Buffer.from(await whole.arrayBuffer()))).toBe(sha256(file));
      const partial = await fetch(url, {
        headers: { authorization: `Bearer ${clinicianOf(caseFiles)}`, range: 'bytes=300000-300099' },
      });
      expect(partial.status).toBe(206);
      expect(Buffer.from(await partial.arrayBuffer()).equals(file.subarray(300000, 300100))).toBe(true);
    });
  });
});
