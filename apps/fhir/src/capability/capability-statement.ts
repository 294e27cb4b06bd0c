import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';

type Interaction = NonNullable<CapabilityStatementRestResource['interaction']>[number]['code'];

interface Served {
  type: CapabilityStatementRestResource['type'];
  interactions: Interaction[];
  searchParams?: {
    name: string;
    type: 'token' | 'reference' | 'date' | 'string' | 'uri';
    documentation: string;
  }[];
  searchInclude?: string[];
  conditionalCreate?: boolean;
  documentation: string;
}

/**
 * What this server does, resource by resource: the CapabilityStatement at `/metadata` is built from
 * this list, and a spec checks the list against the controllers' routes, so it cannot claim an
 * interaction that is not there (or leave out one that is).
 */
export const SERVED: readonly Served[] = [
  {
    type: 'ServiceRequest',
    interactions: ['read', 'search-type', 'create'],
    conditionalCreate: true,
    searchParams: [
      {
        name: 'identifier',
        type: 'token',
        documentation: 'Ours (referral id) or one your organization gave at create',
      },
      { name: '_lastUpdated', type: 'date', documentation: 'gt, ge, lt, le, eq' },
    ],
    documentation:
      'The referral (what is asked). Create submits it: encounter = Encounter/{caseFileId}, performerType = specialty, reasonCode[0].text = the question. If-None-Exist: identifier=system|value makes it exactly once.',
  },
  {
    type: 'Task',
    interactions: ['read', 'search-type', 'update', 'patch'],
    searchParams: [
      { name: 'status', type: 'token', documentation: 'One Task status' },
      {
        name: 'owner:missing',
        type: 'token',
        documentation: 'owner:missing=true&status=requested is the open pool (specialists; de-identified)',
      },
      { name: 'focus', type: 'reference', documentation: 'ServiceRequest/{id}' },
      { name: 'based-on', type: 'reference', documentation: 'ServiceRequest/{id}' },
      { name: '_lastUpdated', type: 'date', documentation: 'gt, ge, lt, le, eq' },
    ],
    searchInclude: ['Task:focus', 'Task:based-on'],
    documentation:
      'The work of answering a referral. PUT or JSON Patch claims (status received, owner you), releases, accepts (in-progress), declines (rejected + statusReason), cancels; any other change is 409/422.',
  },
  {
    type: 'Communication',
    interactions: ['read', 'search-type', 'create'],
    searchParams: [
      {
        name: 'based-on',
        type: 'reference',
        documentation: 'ServiceRequest/{id}: the referral whose conversation',
      },
      { name: 'part-of', type: 'reference', documentation: 'Task/{id}: the same' },
    ],
    documentation:
      "A referral's messages (category clarification-request, clarification-response, follow-up, note) and its consult (category consult, the recommendation as topic). Create posts a message or gives the consult.",
  },
  {
    type: 'Subscription',
    interactions: ['read', 'search-type', 'create', 'delete'],
    documentation:
      "rest-hook on Task criteria (Task, or Task?status=…), without payload: each notification is an empty POST signed as Standard Webhooks (the secret is in the create answer's webhook-secret extension, once), retried and logged; then read the Tasks.",
  },
  {
    type: 'Practitioner',
    interactions: ['read'],
    documentation:
      'A practitioner of the directory: PMDC number and our id as identifiers, the licence as qualification. Read by an admin, a coordinator of their organization, or themself. No search (the API cannot find by PMDC number): find specialists as PractitionerRole.',
  },
  {
    type: 'PractitionerRole',
    interactions: ['search-type'],
    searchParams: [
      {
        name: 'specialty',
        type: 'token',
        documentation:
          'Our specialty code system: the roles that could take a case (active, licence valid); coordinators, clinicians, admins',
      },
      {
        name: 'practitioner',
        type: 'reference',
        documentation: 'Practitioner/{id}: alone, every role of a practitioner you may read',
      },
    ],
    searchInclude: ['PractitionerRole:practitioner'],
    documentation:
      'A specialty role: practitioner, organization, specialty, availableTime (Asia/Karachi). Search only: no read by id.',
  },
  {
    type: 'Organization',
    interactions: ['read', 'search-type'],
    searchParams: [
      { name: 'type', type: 'token', documentation: 'Our organization kind: clinic, hospital, partner' },
    ],
    documentation:
      'A clinic, hospital or partner hospital: district and province as the address. Read by an admin or its members; search by admins only.',
  },
  {
    type: 'Patient',
    interactions: ['read'],
    documentation:
      'Never the CNIC, not even masked: our id is the only identifier. Read by the registering organization, and by a specialist while holding a referral on the patient.',
  },
  {
    type: 'Encounter',
    interactions: ['read', 'vread'],
    documentation:
      "A case file (the ServiceRequest's encounter): the clinic visit, in-progress (a case file stays open), reasonCode = the chief complaint. vread reads an earlier version. Vitals, medications and allergies are not served.",
  },
  {
    type: 'CodeSystem',
    interactions: ['read', 'search-type'],
    searchParams: [{ name: 'url', type: 'uri', documentation: 'The canonical URL' }],
    documentation:
      'Ours: specialty (with the Urdu names as designations), referral-stage, decline-reason, communication-category, consult-recommendation, organization-kind, licence-type.',
  },
  {
    type: 'NamingSystem',
    interactions: ['read', 'search-type'],
    searchParams: [
      { name: 'value', type: 'string', documentation: 'The identifier system URI (starts with, any case)' },
    ],
    documentation: 'Ours: pmdc-number, referral-id, patient-id, practitioner-id, organization-id.',
  },
  {
    type: 'DocumentReference',
    interactions: ['read', 'search-type'],
    searchParams: [
      { name: 'encounter', type: 'reference', documentation: 'Encounter/{caseFileId}: the case file' },
      {
        name: 'related',
        type: 'reference',
        documentation: "ServiceRequest/{referralId}: the referral's case file",
      },
      { name: '_lastUpdated', type: 'date', documentation: 'gt, ge, lt, le, eq (attachments never change)' },
    ],
    documentation:
      "A case file's attachment (JPEG, PNG, PDF, DICOM). Search by encounter or related (one of them: there is no search across case files), oldest first. The id is the case file's and the attachment's UUIDs, each in base32 (26 lowercase characters), joined by a dot (compound id, as a Communication's). Attach files through the REST API.",
  },
  {
    type: 'Binary',
    interactions: ['read'],
    documentation:
      'The bytes of the DocumentReference of the same id. Accept application/fhir+json: the Binary resource (base64 data, up to a size limit; above it 422); any other Accept: the bytes with their own type, Range (206), If-None-Match (304).',
  },
];

/**
 * The gateway's token endpoint: the facade is reached through the gateway at `<gateway>/fhir/R4`, and
 * the token endpoint is `<gateway>/v1/auth/token`.
 */
export function tokenEndpoint(base: string): string {
  return new URL('../../v1/auth/token', `${base}/`).toString();
}

/** The CapabilityStatement of this server (FHIR R4, JSON, SMART backend services). */
export function capabilityStatement(base: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-12-04',
    publisher: 'Specialist referral network, Pakistan',
    kind: 'instance',
    software: { name: 'specialist-referral FHIR facade' },
    implementation: { description: 'FHIR R4 facade of the specialist-referral API', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    patchFormat: ['application/json-patch+json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: false,
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
          description: `OAuth 2.0 client credentials at ${tokenEndpoint(base)} (client secret, or a signed JWT assertion as SMART Backend Services); see .well-known/smart-configuration. (No oauth-uris extension: it requires an authorize endpoint, which backend services do not have.)`,
        },
        resource: SERVED.map((served) => ({
          type: served.type,
          interaction: served.interactions.map((code) => ({ code })),
          ...(served.interactions.includes('update') ? { updateCreate: false } : {}),
          ...(served.conditionalCreate ? { conditionalCreate: true } : {}),
          ...(served.searchInclude ? { searchInclude: served.searchInclude } : {}),
          ...(served.searchParams
            ? {
                searchParam: served.searchParams.map((param) => ({
                  name: param.name,
                  type: param.type,
                  documentation: param.documentation,
                })),
              }
            : {}),
          documentation: served.documentation,
        })),
      },
    ],
  };
}
