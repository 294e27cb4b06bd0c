import { randomUUID } from 'node:crypto';
import { documentId, readDocumentId } from './document-id';

const key = {
  caseFileId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
  attachmentId: 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52',
};

describe('documentId / readDocumentId', () => {
  it('is the case file, then the attachment: 53 lowercase characters a FHIR id allows', () => {
    const id = documentId(key);
    // RFC 4648 base32 of each UUID's bytes, as Python's base64.b32encode gives it (lowercased, unpadded).
    expect(id).toBe('t6hh23c3jjgd3hrpdifzzdl6n4.6xjlrjq4tzhdjf5qji6g5di7ki');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
  });

  it('reads back what it gave', () => {
    expect(readDocumentId(documentId(key))).toEqual(key);
    for (let i = 0; i < 50; i++) {
      const random = { caseFileId: randomUUID(), attachmentId: randomUUID() };
      expect(readDocumentId(documentId(random))).toEqual(random);
    }
  });

  it('refuses anything it does not give: one id of a document, never two', () => {
    const id = documentId(key);
    for (const other of [
      '',
      key.attachmentId, // a bare UUID: the attachment alone does not say where it is
      id.toUpperCase(),
      `${id}a`,
      id.slice(1),
      id.replace('.', '-'),
      id.replace('.', ''),
      `${id.slice(0, 25)}b${id.slice(26)}`, // a last character with bits a UUID does not have
      `${id.slice(0, -1)}1`, // not base32
    ]) {
      expect(readDocumentId(other)).toBeUndefined();
    }
  });
});
