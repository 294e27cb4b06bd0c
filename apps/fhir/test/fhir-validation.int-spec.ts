import type { Resource } from '@medplum/fhirtypes';
import { SPECIALTY_CODES, SPECIALTY_NAMES, type ReferralResource } from '@referral/contracts';
import {
  fhirErrors,
  formatFhirErrors,
  validateFhirResources,
  type ValidationResult,
} from '@referral/testing';
import { toSpecialtyCodeSystem } from '../src/mapping/code-systems';
import { toOperationOutcome } from '../src/mapping/operation-outcome';
import { toServiceRequest } from '../src/mapping/service-request';
import { SYSTEMS } from '../src/mapping/systems';
import { toTask } from '../src/mapping/task';
import { referral } from '../src/mapping/test/referral';

// What the pure mappings produce, validated against FHIR R4 by HAPI FHIR's instance validator
// (deploy/fhir-validator), offline, in one JVM for everything. Our specialty CodeSystem is given to
// the validator as context, so that a specialty code of ours is checked against it.

const holder = '6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

/** The referral in each status and stage a Task can show (README: "A referral as ServiceRequest + Task"). */
const referrals: Record<string, ReferralResource> = {
  'requested/pool': referral(),
  'requested/assigned': referral({ stage: 'assigned', targetPractitionerId: holder }),
  'requested/escalated, urgent': referral({ stage: 'escalated', priority: 'urgent' }),
  'received/claimed': referral({ status: 'received', stage: 'claimed', holderPractitionerId: holder }),
  'in-progress/answering': referral({
    status: 'in-progress',
    stage: 'answering',
    holderPractitionerId: holder,
  }),
  'on-hold/clarification-requested': referral({
    status: 'on-hold',
    stage: 'clarification-requested',
    holderPractitionerId: holder,
  }),
  'rejected/declined': referral({ status: 'rejected', stage: 'declined' }),
  'cancelled/cancelled': referral({ status: 'cancelled', stage: 'cancelled' }),
  'completed/closed': referral({ status: 'completed', stage: 'closed', holderPractitionerId: holder }),
  'no patient id, organization as requester': referral({ patientId: null, referringPractitionerId: null }),
  'a language required, conversion allowed': referral({ requiredLanguage: 'ur', allowConversion: true }),
};

const specialties = toSpecialtyCodeSystem(
  SPECIALTY_CODES.map((code) => ({
    code,
    nameEn: SPECIALTY_NAMES[code].en,
    nameUr: SPECIALTY_NAMES[code].ur,
  })),
);

const mapped: Resource[] = [
  ...Object.values(referrals).flatMap((r) => [toTask(r), toServiceRequest(r)]),
  toOperationOutcome({
    status: 422,
    type: 'urn:problem-type:validation-failed',
    title: 'The request is not valid',
    detail: 'cursor: cursor is not a nextCursor of this list',
    errors: [{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }],
  }),
  toOperationOutcome({ status: 404, type: 'urn:problem-type:not-found', title: 'Not found' }),
  toOperationOutcome({ status: 409, detail: 'a referral with status completed cannot become received' }),
  toOperationOutcome({ status: 503 }),
  specialties,
];

/** Deliberately wrong, to show the validator finds what it should. */
const { status: _status, intent: _intent, ...taskWithoutStatusAndIntent } = toTask(referral());
const unknownSpecialty = {
  ...toServiceRequest(referral()),
  id: 'unknown-specialty',
  performerType: { coding: [{ system: SYSTEMS.specialty, code: 'astrology' }] },
};

describe('FHIR R4 validation of the mappings (HAPI FHIR instance validator, offline)', () => {
  let results: ValidationResult[];

  beforeAll(async () => {
    results = await validateFhirResources([...mapped, taskWithoutStatusAndIntent, unknownSpecialty], {
      context: [specialties],
    });
  }, 300_000);

  it('finds zero errors in what the mappings produce', () => {
    expect(results).toHaveLength(mapped.length + 2);
    const ofMapped = results.slice(0, mapped.length);
    expect(ofMapped.map((r) => r.resourceType)).toEqual(mapped.map((r) => r.resourceType));
    expect(formatFhirErrors(ofMapped)).toBe('');
  });

  it('finds the errors of a Task without status and intent', () => {
    const errors = fhirErrors([results[mapped.length]]);
    expect(errors.map((e) => e.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Task.status: minimum required = 1'),
        expect.stringContaining('Task.intent: minimum required = 1'),
      ]),
    );
  });

  it('checks our specialty codes against our CodeSystem: an unknown one is an error', () => {
    expect(formatFhirErrors([results[mapped.length + 1]])).toContain(
      `ServiceRequest.performerType [error] Unknown code '${SYSTEMS.specialty}#astrology'`,
    );
  });
});
