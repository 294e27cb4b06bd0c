import { randomUUID } from 'node:crypto';
import { documentId, readDocumentId } from './document-id';

const key = {
  caseFileId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  attachmentId: 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52',
};

describe('documentId / readDocumentId', () => {
  it('is 53 lowercase characters a FHIR id allows: the case file, a dash, the attachment', () => {
    const id = documentId(key);
    // RFC 4648 base32, as Python's base64.b32encode gives it (lowercased, padding dropped).
    expect(id).toBe('t6hh23c3jjgd3hrpdifzzdl6n4-6xjlrjq4tzhdjf5qji6g5di7ki');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(id).toHaveLength(53);
  });

  it('reads back what it gave, for any UUIDs (uppercase ones are given lowercase)', () => {
    expect(readDocumentId(documentId(key))).toEqual(key);
    for (let i = 0; i < 200; i++) {
      const random = { caseFileId: randomUUID(), attachmentId: randomUUID() };
      expect(readDocumentId(documentId(random))).toEqual(random);
    }
    const edges = ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'];
    for (const caseFileId of edges) {
      for (const attachmentId of edges) {
        expect(readDocumentId(documentId({ caseFileId, attachmentId }))).toEqual({
          caseFileId,
          attachmentId,
        });
      }
    }
    expect(readDocumentId(documentId({ ...key, caseFileId: key.caseFileId.toUpperCase() }))).toEqual(key);
  });

  it('refuses anything it does not give: one id of a document, never two', () => {
    const id = documentId(key);
    for (const other of [
      '',
      key.attachmentId, // a bare UUID (the attachment alone does not say where it is)
      id.toUpperCase(),
      `${id}a`,
      id.slice(1),
      id.replace('-', '.'),
      id.replace('-', ''),
      `${id.slice(0, 25)}b${id.slice(26)}`, // last character with bits a UUID does not have
      `${id.slice(0, -1)}1`, // not base32
      `${id.slice(27)}-${id.slice(0, 26)}x`,
    ]) {
      expect(readDocumentId(other)).toBeUndefined();
    }
  });

  it('throws on an id that is not a UUID (a programming error, not a request)', () => {
    expect(() => documentId({ ...key, attachmentId: 'nope' })).toThrow('not a UUID');
  });
});
