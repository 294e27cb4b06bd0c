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
  /** Our ids, as identifiers of the resources built from them. */
  referralId: `${CANONICAL_BASE}/NamingSystem/referral-id`,
  /** Pakistan Medical and Dental Council registration numbers (Practitioner.identifier). */
  pmdcNumber: `${CANONICAL_BASE}/NamingSystem/pmdc-number`,
} as const;
