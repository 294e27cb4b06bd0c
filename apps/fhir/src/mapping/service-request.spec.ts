import { REFERRAL_STATUSES, type ReferralResource } from '@referral/contracts';
import { EXTENSIONS } from './extensions';
import { toServiceRequest } from './service-request';
import { referral } from './test/referral';
import { SYSTEMS } from './systems';

const urgent = (changes: Partial<ReferralResource> = {}) =>
  referral({ priority: 'urgent', updatedAt: '2026-12-04T09:00:00.000Z', ...changes });

describe('toServiceRequest', () => {
  it('asks the specialty for the patient, with the question as the reason for referral', () => {
    expect(toServiceRequest(urgent())).toEqual({
      resourceType: 'ServiceRequest',
      id: '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d',
      meta: { lastUpdated: '2026-12-04T09:00:00.000Z' },
      extension: [{ url: EXTENSIONS.allowConversion, valueBoolean: false }],
      identifier: [{ system: SYSTEMS.referralId, value: '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d' }],
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      subject: { reference: 'Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      encounter: { reference: 'Encounter/9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f' },
      authoredOn: '2026-12-04T08:00:00.000Z',
      requester: { reference: 'Practitioner/2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40' },
      performerType: { coding: [{ system: SYSTEMS.specialty, code: 'dermatology' }] },
      reasonCode: [{ text: 'Annular itchy rash: tinea or eczema?' }],
    });
  });

  it('names the holder as performer once someone holds it, and the organization when no practitioner asked', () => {
    const request = toServiceRequest(
      urgent({
        holderPractitionerId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        referringPractitionerId: null,
      }),
    );
    expect(request.performer).toEqual([{ reference: 'Practitioner/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' }]);
    expect(request.requester).toEqual({ reference: 'Organization/7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' });
  });

  it('gives a subject even when no patient is linked (FHIR requires one)', () => {
    expect(toServiceRequest(urgent({ patientId: null })).subject).toEqual({
      display: 'Patient not linked to this referral',
    });
  });

  it.each([
    ['requested', 'active'],
    ['in-progress', 'active'],
    ['on-hold', 'active'],
    ['completed', 'completed'],
    ['rejected', 'revoked'],
    ['cancelled', 'revoked'],
    ['entered-in-error', 'entered-in-error'],
  ])('maps status %s to request status %s', (status, expected) => {
    expect(toServiceRequest(urgent({ status })).status).toBe(expected);
  });

  it('maps every status a referral can have', () => {
    for (const status of REFERRAL_STATUSES) {
      expect(toServiceRequest(urgent({ status })).status).not.toBe('unknown');
    }
  });
});

describe('toServiceRequest supportingInfo', () => {
  it("names the case file's attachments as DocumentReferences, and none when not given", () => {
    const ids = ['f5d2b8a6-1c9e-4e34-97b0-4a3c6e8d1f52', '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'];
    expect(toServiceRequest(urgent(), ids).supportingInfo).toEqual(
      ids.map((id) => ({ reference: `DocumentReference/${id}` })),
    );
    expect(toServiceRequest(urgent())).not.toHaveProperty('supportingInfo');
  });
});
