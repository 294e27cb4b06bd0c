import type {
  Bundle,
  CodeSystem,
  Encounter,
  NamingSystem,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
} from '@medplum/fhirtypes';
import type { ApiClient } from '@referral/api-client';
import { formatFhirErrors, type RunningStack } from '@referral/testing';
import { createCaseFile, syntheticCnic } from '../support/case-files';
import { BOOTSTRAP_ADMIN, obtainToken, registerClient, type IssuedClient } from '../support/clients';
import { adminClient, createHospital, pmdc, registerSpecialist } from '../support/directory';
import { CANONICAL, entries, fhirClient, OneValidatorRun, refusal, Returned } from '../support/fhir';

const SPECIALTY = 'dermatology';

/**
 * The directory, the patient, the case file and our terminology through the FHIR R4 facade, with an
 * off-the-shelf FHIR client (fhir-kit-client): each reader sees what the REST API lets them see, a
 * stranger gets the same 404s, the Patient never carries the CNIC. Every resource the facade returned
 * is kept and validated with HAPI FHIR's validator at the end (`validation`: one run for every suite of
 * e2e/fhir.e2e-spec.ts). The body of the describe `FHIR_DIRECTORY`, on the stack the spec runs
 * (`running`), beside the other FHIR suites: its organizations and people have names of their own.
 */
export const FHIR_DIRECTORY = 'FHIR R4 facade: directory, patients, encounters, terminology';

export function fhirDirectory(running: () => RunningStack, validation: OneValidatorRun): void {
  let stack: RunningStack;
  let admin: ApiClient;
  let adminToken: string;
  let clinician: IssuedClient;
  let dermatologist: IssuedClient;
  let stranger: IssuedClient;
  let hospitalId: string;
  let clinicId: string;
  let caseFileId: string;
  let patientId: string;
  let cnic: string;
  const returned = new Returned();

  const fhir = (who?: IssuedClient | string) => fhirClient(stack.gateway, who);
  const keep = returned.keep;

  beforeAll(async () => {
    stack = running();
    admin = await adminClient(stack.gateway);
    adminToken = await obtainToken(stack.gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret);
    hospitalId = await createHospital(admin, 'Holy Family Hospital Rawalpindi');
    const clinic = await admin.POST('/v1/organizations', {
      body: { name: 'RHC Choa Saidan Shah', kind: 'clinic', district: 'Chakwal', province: 'punjab' },
    });
    expect(clinic.response.status).toBe(201);
    clinicId = clinic.data!.id;
    const doctor = await admin.POST('/v1/practitioners', {
      body: {
        name: 'Dr. Nadia Hussain',
        pmdcNumber: pmdc(),
        licenceType: 'full',
        licenceExpiresOn: '2031-06-30',
        phone: '+923005550166',
        languages: ['en', 'ur'],
        organizationId: clinicId,
      },
    });
    expect(doctor.response.status).toBe(201);
    clinician = await registerClient(stack.gateway, ['clinician'], clinicId, doctor.data!.id);
    dermatologist = await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Saima Akhtar',
      hospitalId,
      specialtyCode: SPECIALTY,
    });
    stranger = await registerClient(stack.gateway, ['clinician']);
    cnic = syntheticCnic();
    ({ caseFileId, patientId } = await createCaseFile(clinician, {
      patient: { name: 'Bibi Zahida', sex: 'female', ageYears: 41, cnic },
      chiefComplaint: 'Itchy annular rash on the forearm',
    }));
  });

  it('reads a practitioner with the PMDC number as an identifier (themself, and an admin)', async () => {
    const id = dermatologist.practitionerId!;
    const self = keep((await fhir(dermatologist).read({ resourceType: 'Practitioner', id })) as Practitioner);
    expect(self).toMatchObject({ resourceType: 'Practitioner', id, name: [{ text: 'Dr. Saima Akhtar' }] });
    expect(self.identifier?.map((identifier) => identifier.system)).toEqual([
      `${CANONICAL}/NamingSystem/pmdc-number`,
      `${CANONICAL}/NamingSystem/practitioner-id`,
    ]);
    const byAdmin = (await fhir(adminToken).read({ resourceType: 'Practitioner', id })) as Practitioner;
    expect(byAdmin.identifier).toEqual(self.identifier);
  });

  it('finds the practitioner’s role by specialty, paging with _count and link.next', async () => {
    // A second dermatologist: two eligible roles at least, so pages of one take two pages at least.
    await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Imran Qureshi',
      hospitalId,
      specialtyCode: SPECIALTY,
    });
    const client = fhir(clinician);
    let page = (await client.search({
      resourceType: 'PractitionerRole',
      searchParams: {
        specialty: `${CANONICAL}/CodeSystem/specialty|${SPECIALTY}`,
        _include: 'PractitionerRole:practitioner',
        _count: 1,
      },
    })) as Bundle;
    const roles: PractitionerRole[] = [];
    const practitioners: string[] = [];
    for (let pages = 1; pages <= 100; pages++) {
      keep(page);
      const matches = entries(page).filter((resource) => resource.resourceType === 'PractitionerRole');
      expect(matches.length).toBeLessThanOrEqual(1);
      roles.push(...(matches as PractitionerRole[]));
      practitioners.push(
        ...entries(page)
          .filter((resource) => resource.resourceType === 'Practitioner')
          .map((resource) => resource.id!),
      );
      const next = page.link?.find((link) => link.relation === 'next');
      if (!next) break;
      expect(next.url).toContain('_count=1');
      page = (await client.nextPage({ bundle: page as never })) as Bundle;
    }
    expect(roles.length).toBeGreaterThanOrEqual(2);
    const role = roles.find(
      (found) => found.practitioner?.reference === `Practitioner/${dermatologist.practitionerId}`,
    );
    expect(role).toMatchObject({
      organization: { reference: `Organization/${hospitalId}` },
      specialty: [{ coding: [{ system: `${CANONICAL}/CodeSystem/specialty`, code: SPECIALTY }] }],
    });
    expect(practitioners).toContain(dermatologist.practitionerId);

    // Every role of the practitioner, from their own read.
    const mine = keep(
      (await fhir(dermatologist).search({
        resourceType: 'PractitionerRole',
        searchParams: { practitioner: `Practitioner/${dermatologist.practitionerId}` },
      })) as Bundle,
    );
    expect(entries(mine).map((resource) => resource.id)).toEqual([role!.id]);
  });

  it('reads the organizations their members may read; only an admin searches them', async () => {
    const clinic = keep(
      (await fhir(clinician).read({ resourceType: 'Organization', id: clinicId })) as Organization,
    );
    expect(clinic).toMatchObject({
      name: 'RHC Choa Saidan Shah',
      address: [{ district: 'Chakwal', state: 'Punjab', country: 'PK' }],
    });
    const hospital = keep(
      (await fhir(dermatologist).read({ resourceType: 'Organization', id: hospitalId })) as Organization,
    );
    expect(hospital.type?.[0].coding?.[0]).toMatchObject({ code: 'hospital' });

    const first = keep(
      (await fhir(adminToken).search({
        resourceType: 'Organization',
        searchParams: { _count: 1 },
      })) as Bundle,
    );
    expect(entries(first)).toHaveLength(1);
    expect(first.link?.find((link) => link.relation === 'next')?.url).toContain('_cursor=');
    const clinics = keep(
      (await fhir(adminToken).search({
        resourceType: 'Organization',
        searchParams: { type: `${CANONICAL}/CodeSystem/organization-kind|clinic`, _count: 100 },
      })) as Bundle,
    );
    expect(entries(clinics).map((resource) => resource.id)).toContain(clinicId);
    expect(entries(clinics).map((resource) => resource.id)).not.toContain(hospitalId);
    const refused = await refusal(fhir(clinician).search({ resourceType: 'Organization', searchParams: {} }));
    expect(refused.status).toBe(403);
    expect(refused.data.resourceType).toBe('OperationOutcome');
  });

  it('reads the patient without the CNIC anywhere, not even masked', async () => {
    const patient = keep((await fhir(clinician).read({ resourceType: 'Patient', id: patientId })) as Patient);
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: patientId,
      name: [{ text: 'Bibi Zahida' }],
      gender: 'female',
      managingOrganization: { reference: `Organization/${clinicId}` },
    });
    const json = JSON.stringify(patient);
    expect(json).not.toContain(cnic);
    expect(json).not.toContain('*****');
    expect(json).not.toMatch(/cnic/i);
  });

  it('reads the case file as the Encounter, and its first version', async () => {
    const encounter = keep(
      (await fhir(clinician).read({ resourceType: 'Encounter', id: caseFileId })) as Encounter,
    );
    expect(encounter).toMatchObject({
      resourceType: 'Encounter',
      id: caseFileId,
      status: 'in-progress',
      class: { code: 'AMB' },
      subject: { reference: `Patient/${patientId}` },
      serviceProvider: { reference: `Organization/${clinicId}` },
      reasonCode: [{ text: 'Itchy annular rash on the forearm' }],
      meta: { versionId: '1' },
    });
    const first = keep(
      (await fhir(clinician).vread({ resourceType: 'Encounter', id: caseFileId, version: '1' })) as Encounter,
    );
    expect(first.meta?.versionId).toBe('1');
  });

  it('serves our code and naming systems to any caller with a token', async () => {
    const specialty = keep(
      (await fhir(stranger).read({ resourceType: 'CodeSystem', id: 'specialty' })) as CodeSystem,
    );
    expect(specialty).toMatchObject({ url: `${CANONICAL}/CodeSystem/specialty`, content: 'complete' });
    const dermatology = specialty.concept?.find((concept) => concept.code === SPECIALTY);
    expect(dermatology?.designation?.[0]).toMatchObject({ language: 'ur' });
    const byUrl = keep(
      (await fhir(stranger).search({
        resourceType: 'CodeSystem',
        searchParams: { url: `${CANONICAL}/CodeSystem/referral-stage` },
      })) as Bundle,
    );
    expect(entries(byUrl).map((resource) => resource.id)).toEqual(['referral-stage']);
    const pmdcNumbers = keep(
      (await fhir(stranger).read({ resourceType: 'NamingSystem', id: 'pmdc-number' })) as NamingSystem,
    );
    expect(pmdcNumbers.uniqueId?.[0].value).toBe(`${CANONICAL}/NamingSystem/pmdc-number`);
    const named = keep(
      (await fhir(stranger).search({
        resourceType: 'NamingSystem',
        searchParams: { value: `${CANONICAL}/NamingSystem/patient-id` },
      })) as Bundle,
    );
    expect(entries(named).map((resource) => resource.id)).toEqual(['patient-id']);
  });

  it('tells a stranger nothing: 404 as on the REST API', async () => {
    const reads = [
      { resourceType: 'Patient', id: patientId },
      { resourceType: 'Encounter', id: caseFileId },
      { resourceType: 'Organization', id: clinicId },
      { resourceType: 'Practitioner', id: dermatologist.practitionerId! },
    ];
    for (const read of reads) {
      const answer = await refusal(fhir(stranger).read(read));
      expect([read.resourceType, answer.status, answer.data.resourceType]).toEqual([
        read.resourceType,
        404,
        'OperationOutcome',
      ]);
    }
    const roles = (await fhir(stranger).search({
      resourceType: 'PractitionerRole',
      searchParams: { practitioner: `Practitioner/${dermatologist.practitionerId}` },
    })) as Bundle;
    expect(entries(roles)).toEqual([]);
  });

  validation.add({
    suite: FHIR_DIRECTORY,
    test: 'returned only resources that HAPI FHIR’s validator finds valid (zero errors)',
    collect: async () => ({
      resources: returned.resources,
      // Our code systems as the facade serves them, so that the validator checks our codes against them.
      context: entries(
        (await fhir(clinician).search({
          resourceType: 'CodeSystem',
          searchParams: { _count: 100 },
        })) as Bundle,
      ),
    }),
    judge: (resources, results) => {
      expect(resources.length).toBeGreaterThan(10);
      expect(formatFhirErrors(results)).toBe('');
    },
  });
}
