/**
 * The URIs of our code systems and identifier systems (naming systems). One canonical base, so that a
 * deployment that registers its own domain changes one line. Documented in apps/fhir/README.md.
 */
export const CANONICAL_BASE = 'https://fhir.specialist-referral.pk';

export const SYSTEMS = {
  /** Our specialty codes (libs/contracts SPECIALTY_CODES), with the Urdu names as designations. */
  specialty: `${CANONICAL_BASE}/CodeSystem/specialty`,
  /** Where an e-consult is: our `stage`, carried as Task.businessStatus. */
  stage: `${CANONICAL_BASE}/CodeSystem/referral-stage`,
  /** Why a specialist declined (our decline reasons), carried as Task.statusReason. */
  declineReason: `${CANONICAL_BASE}/CodeSystem/decline-reason`,
  /** What a referral's message (or the consult) is, carried as Communication.category. */
  communicationCategory: `${CANONICAL_BASE}/CodeSystem/communication-category`,
  /** What the specialist recommends (our consult recommendations), carried as the consult's Communication.topic. */
  consultRecommendation: `${CANONICAL_BASE}/CodeSystem/consult-recommendation`,
  /** The directory's kinds of organization (clinic, hospital, partner), carried as Organization.type. */
  organizationKind: `${CANONICAL_BASE}/CodeSystem/organization-kind`,
  /** The kinds of PMDC licence (provisional, full), carried as Practitioner.qualification.code. */
  licenceType: `${CANONICAL_BASE}/CodeSystem/licence-type`,
  /** Our ids, as identifiers of the resources built from them. */
  referralId: `${CANONICAL_BASE}/NamingSystem/referral-id`,
  patientId: `${CANONICAL_BASE}/NamingSystem/patient-id`,
  practitionerId: `${CANONICAL_BASE}/NamingSystem/practitioner-id`,
  organizationId: `${CANONICAL_BASE}/NamingSystem/organization-id`,
  /** Pakistan Medical and Dental Council registration numbers (Practitioner.identifier). */
  pmdcNumber: `${CANONICAL_BASE}/NamingSystem/pmdc-number`,
} as const;
