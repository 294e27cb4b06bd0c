import { readDocumentId } from './document-id';
import { toDocumentReference } from './document-reference';
import { attachment, caseFile } from './test/case-files';
import { referral } from './test/referral';

describe('toDocumentReference', () => {
  it("is the case file's attachment: current, the patient's, the bytes as Binary with type, size and title", () => {
    expect(toDocumentReference(caseFile(), attachment())).toEqual({
      resourceType: 'DocumentReference',
      id: 't6hh23c3jjgd3hrpdifzzdl6n4.6xjlrjq4tzhdjf5qji6g5di7ki',
      meta: { lastUpdated: '2026-12-04T07:40:00.000Z' },
      status: 'current',
      subject: { reference: 'Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      date: '2026-12-04T07:40:00.000Z',
      description: 'Rash on the left forearm, day 3',
      content: [
        {
          attachment: {
            contentType: 'image/jpeg',
            url: 'Binary/t6hh23c3jjgd3hrpdifzzdl6n4.6xjlrjq4tzhdjf5qji6g5di7ki',
            size: 1482311,
            title: 'Rash on the left forearm, day 3',
            creation: '2026-12-04T07:40:00.000Z',
          },
        },
      ],
      context: { encounter: [{ reference: 'Encounter/9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f' }] },
    });
  });

  it('has the id of the case file and the attachment together, which reads back', () => {
    expect(readDocumentId(toDocumentReference(caseFile(), attachment()).id!)).toEqual({
      caseFileId: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
      attachmentId: 'f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52',
    });
  });

  it('gives no hash: R4 hashes are SHA-1 and we hold SHA-256', () => {
    expect(toDocumentReference(caseFile(), attachment()).content[0].attachment.hash).toBeUndefined();
  });

  it('from a referral, relates it to the ServiceRequest; without a description there is no title', () => {
    const doc = toDocumentReference(
      referral(),
      attachment({ description: null, contentType: 'application/pdf' }),
    );
    expect(doc.context).toEqual({
      encounter: [{ reference: `Encounter/${referral().caseFileId}` }],
      related: [{ reference: 'ServiceRequest/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d' }],
    });
    expect(doc.content[0].attachment).not.toHaveProperty('title');
    expect(doc.description).toBeUndefined();
    expect(toDocumentReference(referral({ patientId: null }), attachment()).subject).toBeUndefined();
  });
});
