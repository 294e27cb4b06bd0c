import type { Patient } from '@medplum/fhirtypes';
import { fullUrl, searchset } from './bundle';
import { toServiceRequest } from './service-request';
import { toTask } from './task';
import { referral } from './test/referral';

const BASE = 'https://api.example.pk/fhir/R4';
const patient: Patient = { resourceType: 'Patient', id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' };

describe('fullUrl', () => {
  it('is the base, the type and the id, whatever slash the base ends with', () => {
    expect(fullUrl(`${BASE}/`, patient)).toBe(`${BASE}/Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`);
    expect(fullUrl(BASE, patient)).toBe(`${BASE}/Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`);
  });

  it('refuses a resource without an id', () => {
    expect(() => fullUrl(BASE, { resourceType: 'Patient' })).toThrow('without an id');
  });
});

describe('searchset', () => {
  const tasks = [toTask(referral()), toTask(referral({ id: '4d6f8a0c-2e3a-4b5c-9d1e-3f5a7b9c1d2e' }))];

  it('lists the matches with their fullUrls, then the included resources once each, with self and next', () => {
    const bundle = searchset(tasks, {
      base: BASE,
      self: `${BASE}/Task?status=requested&_count=2`,
      next: `${BASE}/Task?status=requested&_count=2&_cursor=abc`,
      included: [patient, patient, toServiceRequest(referral()), tasks[0]],
    });
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [
        { relation: 'self', url: `${BASE}/Task?status=requested&_count=2` },
        { relation: 'next', url: `${BASE}/Task?status=requested&_count=2&_cursor=abc` },
      ],
    });
    expect(bundle.entry?.map((e) => [e.fullUrl, e.search?.mode])).toEqual([
      [`${BASE}/Task/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d`, 'match'],
      [`${BASE}/Task/4d6f8a0c-2e3a-4b5c-9d1e-3f5a7b9c1d2e`, 'match'],
      [`${BASE}/Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`, 'include'],
      [`${BASE}/ServiceRequest/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d`, 'include'],
    ]);
    expect(bundle.entry?.[0].resource).toBe(tasks[0]);
  });

  it('says no total unless told, and no next link on the last page', () => {
    const last = searchset(tasks, { base: BASE, self: `${BASE}/Task` });
    expect(last.total).toBeUndefined();
    expect(last.link).toEqual([{ relation: 'self', url: `${BASE}/Task` }]);
    const none = searchset([], { base: BASE, self: `${BASE}/Task`, total: 0 });
    expect(none).toMatchObject({ total: 0 });
    // FHIR JSON has no empty arrays: an empty page has no entry at all.
    expect(none).not.toHaveProperty('entry');
  });
});
