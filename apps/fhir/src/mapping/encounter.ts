import type { Encounter } from '@medplum/fhirtypes';
import type { CaseFileResource } from '@referral/contracts';

/** HL7 v3 ActCode `AMB`: the patient came to the clinic (a case file is opened at a clinic visit). */
const AMBULATORY = {
  system: 'http://terminology.hl7.org/v3/ActCode',
  code: 'AMB',
  display: 'ambulatory',
};

/**
 * A case file as the FHIR Encounter a ServiceRequest's `encounter` points at: the clinic visit the
 * referral's question comes from, with the case file's id, `subject` the patient, `serviceProvider`
 * the referring organization, the chief complaint as `reasonCode.text`, and `period.start` the
 * case file's creation.
 *
 * Status `in-progress`, with no `period.end`: a case file is never closed (the clinician keeps it
 * up to date, e.g. when a specialist asks for clarification, and a follow-up after the consult
 * writes to it again), so we hold no end and do not invent one; `finished` would tell a hospital
 * that nothing more will be recorded. `meta.versionId` is the case file's version (each change adds
 * one), which `Encounter/{id}/_history/{version}` reads back.
 *
 * Left out, because an Encounter has no element for them: the history (free text), the vitals
 * (Observations), the medications (MedicationStatements) and allergies (AllergyIntolerances), which
 * the facade does not serve.
 */
export function toEncounter(caseFile: CaseFileResource): Encounter {
  return {
    resourceType: 'Encounter',
    id: caseFile.id,
    meta: { versionId: String(caseFile.version), lastUpdated: caseFile.updatedAt },
    status: 'in-progress',
    class: AMBULATORY,
    subject: { reference: `Patient/${caseFile.patientId}` },
    serviceProvider: { reference: `Organization/${caseFile.organizationId}` },
    period: { start: caseFile.createdAt },
    reasonCode: [{ text: caseFile.chiefComplaint }],
  };
}
