import type { Resource } from '@medplum/fhirtypes';
import { SPECIALTY_CODES, SPECIALTY_NAMES, type ReferralResource } from '@referral/contracts';
import {
  fhirErrors,
  formatFhirErrors,
  validateFhirResources,
  type ValidationResult,
} from '@referral/testing';
import { searchset } from '../src/mapping/bundle';
import { ourCodeSystems, toSpecialtyCodeSystem } from '../src/mapping/code-systems';
import { consultCommunication, toCommunication } from '../src/mapping/communication';
import { toDocumentReference } from '../src/mapping/document-reference';
import { namingSystems } from '../src/mapping/naming-systems';
import { toOperationOutcome } from '../src/mapping/operation-outcome';
import { toOrganization } from '../src/mapping/organization';
import { toPatient } from '../src/mapping/patient';
import { toPractitioner, toPractitionerRole } from '../src/mapping/practitioner';
import { toServiceRequest } from '../src/mapping/service-request';
import { toSubscription, type SubscriptionEndpoint } from '../src/mapping/subscription';
import { SYSTEMS } from '../src/mapping/systems';
import { toTask } from '../src/mapping/task';
import { attachment, caseFile, patient } from '../src/mapping/test/case-files';
import { organization, practitioner, role } from '../src/mapping/test/directory';
import { consult, message } from '../src/mapping/test/messages';
import { referral } from '../src/mapping/test/referral';

// What the pure mappings produce, validated against FHIR R4 by HAPI FHIR's instance validator
// (deploy/fhir-validator), offline, in one JVM for everything. Our CodeSystems are given to the
// validator as context, so that a code of ours is checked against them.

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

const held = referrals['in-progress/answering'];
const photo = attachment();
const endpoint = (changes: Partial<SubscriptionEndpoint> = {}): SubscriptionEndpoint => ({
  id: '1f8c3e6a-4d9b-4b72-85a1-3c7e9d2b6f48',
  organizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  url: 'https://his.shifa-hospital.example.pk/fhir-notify',
  eventTypes: ['referral.declined', 'referral.closed', 'referral.converted'],
  description: 'Shifa HIS: our referrals',
  enabled: true,
  disabledReason: null,
  previousSecretExpiresAt: null,
  createdAt: '2026-12-04T08:00:00.000Z',
  updatedAt: '2026-12-04T08:00:00.000Z',
  payload: 'none',
  headerNames: ['Authorization'],
  ...changes,
});
const subscriptions = [endpoint(), endpoint({ enabled: false, disabledReason: 'gone' })].map((e) => {
  const subscription = toSubscription(e);
  if (!subscription) throw new Error('the synthetic endpoint serves no Subscription');
  return subscription;
});
const BASE = 'https://api.specialist-referral.pk/fhir/R4';

const mapped: Resource[] = [
  ...Object.values(referrals).flatMap((r) => [toTask(r), toServiceRequest(r)]),
  toServiceRequest(held, [photo.id]),
  toCommunication(referral(), message()),
  toCommunication(
    held,
    message({ kind: 'clarification-response', side: 'referrer', attachmentIds: [photo.id] }),
    [photo],
  ),
  toCommunication(held.id, message({ kind: 'note' })),
  consultCommunication(held, consult()),
  consultCommunication(held, consult({ followUpInDays: null })),
  toDocumentReference(caseFile(), photo),
  toDocumentReference(held, attachment({ description: null })),
  toPatient(patient()),
  toPatient(patient({ birthDate: null, sex: 'unknown', phone: null })),
  toOrganization(organization()),
  toPractitioner(practitioner()),
  toPractitionerRole(practitioner(), role()),
  toPractitionerRole(practitioner(), role({ availability: [] })),
  ...subscriptions,
  searchset([toTask(referral())], {
    base: BASE,
    self: `${BASE}/Task?status=requested`,
    next: `${BASE}/Task?status=requested&cursor=abc`,
    included: [toServiceRequest(referral())],
  }),
  searchset([], { base: BASE, self: `${BASE}/Task`, total: 0 }),
  ...namingSystems(),
  ...ourCodeSystems(),
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
      context: [specialties, ...ourCodeSystems()],
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
