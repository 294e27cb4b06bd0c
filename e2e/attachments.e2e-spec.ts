import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { TOPICS } from '@referral/contracts';
import {
  dicom,
  executable,
  jpeg,
  pdf,
  png,
  sha256,
  startStack,
  testInfrastructure,
  testKafka,
  TopicRecorder,
  waitUntil,
  type RunningStack,
} from '@referral/testing';
import { registerClient, type IssuedClient } from './support/clients';

const MiB = 1024 * 1024;

interface Attachment {
  id: string;
  caseFileId: string;
  contentType: string;
  size: number;
  sha256: string;
  description: string | null;
}
const attachmentOf = async (response: Response) => (await response.json()) as Attachment;
const problemOf = async (response: Response) => (await response.json()) as { type: string };
const LIMIT = 20 * MiB;

/**
 * Attachments through the gateway with the whole stack: multipart uploads whose type is read from the
 * content, downloads with ETag and Range, the limits, and resumable tus uploads that survive a
 * dropped connection.
 */
describe('attachments through the gateway', () => {
  let stack: RunningStack;
  let clinic: IssuedClient;
  let otherClinic: IssuedClient;
  let caseFileId: string;
  let db: Client;
  let events: TopicRecorder;

  beforeAll(async () => {
    const infra = await testInfrastructure();
    stack = await startStack(infra);
    clinic = await registerClient(stack.gateway, ['clinician']);
    otherClinic = await registerClient(stack.gateway, ['clinician']);
    const patient = await clinic.api.POST('/v1/patients', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { name: 'Shazia Parveen', sex: 'female', ageYears: 29, district: 'Thatta' } as never,
    });
    const caseFile = await clinic.api.POST('/v1/case-files', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        patientId: patient.data!.id,
        chiefComplaint: 'Itchy rash on both forearms for a month',
      } as never,
    });
    expect(caseFile.response.status).toBe(201);
    caseFileId = caseFile.data!.id;
    db = new Client({ connectionString: stack.databaseUrl('case-files') });
    await db.connect();
    events = await new TopicRecorder(testKafka(infra.kafkaBrokers), [TOPICS.caseFile]).start();
  }, 240_000);

  afterAll(async () => {
    await events?.stop();
    await db?.end();
    await stack?.stop();
  }, 120_000);

  const auth = (client: IssuedClient) => ({ authorization: `Bearer ${client.token}` });
  const count = async (table: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  function attach(
    client: IssuedClient,
    file: Buffer,
    options: { name?: string; type?: string; headers?: Record<string, string>; id?: string } = {},
  ) {
    const form = new FormData();
    form.append('description', 'Rash on the left forearm, day 30');
    form.append(
      'file',
      new Blob([new Uint8Array(file)], { type: options.type ?? 'image/png' }),
      options.name ?? 'rash.png',
    );
    return fetch(`${stack.gateway}/v1/case-files/${options.id ?? caseFileId}/attachments`, {
      method: 'POST',
      headers: { ...auth(client), ...options.headers },
      body: form,
    });
  }

  /** A multipart POST of `bytes` that reads the answer even if the server stops reading the body. */
  function statusOfLargePost(client: IssuedClient, bytes: number): Promise<number> {
    const boundary = 'e2e-large-body';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const body = Buffer.concat([head, jpeg(bytes), tail]);
    return new Promise((resolve, reject) => {
      const request = httpRequest(new URL(`/v1/case-files/${caseFileId}/attachments`, stack.gateway), {
        method: 'POST',
        headers: {
          ...auth(client),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(body.length),
        },
      });
      // The headers alone first: a gateway that refuses from Content-Length answers before any of
      // the body is sent. Sending it at once raced the refusal: a reset could come in before the
      // answer was read, and then no answer came at all.
      const sendBody = setTimeout(() => request.end(body), 2_000);
      const noAnswer = setTimeout(() => reject(new Error('no answer to the large POST')), 60_000);
      request.on('response', (response) => {
        clearTimeout(sendBody);
        clearTimeout(noAnswer);
        response.resume();
        resolve(response.statusCode!);
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
      });
      request.flushHeaders();
    });
  }

  const download = (client: IssuedClient, path: string, headers: Record<string, string> = {}) =>
    fetch(`${stack.gateway}${path}`, { headers: { ...auth(client), ...headers } });

  it('stores a PNG, answers its type, size and SHA-256, and serves it whole, by range and by ETag', async () => {
    const file = png(300_000);
    const response = await attach(clinic, file, { name: 'IMG_0042.JPG', type: 'image/jpeg' });
    expect(response.status).toBe(201);
    const body = await attachmentOf(response);
    expect(body).toMatchObject({
      caseFileId,
      contentType: 'image/png', // from the bytes, not from the name or the declared type
      size: file.length,
      sha256: sha256(file),
      description: 'Rash on the left forearm, day 30',
    });
    const location = response.headers.get('location')!;
    expect(location).toBe(`/v1/case-files/${caseFileId}/attachments/${body.id}`);

    const whole = await download(clinic, location);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('etag')).toBe(`"${sha256(file)}"`);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);

    // A range that crosses the service's 256 KiB storage chunks.
    const partial = await download(clinic, location, { range: 'bytes=262000-262199' });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(`bytes 262000-262199/${file.length}`);
    expect(Buffer.from(await partial.arrayBuffer()).equals(file.subarray(262000, 262200))).toBe(true);

    const rest = await download(clinic, location, { range: `bytes=${file.length - 10}-` });
    expect(Buffer.from(await rest.arrayBuffer()).equals(file.subarray(file.length - 10))).toBe(true);

    const unchanged = await download(clinic, location, { 'if-none-match': `"${sha256(file)}"` });
    expect(unchanged.status).toBe(304);

    const beyond = await download(clinic, location, { range: `bytes=${file.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.length}`);

    const audit = await clinic.api.GET('/v1/case-files/{id}/audit', { params: { path: { id: caseFileId } } });
    const forThis = audit.data!.items.filter((entry) => entry.attachmentId === body.id);
    expect(forThis.map((entry) => entry.action).sort()).toEqual([
      'create',
      'download',
      'download',
      'download',
    ]);

    const [event] = await events
      .waitFor((messages) => messages.some((m) => m.value?.includes(body.id)), 'case_file.attachment_added')
      .then((messages) => messages.filter((m) => m.value?.includes(body.id)));
    expect(event.headers.ce_type).toBe('case_file.attachment_added');
    expect(JSON.parse(event.value!)).toMatchObject({
      caseFileId,
      attachmentId: body.id,
      contentType: 'image/png',
      size: file.length,
    });
    expect(event.value).not.toContain('Rash');
  });

  it.each([
    ['a JPEG', jpeg(50_000), 'image/jpeg'],
    ['a PDF lab report', pdf(20_000), 'application/pdf'],
    ['a DICOM ECG', dicom(40_000), 'application/dicom'],
  ])('accepts %s as %s', async (_name, file, contentType) => {
    const response = await attach(clinic, file, { name: 'upload.bin', type: 'application/octet-stream' });
    expect(response.status).toBe(201);
    expect(await attachmentOf(response)).toMatchObject({
      contentType,
      size: file.length,
      sha256: sha256(file),
    });
  });

  it('refuses a .jpg that is an executable (415), an empty file (400) and files over the limit (413), storing nothing', async () => {
    const before = { attachments: await count('attachment'), chunks: await count('attachment_blob_chunk') };

    const disguised = await attach(clinic, executable(10_000), { name: 'photo.jpg', type: 'image/jpeg' });
    expect(disguised.status).toBe(415);
    expect((await problemOf(disguised)).type).toMatch(/unsupported-file-type$/);

    const empty = await attach(clinic, Buffer.alloc(0));
    expect(empty.status).toBe(400);

    // Just over the limit: the gateway passes it (form overhead allowed), the service refuses it.
    const justOver = await attach(clinic, png(LIMIT + 1024));
    expect(justOver.status).toBe(413);
    // Far over: the gateway refuses it from its Content-Length, before reading it or the service
    // seeing it (and closes the connection while the client is still sending).
    expect(await statusOfLargePost(clinic, LIMIT + MiB)).toBe(413);

    expect({ attachments: await count('attachment'), chunks: await count('attachment_blob_chunk') }).toEqual(
      before,
    );
  });

  it('answers 404 to another organization, for attaching and for downloading', async () => {
    const file = jpeg(5_000);
    const theirs = await attach(otherClinic, file);
    expect(theirs.status).toBe(404);
    const mine = await attachmentOf(await attach(clinic, file));
    const read = await download(otherClinic, `/v1/case-files/${caseFileId}/attachments/${mine.id}`);
    expect(read.status).toBe(404);
  });

  it('stores a retried upload once: the same Idempotency-Key replays the first answer', async () => {
    const file = jpeg(30_000);
    const key = randomUUID();
    const first = await attach(clinic, file, { headers: { 'idempotency-key': key } });
    const again = await attach(clinic, file, { headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const [a, b] = [await attachmentOf(first), await attachmentOf(again)];
    expect(b.id).toBe(a.id);
    expect(
      Number(
        (await db.query('SELECT count(*) AS n FROM attachment WHERE sha256 = $1', [a.sha256])).rows[0].n,
      ),
    ).toBe(1);
  });

  describe('resumable uploads (tus 1.0)', () => {
    const TUS = { 'tus-resumable': '1.0.0' };
    const metadata = (fields: Record<string, string>) =>
      Object.entries(fields)
        .map(([name, value]) => `${name} ${Buffer.from(value).toString('base64')}`)
        .join(',');

    async function create(
      client: IssuedClient,
      length: number,
      fields = { caseFileId, description: 'ECG, 12 lead' },
    ) {
      return fetch(`${stack.gateway}/v1/uploads`, {
        method: 'POST',
        headers: {
          ...auth(client),
          ...TUS,
          'upload-length': String(length),
          'upload-metadata': metadata(fields),
        },
      });
    }

    const head = (client: IssuedClient, location: string) =>
      fetch(`${stack.gateway}${location}`, { method: 'HEAD', headers: { ...auth(client), ...TUS } });

    const patch = (client: IssuedClient, location: string, offset: number, bytes: Buffer) =>
      fetch(`${stack.gateway}${location}`, {
        method: 'PATCH',
        headers: {
          ...auth(client),
          ...TUS,
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        },
        body: new Uint8Array(bytes),
      });

    it('continues an upload cut at 60% from where it stopped, and the stored bytes are the original', async () => {
      const file = png(3 * MiB);
      const created = await create(clinic, file.length);
      expect(created.status).toBe(201);
      expect(new Date(created.headers.get('upload-expires')!).getTime()).toBeGreaterThan(Date.now());
      const location = created.headers.get('location')!;
      expect(location).toMatch(/^\/v1\/uploads\/[0-9a-f-]{36}$/);
      const uploadId = location.split('/').pop()!;

      // Send 60% over a real connection, wait until the service has committed what it can, cut it.
      const sixty = Math.floor(file.length * 0.6);
      const url = new URL(location, stack.gateway);
      const cut = httpRequest(url, {
        method: 'PATCH',
        headers: {
          ...auth(clinic),
          ...TUS,
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
          'content-length': String(file.length),
        },
      });
      cut.on('error', () => undefined);
      cut.write(file.subarray(0, sixty));
      const storedOffset = async () =>
        Number(
          (await db.query('SELECT "offset" FROM upload WHERE id = $1', [uploadId])).rows[0]?.offset ?? 0,
        );
      await waitUntil(
        async () => (await storedOffset()) >= sixty - 256 * 1024,
        'the first 60% stored',
        30_000,
      );
      cut.destroy();

      // What arrived stays: the server tells how far it got, never zero.
      let offset = 0;
      await waitUntil(
        async () => {
          const answer = await head(clinic, location);
          offset = Number(answer.headers.get('upload-offset'));
          return answer.status === 200 && offset >= sixty - 256 * 1024;
        },
        'HEAD to give the offset after the cut',
        30_000,
      );
      expect(offset).toBeGreaterThanOrEqual(sixty - 256 * 1024);
      expect(offset).toBeLessThanOrEqual(sixty);
      const partial = await head(clinic, location);
      expect(partial.headers.get('upload-length')).toBe(String(file.length));

      const rest = await patch(clinic, location, offset, file.subarray(offset));
      expect(rest.status).toBe(204);
      expect(rest.headers.get('upload-offset')).toBe(String(file.length));
      const attachmentPath = rest.headers.get('content-location')!;
      expect(attachmentPath).toBe(`/v1/case-files/${caseFileId}/attachments/${uploadId}`);

      const stored = await download(clinic, attachmentPath);
      expect(stored.status).toBe(200);
      const bytes = Buffer.from(await stored.arrayBuffer());
      expect(sha256(bytes)).toBe(sha256(file));
      expect(stored.headers.get('etag')).toBe(`"${sha256(file)}"`);
      const row = (
        await db.query('SELECT content_type, size, sha256, description FROM attachment WHERE id = $1', [
          uploadId,
        ])
      ).rows[0];
      expect(row).toEqual({
        content_type: 'image/png',
        size: String(file.length),
        sha256: sha256(file),
        description: 'ECG, 12 lead',
      });
      // The staging bytes are gone; the upload still answers HEAD as complete for a client that missed the answer.
      expect(
        Number(
          (await db.query('SELECT count(*) AS n FROM upload_chunk WHERE upload_id = $1', [uploadId])).rows[0]
            .n,
        ),
      ).toBe(0);
      const done = await head(clinic, location);
      expect(done.headers.get('upload-offset')).toBe(String(file.length));
    });

    it('refuses more bytes than the upload declared (413), keeping nothing of that request', async () => {
      const file = jpeg(10_000);
      const location = (await create(clinic, 6_000)).headers.get('location')!;
      const first = await patch(clinic, location, 0, file.subarray(0, 4_000));
      expect(first.status).toBe(204);
      const tooMuch = await patch(clinic, location, 4_000, file.subarray(4_000));
      expect(tooMuch.status).toBe(413);
      expect((await head(clinic, location)).headers.get('upload-offset')).toBe('4000');
      expect(
        Number(
          (await db.query('SELECT count(*) AS n FROM attachment WHERE id = $1', [location.split('/').pop()]))
            .rows[0].n,
        ),
      ).toBe(0);
    });

    it('refuses uploads over the limit, without a case file, of another organization, and executables at the end', async () => {
      expect((await create(clinic, LIMIT + 1)).status).toBe(413);
      expect((await create(clinic, 1000, { caseFileId: 'not-a-uuid', description: '' })).status).toBe(422);
      expect((await create(clinic, 0)).status).toBe(400);
      expect((await create(otherClinic, 1000)).status).toBe(404);

      const location = (await create(clinic, 2_000)).headers.get('location')!;
      expect((await head(otherClinic, location)).status).toBe(404);
      expect((await patch(otherClinic, location, 0, jpeg(2_000))).status).toBe(404);

      const exe = await patch(clinic, location, 0, executable(2_000));
      expect(exe.status).toBe(415);
      expect((await head(clinic, location)).status).toBe(404);
    });
  });
});
