import type { Communication } from '@medplum/fhirtypes';
import { compoundId } from './compound-id';
import { consultCommunication, readCommunication, toCommunication } from './communication';
import { documentId } from './document-id';
import { attachment } from './test/case-files';
import { consult, message } from './test/messages';
import { referral } from './test/referral';
import { SYSTEMS } from './systems';

const REFERRAL = '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d';
const SPECIALIST = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const held = referral({
  status: 'on-hold',
  stage: 'clarification-requested',
  holderPractitionerId: SPECIALIST,
});
const categoryOf = (c: Communication) => c.category?.[0].coding?.[0].code;

describe('toCommunication', () => {
  it('is a sent message of the referral: based on its ServiceRequest, part of its Task, its kind as category', () => {
    expect(toCommunication(REFERRAL, message())).toEqual({
      resourceType: 'Communication',
      // the referral's id and the message's, as one FHIR id (compound-id.ts)
      id: compoundId(REFERRAL, '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'),
      meta: { lastUpdated: '2026-12-04T10:00:00.000Z' },
      basedOn: [{ reference: `ServiceRequest/${REFERRAL}` }],
      partOf: [{ reference: `Task/${REFERRAL}` }],
      about: [{ reference: `Task/${REFERRAL}` }],
      status: 'completed',
      category: [
        {
          coding: [
            {
              system: SYSTEMS.communicationCategory,
              code: 'clarification-request',
              display: 'Clarification request',
            },
          ],
        },
      ],
      sent: '2026-12-04T10:00:00.000Z',
      sender: { reference: `Practitioner/${SPECIALIST}` },
      payload: [{ contentString: 'Is the rash itchy at night? A close-up photo would help.' }],
    });
  });

  it('with the referral, names the patient and the other side as recipient', () => {
    expect(toCommunication(held, message())).toMatchObject({
      subject: { reference: 'Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      recipient: [{ reference: 'Practitioner/2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40' }],
    });
    const answer = message({
      kind: 'clarification-response',
      side: 'referrer',
      authorPractitionerId: null,
      authorOrganizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
    });
    expect(toCommunication(held, answer)).toMatchObject({
      recipient: [{ reference: `Practitioner/${SPECIALIST}` }],
      sender: { reference: 'Organization/7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' },
    });
    expect(categoryOf(toCommunication(held, answer))).toBe('clarification-response');
  });

  it('carries the named attachments as Binary, with their metadata when the facade has it', () => {
    const photo = attachment();
    const scan = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
    const c = toCommunication(REFERRAL, message({ attachmentIds: [photo.id, scan] }), [photo]);
    expect(c.payload?.slice(1)).toEqual([
      {
        contentAttachment: {
          url: `Binary/${photo.id}`,
          contentType: 'image/jpeg',
          size: 1482311,
          title: 'Rash on the left forearm, day 3',
          creation: '2026-12-04T07:40:00.000Z',
        },
      },
      { contentAttachment: { url: `Binary/${scan}` } },
    ]);
  });

  it('names the Binary by the document id (case file and attachment) when it has the referral', () => {
    const photo = attachment();
    const c = toCommunication(held, message({ attachmentIds: [photo.id] }), [photo]);
    expect(c.payload?.[1].contentAttachment?.url).toBe(
      `Binary/${documentId({ caseFileId: held.caseFileId, attachmentId: photo.id })}`,
    );
    // ...which a Communication created by a client may name too.
    expect(
      readCommunication({ ...c, payload: [{ contentString: 'See the photo' }, c.payload![1]] }),
    ).toMatchObject({
      request: { attachmentIds: [photo.id] },
    });
  });
});

describe('consultCommunication', () => {
  it('is the consult from the specialist to the referrer: recommendation as topic, labelled payload', () => {
    expect(consultCommunication(held, consult())).toMatchObject({
      id: `${REFERRAL}-consult`,
      status: 'completed',
      category: [{ coding: [{ system: SYSTEMS.communicationCategory, code: 'consult' }] }],
      topic: {
        coding: [
          { system: SYSTEMS.consultRecommendation, code: 'manage-locally', display: 'Manage locally' },
        ],
      },
      basedOn: [{ reference: `ServiceRequest/${REFERRAL}` }],
      sent: '2026-12-05T09:00:00.000Z',
      sender: { reference: `Practitioner/${SPECIALIST}` },
      recipient: [{ reference: 'Practitioner/2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40' }],
      payload: [
        { contentString: 'Assessment: Tinea corporis, typical annular lesion with central clearing' },
        { contentString: 'Advice: Topical terbinafine twice daily for 2 weeks; review if not better' },
        { contentString: 'Follow up in 14 days' },
      ],
    });
    expect(consultCommunication(REFERRAL, consult({ followUpInDays: null })).payload).toHaveLength(2);
  });
});

describe('readCommunication', () => {
  it('reads a message back as the request that posts it', () => {
    const photo = attachment();
    const c = toCommunication(held, message({ attachmentIds: [photo.id] }), [photo]);
    expect(readCommunication(c)).toEqual({
      kind: 'message',
      referralId: REFERRAL,
      request: {
        kind: 'clarification-request',
        text: 'Is the rash itchy at night? A close-up photo would help.',
        attachmentIds: [photo.id],
      },
    });
  });

  it('reads a consult back as the consult request', () => {
    expect(readCommunication(consultCommunication(REFERRAL, consult()))).toEqual({
      kind: 'consult',
      referralId: REFERRAL,
      request: {
        assessment: 'Tinea corporis, typical annular lesion with central clearing',
        advice: 'Topical terbinafine twice daily for 2 weeks; review if not better',
        recommendation: 'manage-locally',
        followUpInDays: 14,
      },
    });
    const once = consultCommunication(REFERRAL, consult({ followUpInDays: 1 }));
    expect(readCommunication(once)).toMatchObject({ request: { followUpInDays: 1 } });
  });

  it('takes the referral from partOf alone, and attachments named as DocumentReference', () => {
    const c: Communication = {
      resourceType: 'Communication',
      status: 'completed',
      partOf: [{ reference: `https://api.example.pk/fhir/R4/Task/${REFERRAL}` }],
      category: [{ coding: [{ system: SYSTEMS.communicationCategory, code: 'note' }] }],
      payload: [
        { contentString: 'Patient prefers a call after 5 pm.' },
        { contentReference: { reference: `DocumentReference/${attachment().id}` } },
      ],
    };
    expect(readCommunication(c)).toEqual({
      kind: 'message',
      referralId: REFERRAL,
      request: { kind: 'note', text: 'Patient prefers a call after 5 pm.', attachmentIds: [attachment().id] },
    });
  });

  const note = toCommunication(REFERRAL, message({ kind: 'note' }));

  it.each<[string, Communication]>([
    ['no referral', { ...note, basedOn: undefined, partOf: undefined, about: undefined }],
    ['two referrals', { ...note, partOf: [{ reference: 'Task/another' }] }],
    [
      'an unknown category',
      { ...note, category: [{ coding: [{ system: SYSTEMS.communicationCategory, code: 'chat' }] }] },
    ],
    ['no category', { ...note, category: undefined }],
    ['a draft', { ...note, status: 'preparation' }],
    ['no text', { ...note, payload: [{ contentAttachment: { url: `Binary/${attachment().id}` } }] }],
    [
      'inline bytes',
      { ...note, payload: [{ contentString: 'x' }, { contentAttachment: { data: 'aGVsbG8=' } }] },
    ],
    [
      'a consult without a recommendation',
      { ...consultCommunication(REFERRAL, consult()), topic: undefined },
    ],
    [
      'a consult without advice',
      { ...consultCommunication(REFERRAL, consult()), payload: [{ contentString: 'Assessment: tinea' }] },
    ],
    [
      'a consult with unlabelled text',
      {
        ...consultCommunication(REFERRAL, consult()),
        payload: [
          { contentString: 'Assessment: tinea' },
          { contentString: 'Advice: terbinafine' },
          { contentString: 'Thanks' },
        ],
      },
    ],
  ])('refuses %s (422, saying what is expected)', (_, c) => {
    expect(readCommunication(c)).toMatchObject({ kind: 'refused', status: 422, detail: expect.any(String) });
  });
});
