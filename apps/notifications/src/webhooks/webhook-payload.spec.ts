import type { ReferralEventData } from '@referral/contracts';
import { deliveredBody, referralWebhookBody, testWebhookBody } from './webhook-payload';

describe('webhook bodies', () => {
  const data = {
    referralId: '9e4c2f71-5a8b-4d36-a0e9-7b1f3d6c8a25',
    status: 'received',
    stage: 'claimed',
    priority: 'urgent',
    specialtyCode: 'dermatology',
    referringOrganizationId: 'c1d2e3f4-0000-4000-8000-000000000001',
    holderPractitionerId: 'c1d2e3f4-0000-4000-8000-000000000002',
    occurredAt: '2026-03-03T11:02:41.318Z',
  } as ReferralEventData;

  it('sends the event’s JSON to an endpoint with payload event, byte for byte', () => {
    const body = referralWebhookBody('referral.claimed', data);
    expect(deliveredBody('event', body)).toBe(body);
    expect(JSON.parse(body)).toMatchObject({
      type: 'referral.claimed',
      data: { referralId: data.referralId },
    });
  });

  it('sends nothing to an endpoint with payload none (FHIR R4 rest-hook without payload), the test event included', () => {
    expect(deliveredBody('none', referralWebhookBody('referral.claimed', data))).toBe('');
    const at = new Date('2026-03-03T11:00:00.000Z');
    expect(deliveredBody('none', testWebhookBody(data.referralId, data.referringOrganizationId, at))).toBe(
      '',
    );
  });
});
