import type { Binary, Bundle, DocumentReference, Resource, ServiceRequest } from '@medplum/fhirtypes';
import type { ApiClient } from '@referral/api-client';
import { formatFhirErrors, png, sha256, type RunningStack } from '@referral/testing';
import { createCaseFile, syntheticCnic } from '../support/case-files';
import { registerClient, type IssuedClient } from '../support/clients';
import { adminClient, createHospital, pmdc, registerSpecialist } from '../support/directory';
import { CANONICAL, entries, fhirClient, OneValidatorRun, refusal, Returned } from '../support/fhir';

const SPECIALTY = 'dermatology';
const DESCRIPTION = 'Annular plaque on the left forearm, day 21';

/**
 * A clinic's case-file attachments through the FHIR R4 facade, with an off-the-shelf FHIR client
 * (fhir-kit-client): the file is uploaded through the REST API (FHIR creates no attachments), then found
 * as a DocumentReference by its case file (the Encounter) and by the referral (the ServiceRequest),
 * read, and downloaded as Binary, as a resource (fhir-kit-client) and as the bytes themselves (ranges
 * and conditions: plain HTTP, which no FHIR client library does). A stranger finds nothing. Every
 * resource the facade returned is validated at the end (`validation`: one validator run for every suite
 * of e2e/fhir.e2e-spec.ts). The body of the describe `FHIR_DOCUMENTS`, on the stack the spec runs
 * (`running`), beside the other FHIR suites.
 */
export const FHIR_DOCUMENTS =
  'FHIR R4 DocumentReference and Binary through the gateway, with a real FHIR client';

export function fhirDocuments(running: () => RunningStack, validation: OneValidatorRun): void {
  let stack: RunningStack;
  let admin: ApiClient;
  let clinician: IssuedClient;
  let stranger: IssuedClient;
  let caseFileId: string;
  let patientId: string;
  let documentId: string;
  const file = png(300_000);
  const returned = new Returned();

  const fhir = (who?: IssuedClient | string) => fhirClient(stack.gateway, who);
  const keep = returned.keep;
  const binaryUrl = (id: string) => `${stack.gateway}/fhir/R4/Binary/${id}`;

  beforeAll(async () => {
    stack = running();
    admin = await adminClient(stack.gateway);
    const hospitalId = await createHospital(admin, 'Services Hospital Lahore');
    const clinic = await admin.POST('/v1/organizations', {
      body: { name: 'BHU Chak 45', kind: 'clinic', district: 'Sargodha', province: 'punjab' },
    });
    expect(clinic.response.status).toBe(201);
    const doctor = await admin.POST('/v1/practitioners', {
      body: {
        name: 'Dr. Amna Tariq',
        pmdcNumber: pmdc(),
        licenceType: 'full',
        licenceExpiresOn: '2031-06-30',
        phone: '+923005550188',
        languages: ['en', 'ur'],
        organizationId: clinic.data!.id,
      },
    });
    expect(doctor.response.status).toBe(201);
    clinician = await registerClient(stack.gateway, ['clinician'], clinic.data!.id, doctor.data!.id);
    // A dermatologist exists, so that a referral on the case file can be submitted.
    await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Hina Qureshi',
      hospitalId,
      specialtyCode: SPECIALTY,
    });
    stranger = await registerClient(stack.gateway, ['clinician']);
    ({ caseFileId, patientId } = await createCaseFile(clinician, {
      patient: { name: 'Bibi Nasreen', sex: 'female', ageYears: 52, cnic: syntheticCnic() },
      chiefComplaint: 'Annular itchy plaque on the forearm for three weeks',
    }));
  });

  it('the clinic uploads a file through the REST API; the new list route shows it', async () => {
    const form = new FormData();
    form.append('description', DESCRIPTION);
    form.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'forearm.png');
    const uploaded = await fetch(`${stack.gateway}/v1/case-files/${caseFileId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clinician.token}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const attachment = (await uploaded.json()) as { id: string; sha256: string };
    expect(attachment.sha256).toBe(sha256(file));
    const listed = await clinician.api.GET('/v1/case-files/{id}/attachments', {
      params: { path: { id: caseFileId } },
    });
    expect(listed.response.status).toBe(200);
    expect(listed.data!.items.map((item) => item.id)).toEqual([attachment.id]);
    const refused = await stranger.api.GET('/v1/case-files/{id}/attachments', {
      params: { path: { id: caseFileId } },
    });
    expect(refused.response.status).toBe(404);
  });

  it('finds it as a DocumentReference by the case file (the Encounter), and reads it', async () => {
    const bundle = keep(
      (await fhir(clinician).search({
        resourceType: 'DocumentReference',
        searchParams: { encounter: `Encounter/${caseFileId}` },
      })) as Bundle,
    );
    const [found] = entries(bundle) as DocumentReference[];
    expect(entries(bundle)).toHaveLength(1);
    documentId = found.id!;
    expect(documentId).toMatch(/^[a-z2-7]{26}\.[a-z2-7]{26}$/);
    const read = keep(
      (await fhir(clinician).read({
        resourceType: 'DocumentReference',
        id: documentId,
      })) as DocumentReference,
    );
    expect(read).toEqual(found);
    expect(read).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: `Patient/${patientId}` },
      description: DESCRIPTION,
      content: [
        {
          attachment: {
            contentType: 'image/png',
            url: `Binary/${documentId}`,
            size: file.length,
            title: DESCRIPTION,
          },
        },
      ],
      context: { encounter: [{ reference: `Encounter/${caseFileId}` }] },
    });
  });

  it('downloads the Binary: as a resource with a FHIR client, as the bytes, by range, and not again', async () => {
    const binary = keep((await fhir(clinician).read({ resourceType: 'Binary', id: documentId })) as Binary);
    expect(binary.contentType).toBe('image/png');
    expect(Buffer.from(binary.data!, 'base64').equals(file)).toBe(true);

    const auth = { authorization: `Bearer ${clinician.token}` };
    const whole = await fetch(binaryUrl(documentId), { headers: { ...auth, accept: 'image/png' } });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
    const etag = whole.headers.get('etag')!;
    expect(etag).toBe(`"${sha256(file)}"`);

    const part = await fetch(binaryUrl(documentId), { headers: { ...auth, range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${file.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(1000, 2000))).toBe(true);

    const unchanged = await fetch(binaryUrl(documentId), { headers: { ...auth, 'if-none-match': etag } });
    expect(unchanged.status).toBe(304);
    const beyond = await fetch(binaryUrl(documentId), {
      headers: { ...auth, range: `bytes=${file.length + 10}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${file.length}`);
  });

  it("finds it by the referral too, and the referral's ServiceRequest names it as supporting info", async () => {
    const created = (await fhir(clinician).create({
      resourceType: 'ServiceRequest',
      body: {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: `Patient/${patientId}` },
        encounter: { reference: `Encounter/${caseFileId}` },
        performerType: { coding: [{ system: `${CANONICAL}/CodeSystem/specialty`, code: SPECIALTY }] },
        reasonCode: [{ text: 'Tinea corporis or nummular eczema? Photo attached.' }],
      },
    })) as ServiceRequest;
    const bundle = keep(
      (await fhir(clinician).search({
        resourceType: 'DocumentReference',
        searchParams: { related: `ServiceRequest/${created.id}` },
      })) as Bundle,
    );
    expect(entries(bundle).map((resource) => resource.id)).toEqual([documentId]);
    expect((entries(bundle)[0] as DocumentReference).context?.related).toEqual([
      { reference: `ServiceRequest/${created.id}` },
    ]);
    const read = keep(
      (await fhir(clinician).read({ resourceType: 'ServiceRequest', id: created.id! })) as ServiceRequest,
    );
    expect(read.supportingInfo).toEqual([{ reference: `DocumentReference/${documentId}` }]);
  });

  it('a stranger gets 404 for the DocumentReference and the Binary, and finds nothing', async () => {
    const document = await refusal(
      fhir(stranger).read({ resourceType: 'DocumentReference', id: documentId }),
    );
    expect(document.status).toBe(404);
    expect(document.data.resourceType).toBe('OperationOutcome');
    keep(document.data as Resource);
    expect((await refusal(fhir(stranger).read({ resourceType: 'Binary', id: documentId }))).status).toBe(404);
    const bytes = await fetch(binaryUrl(documentId), {
      headers: { authorization: `Bearer ${stranger.token}`, accept: '*/*' },
    });
    expect(bytes.status).toBe(404);
    const bundle = keep(
      (await fhir(stranger).search({
        resourceType: 'DocumentReference',
        searchParams: { encounter: `Encounter/${caseFileId}` },
      })) as Bundle,
    );
    expect(entries(bundle)).toEqual([]);
  });

  validation.add({
    suite: FHIR_DOCUMENTS,
    test: 'returned only resources that HAPI FHIR validates against R4 with zero errors',
    collect: async () => ({ resources: [...returned.resources] }),
    judge: (resources, results) => {
      expect(new Set(resources.map((r) => r.resourceType))).toEqual(
        new Set(['Bundle', 'DocumentReference', 'Binary', 'ServiceRequest', 'OperationOutcome']),
      );
      expect(results).toHaveLength(resources.length);
      expect(formatFhirErrors(results)).toBe('');
    },
  });
}
