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
  /**
   * valueString, on the Subscription a create answers (only then): the Standard Webhooks signing
   * secret of its notifications, shown once as the REST API shows a new endpoint's secret.
   */
  webhookSecret: `${CANONICAL_BASE}/StructureDefinition/webhook-secret`,
} as const;
