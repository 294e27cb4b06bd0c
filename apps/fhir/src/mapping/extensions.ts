import { CANONICAL_BASE } from './systems';

/**
 * Our extensions: what a referral says that FHIR's ServiceRequest has no element for. Simple values,
 * documented in apps/fhir/README.md; a client that does not know them may ignore them.
 */
export const EXTENSIONS = {
  /** valueBoolean: whether the specialist may convert the e-consult into an in-person referral. */
  allowConversion: `${CANONICAL_BASE}/StructureDefinition/allow-conversion`,
  /** valueCode (ISO 639): a language the specialist must speak. */
  requiredLanguage: `${CANONICAL_BASE}/StructureDefinition/required-language`,
} as const;
