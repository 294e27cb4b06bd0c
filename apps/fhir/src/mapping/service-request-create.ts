import type { ServiceRequest } from '@medplum/fhirtypes';
import type { SubmitReferralRequest } from '@referral/contracts';
import { EXTENSIONS } from './extensions';
import { SYSTEMS } from './systems';

/** What a created ServiceRequest asks for: our submission, or why it cannot be one (422). */
export type ServiceRequestCreation =
  | { kind: 'submit'; request: SubmitReferralRequest }
  | { kind: 'refused'; detail: string; expression: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id of a relative reference `Type/id` to a resource of that type, if it is one. */
export function referencedId(reference: string | undefined, type: string): string | undefined {
  const [kind, id, ...rest] = (reference ?? '').split('/');
  return kind === type && rest.length === 0 && UUID.test(id ?? '') ? id.toLowerCase() : undefined;
}

const refuse = (expression: string, detail: string): ServiceRequestCreation => ({
  kind: 'refused',
  detail,
  expression,
});

/**
 * Reads a ServiceRequest a client creates as a referral submission (`POST /v1/referrals`): the case
 * file is the `encounter` (opened beforehand, `Encounter/{caseFileId}`), the specialty the
 * `performerType` coding in our specialty system, the question `reasonCode[0].text`, a named specialist
 * the `performer` (a Practitioner), conversion and language our extensions. The subject is the case
 * file's patient, whatever the client wrote; status must be `active` and intent `order`, as a
 * submitted referral is. The services still check everything they check for the REST submission.
 */
export function readServiceRequest(resource: ServiceRequest): ServiceRequestCreation {
  if (resource.resourceType !== 'ServiceRequest') {
    return refuse('resourceType', 'The body must be a ServiceRequest');
  }
  if (resource.status !== 'active') {
    return refuse('ServiceRequest.status', 'A submitted referral is active: status must be "active"');
  }
  if (resource.intent !== 'order') {
    return refuse('ServiceRequest.intent', 'A referral is an order: intent must be "order"');
  }
  const caseFileId = referencedId(resource.encounter?.reference, 'Encounter');
  if (!caseFileId) {
    return refuse(
      'ServiceRequest.encounter',
      'encounter must reference the case file the question is about, as Encounter/{caseFileId}',
    );
  }
  const specialties = (resource.performerType?.coding ?? []).filter((c) => c.system === SYSTEMS.specialty);
  if (specialties.length !== 1 || !specialties[0].code) {
    return refuse(
      'ServiceRequest.performerType',
      `performerType must carry exactly one coding of ${SYSTEMS.specialty}`,
    );
  }
  const priority = resource.priority ?? 'routine';
  if (priority !== 'routine' && priority !== 'urgent') {
    return refuse('ServiceRequest.priority', 'priority must be "routine" or "urgent"');
  }
  const questions = resource.reasonCode ?? [];
  const question = questions[0]?.text?.trim();
  if (questions.length !== 1 || !question) {
    return refuse(
      'ServiceRequest.reasonCode',
      'reasonCode must be one entry whose text is the clinical question',
    );
  }
  const performers = resource.performer ?? [];
  const targetPractitionerId = referencedId(performers[0]?.reference, 'Practitioner');
  if (performers.length > 1 || (performers.length === 1 && !targetPractitionerId)) {
    return refuse('ServiceRequest.performer', 'performer may name one specialist, as Practitioner/{id}');
  }
  const extension = (url: string) => (resource.extension ?? []).find((e) => e.url === url);
  const allowConversion = extension(EXTENSIONS.allowConversion);
  if (allowConversion && typeof allowConversion.valueBoolean !== 'boolean') {
    return refuse('ServiceRequest.extension', `${EXTENSIONS.allowConversion} takes a valueBoolean`);
  }
  const language = extension(EXTENSIONS.requiredLanguage);
  if (language && typeof language.valueCode !== 'string') {
    return refuse('ServiceRequest.extension', `${EXTENSIONS.requiredLanguage} takes a valueCode`);
  }
  return {
    kind: 'submit',
    request: {
      caseFileId,
      specialtyCode: specialties[0].code,
      priority,
      question,
      allowConversion: allowConversion?.valueBoolean ?? false,
      ...(targetPractitionerId ? { targetPractitionerId } : {}),
      ...(language?.valueCode ? { requiredLanguage: language.valueCode } : {}),
    },
  };
}

/** `If-None-Exist: identifier=system|value`: the identifier the client gives its request, or why not. */
export function readIfNoneExist(header: string): { system: string; value: string } | { refused: string } {
  const params = new URLSearchParams(header.replace(/^\?/, ''));
  const names = [...new Set(params.keys())];
  const identifier = params.getAll('identifier');
  if (names.length !== 1 || names[0] !== 'identifier' || identifier.length !== 1) {
    return { refused: 'If-None-Exist supports exactly one parameter: identifier=system|value' };
  }
  const bar = identifier[0].indexOf('|');
  const system = bar > 0 ? identifier[0].slice(0, bar) : '';
  const value = bar > 0 ? identifier[0].slice(bar + 1) : '';
  if (!system || !value || value.includes('|') || system.length > 500 || value.length > 200) {
    return {
      refused: 'If-None-Exist: identifier must be system|value, both given (at most 500 and 200 characters)',
    };
  }
  return { system, value };
}
