import { Readable } from 'node:stream';
import type { Binary } from '@medplum/fhirtypes';
import { FhirError } from '../http/fhir-error';
import { documentId } from '../mapping/document-id';
import { BinaryController } from './binary.controller';
import { asApi, asReply, env, mockApi, refusal, reply, request, type MockApi } from './test/doubles';

const CASE_FILE = '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f';
const ATTACHMENT = 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52';
const PATH = `/v1/case-files/${CASE_FILE}/attachments/${ATTACHMENT}`;
const ETAG = '"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"';

/** A synthetic PNG's first bytes and some more. */
const bytes = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(600, 7),
]);

const download = (status: number, body: Buffer | null, headers: Record<string, string> = {}) =>
  new Response(body === null ? null : new Uint8Array(body), {
    status,
    headers: {
      'content-type': 'image/png',
      etag: ETAG,
      'accept-ranges': 'bytes',
      'cache-control': 'private, no-cache',
      'content-disposition': `attachment; filename="${ATTACHMENT}.png"`,
      ...(body ? { 'content-length': String(body.length) } : {}),
      'x-internal': 'not passed on',
      ...headers,
    },
  });

async function text(stream: unknown): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as Readable) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe('BinaryController (PublicApi mocked)', () => {
  let api: MockApi;
  let controller: BinaryController;
  const id = documentId({ caseFileId: CASE_FILE, attachmentId: ATTACHMENT });

  beforeEach(() => {
    api = mockApi();
    controller = new BinaryController(env, asApi(api));
  });

  it('streams the bytes for any Accept but FHIR JSON, passing Range and the conditions on, 206 back', async () => {
    const part = bytes.subarray(0, 8);
    api.raw.mockResolvedValue(download(206, part, { 'content-range': `bytes 0-7/${bytes.length}` }));
    const answer = reply();
    await controller.read(
      id,
      undefined,
      request({ accept: '*/*', range: 'bytes=0-7', 'if-range': ETAG, 'if-none-match': '"old"', cookie: 'x' }),
      asReply(answer),
    );
    expect(api.raw).toHaveBeenCalledWith({ authorization: 'Bearer t', requestId: 'req-1' }, PATH, {
      range: 'bytes=0-7',
      'if-range': ETAG,
      'if-none-match': '"old"',
    });
    expect(answer.statusCode).toBe(206);
    expect(answer.headers).toEqual({
      vary: 'Accept',
      'content-type': 'image/png',
      'content-length': '8',
      'content-range': `bytes 0-7/${bytes.length}`,
      'accept-ranges': 'bytes',
      etag: ETAG,
      'cache-control': 'private, no-cache',
      'content-disposition': `attachment; filename="${ATTACHMENT}.png"`,
    });
    expect(answer.body).toBeInstanceOf(Readable);
    expect((await text(answer.body)).equals(part)).toBe(true);
  });

  it('answers 304 as the API does, without a body', async () => {
    api.raw.mockResolvedValue(download(304, null));
    const answer = reply();
    await controller.read(id, undefined, request({ 'if-none-match': ETAG }), asReply(answer));
    expect(answer.statusCode).toBe(304);
    expect(answer.body).toBeUndefined();
  });

  it('says where the bytes end on a 416', async () => {
    api.raw.mockRejectedValue(new FhirError({ status: 416, size: 608 } as never));
    const answer = reply();
    expect(
      (await refusal(controller.read(id, undefined, request({ range: 'bytes=9999-' }), asReply(answer))))
        .status,
    ).toBe(416);
    expect(answer.headers['content-range']).toBe('bytes */608');
  });

  it('gives the Binary resource for Accept: application/fhir+json, with a weak ETag', async () => {
    api.raw.mockResolvedValue(download(200, bytes));
    const answer = reply();
    await controller.read(
      id,
      undefined,
      request({ accept: 'application/fhir+json', range: 'bytes=0-7' }),
      asReply(answer),
    );
    // The resource is the whole file: no Range asked of the API.
    expect(api.raw).toHaveBeenCalledWith(expect.anything(), PATH, {});
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(answer.headers.etag).toBe(`W/${ETAG}`);
    const binary = answer.body as Binary;
    expect(binary).toMatchObject({ resourceType: 'Binary', id, contentType: 'image/png' });
    expect(Buffer.from(binary.data!, 'base64').equals(bytes)).toBe(true);
  });

  it('answers 304 to the resource too, If-None-Match passed on', async () => {
    api.raw.mockResolvedValue(download(304, null));
    const answer = reply();
    await controller.read(id, 'json', request({ 'if-none-match': `W/${ETAG}` }), asReply(answer));
    expect(api.raw).toHaveBeenCalledWith(expect.anything(), PATH, { 'if-none-match': `W/${ETAG}` });
    expect(answer.statusCode).toBe(304);
    expect(answer.headers.etag).toBe(`W/${ETAG}`);
  });

  it('refuses (422) the resource above the limit, telling to ask for the bytes, and stops the download', async () => {
    const big = Buffer.alloc(env.FHIR_BINARY_JSON_MAX_BYTES + 1, 1);
    const response = download(200, big);
    const cancel = jest.spyOn(response.body!, 'cancel');
    api.raw.mockResolvedValue(response);
    const problem = await refusal(
      controller.read(id, undefined, request({ accept: 'application/fhir+json' }), asReply(reply())),
    );
    expect(problem.status).toBe(422);
    expect(problem.detail).toContain('ask for the bytes themselves');
    expect(problem.detail).toContain(`${big.length} bytes`);
    expect(cancel).toHaveBeenCalled();
  });

  it('is 404 for an id of another shape, without asking the API; passes on its 404', async () => {
    for (const other of [ATTACHMENT, `${id}x`]) {
      expect((await refusal(controller.read(other, undefined, request(), asReply(reply())))).status).toBe(
        404,
      );
    }
    expect(api.raw).not.toHaveBeenCalled();
    api.raw.mockRejectedValue(new FhirError({ status: 404, detail: 'Case file not found' }));
    expect((await refusal(controller.read(id, undefined, request(), asReply(reply())))).status).toBe(404);
  });
});
