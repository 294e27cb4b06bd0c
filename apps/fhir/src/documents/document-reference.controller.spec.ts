import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { FhirError } from '../http/fhir-error';
import { documentId } from '../mapping/document-id';
import { attachment, caseFile } from '../mapping/test/case-files';
import { referral } from '../mapping/test/referral';
import type { ClientIdentifiers } from '../referrals/client-identifiers';
import { ReferralResources } from '../referrals/referral-resources';
import { CaseFileDocuments } from './case-file-documents';
import { DocumentReferenceController } from './document-reference.controller';
import { asApi, asReply, env, mockApi, refusal, reply, request, type MockApi } from './test/doubles';

const CASE_FILE = '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f';
const REFERRAL = '3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d';
const notFound = () => new FhirError({ status: 404, detail: 'Case file not found' });

describe('DocumentReferenceController (PublicApi mocked)', () => {
  let api: MockApi;
  let controller: DocumentReferenceController;
  const second = attachment({ id: '0c4a1d2e-7b3f-4e5a-9c8d-1f2e3a4b5c6d', contentType: 'application/pdf' });
  const id = documentId({ caseFileId: CASE_FILE, attachmentId: attachment().id });

  /** The API as the case-files and referrals services answer a clinician of the referring clinic. */
  function answers(routes: Record<string, unknown>) {
    api.get.mockImplementation(async (_asker: unknown, path: string) => {
      const answer = routes[path];
      if (answer === undefined) throw notFound();
      if (answer instanceof Error) throw answer;
      return answer;
    });
  }

  beforeEach(() => {
    api = mockApi();
    const documents = new CaseFileDocuments(asApi(api));
    const identifiers = { of: async () => new Map() } as unknown as ClientIdentifiers;
    controller = new DocumentReferenceController(
      env,
      documents,
      new ReferralResources(asApi(api), identifiers, documents),
    );
  });

  describe('read', () => {
    it('finds the attachment in its case file and gives it with the patient as subject', async () => {
      answers({
        [`/v1/case-files/${CASE_FILE}`]: caseFile(),
        [`/v1/case-files/${CASE_FILE}/attachments`]: { items: [second, attachment()], nextCursor: null },
      });
      const answer = reply();
      await controller.read(id, request(), asReply(answer));
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
      expect(answer.body).toMatchObject({
        resourceType: 'DocumentReference',
        id,
        subject: { reference: `Patient/${caseFile().patientId}` },
        content: [{ attachment: { url: `Binary/${id}`, contentType: 'image/jpeg' } }],
        context: { encounter: [{ reference: `Encounter/${CASE_FILE}` }] },
      });
      // With the caller's own token, the largest page.
      expect(api.get).toHaveBeenCalledWith(
        { authorization: 'Bearer t', requestId: 'req-1' },
        `/v1/case-files/${CASE_FILE}/attachments`,
        { limit: 100, cursor: undefined },
      );
    });

    it('pages through the list until it finds the attachment', async () => {
      api.get.mockImplementation(async (_asker: unknown, path: string, query: { cursor?: string }) => {
        if (path === `/v1/case-files/${CASE_FILE}`) return caseFile();
        return query.cursor === 'p2'
          ? { items: [attachment()], nextCursor: null }
          : { items: [second], nextCursor: 'p2' };
      });
      const answer = reply();
      await controller.read(id, request(), asReply(answer));
      expect((answer.body as DocumentReference).id).toBe(id);
    });

    it('is 404 for an id of another shape (a bare UUID too) without asking the API', async () => {
      for (const other of [attachment().id, id.toUpperCase(), 'x']) {
        expect(await refusal(controller.read(other, request(), asReply(reply())))).toMatchObject({
          status: 404,
          detail: `DocumentReference/${other} is not known`,
        });
      }
      expect(api.get).not.toHaveBeenCalled();
    });

    it("is 404 for an attachment the case file does not have, and passes on the API's 404", async () => {
      answers({
        [`/v1/case-files/${CASE_FILE}`]: caseFile(),
        [`/v1/case-files/${CASE_FILE}/attachments`]: { items: [second], nextCursor: null },
      });
      expect((await refusal(controller.read(id, request(), asReply(reply())))).status).toBe(404);
      answers({});
      expect(await refusal(controller.read(id, request(), asReply(reply())))).toMatchObject({
        status: 404,
        detail: 'Case file not found',
      });
    });
  });

  describe('search', () => {
    it('by encounter: the case file page as a searchset, _count as the limit, our cursor as next', async () => {
      answers({
        [`/v1/case-files/${CASE_FILE}`]: caseFile(),
        [`/v1/case-files/${CASE_FILE}/attachments`]: { items: [attachment(), second], nextCursor: 'c2' },
      });
      const answer = reply();
      await controller.search(
        { encounter: `Encounter/${CASE_FILE}`, _count: '2' },
        request(),
        asReply(answer),
      );
      const bundle = answer.body as Bundle<DocumentReference>;
      expect(bundle.type).toBe('searchset');
      expect(bundle.entry!.map((entry) => entry.resource!.id)).toEqual([
        id,
        documentId({ caseFileId: CASE_FILE, attachmentId: second.id }),
      ]);
      expect(bundle.entry![0].fullUrl).toBe(`${env.FHIR_BASE_URL}/DocumentReference/${id}`);
      expect(bundle.link).toEqual([
        {
          relation: 'self',
          url: `${env.FHIR_BASE_URL}/DocumentReference?encounter=Encounter%2F${CASE_FILE}&_count=2`,
        },
        {
          relation: 'next',
          url: `${env.FHIR_BASE_URL}/DocumentReference?encounter=Encounter%2F${CASE_FILE}&_count=2&_cursor=c2`,
        },
      ]);
      expect(api.get).toHaveBeenCalledWith(expect.anything(), `/v1/case-files/${CASE_FILE}/attachments`, {
        limit: 2,
        cursor: undefined,
      });
    });

    it('by related: the referral names the case file; each document is related to its ServiceRequest', async () => {
      answers({
        [`/v1/referrals/${REFERRAL}`]: referral(),
        [`/v1/case-files/${CASE_FILE}/attachments`]: { items: [attachment()], nextCursor: null },
      });
      const answer = reply();
      await controller.search(
        { related: `ServiceRequest/${REFERRAL}`, _cursor: 'c1' },
        request(),
        asReply(answer),
      );
      const bundle = answer.body as Bundle<DocumentReference>;
      expect(bundle.entry!.map((entry) => entry.resource!.context)).toEqual([
        {
          encounter: [{ reference: `Encounter/${CASE_FILE}` }],
          related: [{ reference: `ServiceRequest/${REFERRAL}` }],
        },
      ]);
      expect(bundle.link!.map((link) => link.relation)).toEqual(['self']);
      expect(api.get).toHaveBeenCalledWith(expect.anything(), `/v1/case-files/${CASE_FILE}/attachments`, {
        limit: undefined,
        cursor: 'c1',
      });
    });

    it('_lastUpdated filters by creation', async () => {
      answers({
        [`/v1/case-files/${CASE_FILE}`]: caseFile(),
        [`/v1/case-files/${CASE_FILE}/attachments`]: {
          items: [attachment(), { ...second, createdAt: '2026-12-05T09:00:00.000Z' }],
          nextCursor: null,
        },
      });
      const answer = reply();
      await controller.search(
        { encounter: `Encounter/${CASE_FILE}`, _lastUpdated: 'ge2026-12-05' },
        request(),
        asReply(answer),
      );
      expect((answer.body as Bundle).entry!.map((entry) => entry.resource!.id)).toEqual([
        documentId({ caseFileId: CASE_FILE, attachmentId: second.id }),
      ]);
    });

    it("finds nothing in a stranger's case file or referral, or for a reference that names nothing", async () => {
      answers({});
      for (const params of [
        { encounter: `Encounter/${CASE_FILE}` },
        { related: `ServiceRequest/${REFERRAL}` },
        { encounter: 'Encounter/not-a-uuid' },
        { encounter: `Patient/${CASE_FILE}` },
      ]) {
        const answer = reply();
        await controller.search(params, request(), asReply(answer));
        expect(answer.statusCode).toBe(200);
        expect((answer.body as Bundle).entry).toBeUndefined();
      }
    });

    it('refuses (400) a search with neither or both of encounter and related, or another parameter', async () => {
      for (const params of [
        {},
        { encounter: `Encounter/${CASE_FILE}`, related: `ServiceRequest/${REFERRAL}` },
        { encounter: `Encounter/${CASE_FILE}`, subject: 'Patient/x' },
      ]) {
        expect((await refusal(controller.search(params, request(), asReply(reply())))).status).toBe(400);
      }
      expect(api.get).not.toHaveBeenCalled();
    });

    it('passes on a refusal other than 404 (a 401, a 503)', async () => {
      answers({ [`/v1/case-files/${CASE_FILE}`]: new FhirError({ status: 503, detail: 'later' }) });
      expect(
        (
          await refusal(
            controller.search({ encounter: `Encounter/${CASE_FILE}` }, request(), asReply(reply())),
          )
        ).status,
      ).toBe(503);
    });
  });

  describe('ServiceRequest read: supportingInfo', () => {
    it("is the case file's documents, in order; none when the caller may not read the case file (403, 404)", async () => {
      const documents = new CaseFileDocuments(asApi(api));
      const identifiers = { of: async () => new Map() } as unknown as ClientIdentifiers;
      const resources = new ReferralResources(asApi(api), identifiers, documents);
      answers({
        [`/v1/case-files/${CASE_FILE}/attachments`]: { items: [attachment(), second], nextCursor: null },
      });
      const asker = { authorization: 'Bearer t', requestId: 'r' };
      expect((await resources.serviceRequest(asker, referral())).supportingInfo).toEqual([
        { reference: `DocumentReference/${id}` },
        { reference: `DocumentReference/${documentId({ caseFileId: CASE_FILE, attachmentId: second.id })}` },
      ]);
      for (const status of [403, 404]) {
        answers({ [`/v1/case-files/${CASE_FILE}/attachments`]: new FhirError({ status }) });
        const without = await resources.serviceRequest(asker, referral());
        expect(without.resourceType).toBe('ServiceRequest');
        expect(without.supportingInfo).toBeUndefined();
      }
      answers({ [`/v1/case-files/${CASE_FILE}/attachments`]: new FhirError({ status: 503 }) });
      expect((await refusal(resources.serviceRequest(asker, referral()))).status).toBe(503);
    });
  });
});
