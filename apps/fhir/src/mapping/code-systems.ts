import type { CodeSystem } from '@medplum/fhirtypes';
import type { DECLINE_REASONS, LicenceType, ReferralStage, SpecialtyResource } from '@referral/contracts';
import { CATEGORY_NAMES, RECOMMENDATION_NAMES } from './communication';
import { KIND_NAMES } from './organization';
import { SYSTEMS } from './systems';

/**
 * Our specialties as a FHIR CodeSystem (complete: every code the directory knows), each with its
 * English name as display and its Urdu name as a designation, so that a hospital's system can show
 * either. Built from the directory's list (`GET /v1/specialties`), which is where the names live.
 */
export function toSpecialtyCodeSystem(specialties: readonly SpecialtyResource[]): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: 'specialty',
    url: SYSTEMS.specialty,
    name: 'Specialty',
    title: 'Specialties a referral can ask',
    status: 'active',
    experimental: false,
    caseSensitive: true,
    content: 'complete',
    count: specialties.length,
    concept: specialties.map(({ code, nameEn, nameUr }) => ({
      code,
      display: nameEn,
      designation: [{ language: 'ur', value: nameUr }],
    })),
  };
}

const STAGE_NAMES: Readonly<Record<ReferralStage, string>> = {
  pool: 'In the specialty pool',
  assigned: 'Assigned to a specialist',
  claimed: 'Claimed by a specialist',
  answering: 'Being answered',
  'clarification-requested': 'Clarification requested',
  'consult-provided': 'Consult provided',
  closed: 'Closed by the referrer',
  converted: 'Converted to an in-person referral',
  declined: 'Declined',
  cancelled: 'Cancelled',
  escalated: 'Escalated after a missed deadline',
};

const DECLINE_REASON_NAMES: Readonly<Record<(typeof DECLINE_REASONS)[number], string>> = {
  'out-of-scope': 'Out of scope for an e-consult',
  'wrong-specialty': 'Wrong specialty',
  'needs-in-person': 'Needs to be seen in person',
  'insufficient-information': 'Insufficient information',
  other: 'Other',
};

const LICENCE_NAMES: Readonly<Record<LicenceType, string>> = {
  provisional: 'Provisional licence',
  full: 'Full licence',
};

/** A small code system of ours, complete, from its codes and their English names. */
function codeSystem(
  id: string,
  url: string,
  name: string,
  title: string,
  names: Readonly<Record<string, string>>,
): CodeSystem {
  const concept = Object.entries(names).map(([code, display]) => ({ code, display }));
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    name,
    title,
    status: 'active',
    experimental: false,
    caseSensitive: true,
    content: 'complete',
    count: concept.length,
    concept,
  };
}

/**
 * Our other code systems (every one but the specialties, which the directory names), complete, with
 * English displays, so that the facade can serve them and a validator can check codes against them.
 * The names are keyed by the contract's own types, so a code added there does not compile until named here.
 */
export function ourCodeSystems(): CodeSystem[] {
  return [
    codeSystem(
      'referral-stage',
      SYSTEMS.stage,
      'ReferralStage',
      'Where an e-consult is (Task.businessStatus)',
      STAGE_NAMES,
    ),
    codeSystem(
      'decline-reason',
      SYSTEMS.declineReason,
      'DeclineReason',
      'Why a specialist declined',
      DECLINE_REASON_NAMES,
    ),
    codeSystem(
      'communication-category',
      SYSTEMS.communicationCategory,
      'CommunicationCategory',
      "A referral's messages and consult",
      CATEGORY_NAMES,
    ),
    codeSystem(
      'consult-recommendation',
      SYSTEMS.consultRecommendation,
      'ConsultRecommendation',
      'What the specialist recommends',
      RECOMMENDATION_NAMES,
    ),
    codeSystem(
      'organization-kind',
      SYSTEMS.organizationKind,
      'OrganizationKind',
      'Kinds of organization',
      KIND_NAMES,
    ),
    codeSystem('licence-type', SYSTEMS.licenceType, 'LicenceType', 'Kinds of PMDC licence', LICENCE_NAMES),
  ];
}
