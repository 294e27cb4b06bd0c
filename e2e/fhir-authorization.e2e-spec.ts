import { randomUUID } from 'node:crypto';
import { describeAuthorizationMatrix, type MatrixFixture, type MatrixRole } from '@referral/testing-service';
import { png, testInfrastructure, TestIssuer, type RunningStack } from '@referral/testing';
import { CANONICAL } from './support/fhir';
import { startE2eStack } from './support/stack';

const READERS: MatrixRole[] = ['clinician', 'specialist', 'coordinator', 'partner', 'admin'];
/** Who may read a case file and its attachments (the referring organization's members, any role). */
const CASE_FILE_READERS: MatrixRole[] = ['clinician', 'coordinator', 'admin', 'specialist'];

/**
 * The FHIR id of what the API names by two UUIDs (a case file's attachment, a referral's message),
 * written here as apps/fhir/README.md documents it (e2e
 * specs may not import the app): each UUID's bytes in RFC 4648 base32, lowercase, unpadded, joined by
 * a dot. Random fixture ids make a well-formed id that names nothing.
 */
function compoundId(caseFileId: string, attachmentId: string): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const part = (uuid: string) => {
    const bits = [...Buffer.from(uuid.replace(/-/g, ''), 'hex')]
      .map((byte) => byte.toString(2).padStart(8, '0'))
      .join('')
      .padEnd(130, '0');
    return (bits.match(/.{5}/g) ?? []).map((five) => alphabet[parseInt(five, 2)]).join('');
  };
  return `${part(caseFileId)}.${part(attachmentId)}`;
}

/**
 * Every FHIR interaction in the authorization matrix, through the gateway with every service running:
 * the facade calls the public API with the caller's token, so each role gets what it gets on the REST
 * route it stands for (API.md, Authorization) — 401 without a token, 403 for a role the route refuses,
 * 404 for who may not know the referral (strangers, specialists not holding it, another
 * organization), the same answer for a random id. Callers of every role come from a test identity
 * provider that the services trust (AUTH_TRUSTED_ISSUERS).
 */
describe('FHIR facade: authorization', () => {
  let stack: RunningStack;
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await new TestIssuer('urn:test:fhir-matrix-idp').start();
    stack = await startE2eStack(await testInfrastructure(), {
      env: {
        AUTH_TRUSTED_ISSUERS: `${issuer.issuer}|${issuer.jwksUrl}`,
        WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
      },
    });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await issuer?.stop();
  }, 120_000);

  const post = async (path: string, token: string, body: unknown, contentType = 'application/json') => {
    const response = await fetch(`${stack.gateway}${path}`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as { id: string };
  };

  const serviceRequest = (f: MatrixFixture) => ({
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/unused' },
    encounter: { reference: `Encounter/${f.ids.caseFile}` },
    performerType: { coding: [{ system: `${CANONICAL}/CodeSystem/specialty`, code: 'dermatology' }] },
    reasonCode: [{ text: 'Annular rash: tinea or eczema?' }],
  });

  const referralObject = {
    allowed: ['clinician', 'partner', 'admin'] as MatrixRole[],
    hidden: ['specialist', 'coordinator'] as MatrixRole[],
    object: true,
    anyOrganization: ['admin'] as MatrixRole[],
  };

  describeAuthorizationMatrix(
    'fhir',
    {
      url: () => stack.gateway,
      issuer: () => issuer,
      setup: async (organizationId, token) => {
        const clinician = token(['clinician']);
        const patient = await post('/v1/patients', clinician, {
          name: 'Bibi Sughra',
          sex: 'female',
          ageYears: 38,
          district: 'Attock',
        });
        const caseFile = await post('/v1/case-files', clinician, {
          patientId: patient.id,
          chiefComplaint: 'Itchy annular rash on the forearm',
        });
        const referral = await post(
          '/fhir/R4/ServiceRequest',
          clinician,
          serviceRequest({ organizationId, ids: { caseFile: caseFile.id } }),
          'application/fhir+json',
        );
        const subscription = await post(
          '/fhir/R4/Subscription',
          token(['partner']),
          {
            resourceType: 'Subscription',
            status: 'requested',
            reason: 'Matrix EMR',
            criteria: 'Task',
            channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/fhir-notify' },
          },
          'application/fhir+json',
        );
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(png(2000))], { type: 'image/png' }), 'rash.png');
        const uploaded = await fetch(`${stack.gateway}/v1/case-files/${caseFile.id}/attachments`, {
          method: 'POST',
          headers: { authorization: `Bearer ${clinician}` },
          body: form,
        });
        if (uploaded.status !== 201)
          throw new Error(`attachment: ${uploaded.status} ${await uploaded.text()}`);
        const attachment = (await uploaded.json()) as { id: string };
        const message = await post(`/v1/referrals/${referral.id}/messages`, clinician, {
          kind: 'note',
          text: 'The patient travels on Friday',
        });
        // What a Task change must leave as it is (the referral's): who asks, and for whom.
        const task = (await (
          await fetch(`${stack.gateway}/fhir/R4/Task/${referral.id}`, {
            headers: { authorization: `Bearer ${clinician}` },
          })
        ).json()) as { requester: { reference: string } };
        return {
          caseFile: caseFile.id,
          patient: patient.id,
          requester: task.requester.reference.split('/')[1],
          referral: referral.id,
          subscription: subscription.id,
          attachment: attachment.id,
          message: message.id,
        };
      },
    },
    [
      { method: 'GET', path: () => '/fhir/R4/ServiceRequest', allowed: READERS },
      { method: 'GET', path: () => '/fhir/R4/Task', allowed: READERS },
      {
        method: 'GET',
        path: () => '/fhir/R4/Task?owner:missing=true&status=requested',
        allowed: ['specialist'],
      },
      { method: 'GET', path: (f) => `/fhir/R4/ServiceRequest/${f.ids.referral}`, ...referralObject },
      { method: 'GET', path: (f) => `/fhir/R4/Task/${f.ids.referral}`, ...referralObject },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Task?focus=ServiceRequest/${f.ids.referral}`,
        // A search finds nothing rather than refusing: whoever may search Tasks gets a Bundle.
        allowed: READERS,
      },
      {
        method: 'POST',
        path: () => '/fhir/R4/ServiceRequest',
        contentType: 'application/fhir+json',
        body: serviceRequest,
        allowed: ['clinician'],
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Communication?based-on=ServiceRequest/${f.ids.referral}`,
        allowed: ['clinician', 'partner'],
        hidden: ['specialist', 'coordinator'],
        // An admin reads the referral (in any organization), then the thread refuses them.
        knows: ['admin'],
        knowsEverywhere: ['admin'],
        object: true,
      },
      {
        method: 'POST',
        path: () => '/fhir/R4/Communication',
        contentType: 'application/fhir+json',
        body: (f) => ({
          resourceType: 'Communication',
          status: 'completed',
          basedOn: [{ reference: `ServiceRequest/${f.ids.referral}` }],
          category: [
            { coding: [{ system: `${CANONICAL}/CodeSystem/communication-category`, code: 'note' }] },
          ],
          payload: [{ contentString: 'The patient travels on Friday' }],
        }),
        allowed: ['clinician'],
        hidden: ['specialist'],
        object: true,
      },
      {
        method: 'PATCH',
        path: (f) => `/fhir/R4/Task/${f.ids.referral}`,
        contentType: 'application/json-patch+json',
        // Claiming for someone else: a refusal of the change (422) for who may read the Task.
        body: () => [
          { op: 'replace', path: '/status', value: 'received' },
          { op: 'add', path: '/owner', value: { reference: `Practitioner/${randomUUID()}` } },
        ],
        allowed: ['clinician', 'partner', 'admin'],
        hidden: ['specialist', 'coordinator'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Communication/${compoundId(f.ids.referral, f.ids.message)}`,
        // As the thread: an admin reads the referral (anywhere), then the thread refuses them.
        allowed: ['clinician', 'partner'],
        hidden: ['specialist', 'coordinator'],
        knows: ['admin'],
        knowsEverywhere: ['admin'],
        object: true,
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Patient/${f.ids.patient}`,
        allowed: ['admin', 'coordinator', 'clinician'],
        hidden: ['specialist'],
        object: true,
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Encounter/${f.ids.caseFile}`,
        allowed: CASE_FILE_READERS,
        object: true,
      },
      // Practitioner/{id} and Organization/{id} are not here: the matrix's owning organization is no
      // organization of the directory, which registers practitioners only in known ones. Their REST
      // routes are in the directory's matrices, and the facade passes the answers on as they are.
      {
        method: 'GET',
        path: () => `/fhir/R4/PractitionerRole?specialty=${CANONICAL}/CodeSystem/specialty|dermatology`,
        allowed: ['admin', 'coordinator', 'clinician'],
      },
      { method: 'GET', path: () => '/fhir/R4/Organization?type=hospital', allowed: ['admin'] },
      {
        method: 'GET',
        path: () => '/fhir/R4/CodeSystem/specialty',
        allowed: ['admin', 'coordinator', 'clinician', 'specialist', 'partner'],
      },
      {
        method: 'GET',
        path: () => '/fhir/R4/NamingSystem',
        // Published terminology, served by the facade itself: any caller but a service-only role
        // (platform-auth keeps contact-reader to the routes that name it).
        allowed: ['admin', 'coordinator', 'clinician', 'specialist', 'partner'],
      },
      { method: 'GET', path: () => '/fhir/R4/Subscription', allowed: ['admin', 'partner'] },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Subscription/${f.ids.subscription}`,
        allowed: ['admin', 'partner'],
        object: true,
        anyOrganization: ['admin'],
      },
      {
        method: 'POST',
        path: () => '/fhir/R4/Subscription',
        contentType: 'application/fhir+json',
        body: () => ({
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'Matrix EMR',
          criteria: 'Task?status=completed',
          channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/fhir-notify' },
        }),
        allowed: ['admin', 'partner'],
      },
      {
        method: 'PUT',
        path: (f) => `/fhir/R4/Task/${f.ids.referral}`,
        contentType: 'application/fhir+json',
        // Declining: a specialist's action, and this one does not hold the referral. Whoever may read
        // the Task gets the refusal of the action (403); whoever may not, 404.
        body: (f) => ({
          resourceType: 'Task',
          id: f.ids.referral,
          basedOn: [{ reference: `ServiceRequest/${f.ids.referral}` }],
          focus: { reference: `ServiceRequest/${f.ids.referral}` },
          for: { reference: `Patient/${f.ids.patient}` },
          requester: { reference: `Practitioner/${f.ids.requester}` },
          status: 'rejected',
          intent: 'order',
          priority: 'routine',
          statusReason: {
            coding: [{ system: `${CANONICAL}/CodeSystem/decline-reason`, code: 'out-of-scope' }],
          },
        }),
        allowed: [],
        hidden: ['specialist', 'coordinator'],
        knows: ['clinician', 'partner', 'admin'],
        knowsEverywhere: ['admin'],
        object: true,
      },
      {
        // The case file's readers (the REST routes' roles: the facade checks them first, so that a
        // partner is refused whether or not the referral of a `related` search exists); a search
        // finds nothing in another organization's case file.
        method: 'GET',
        path: (f) => `/fhir/R4/DocumentReference?encounter=Encounter/${f.ids.caseFile}`,
        allowed: CASE_FILE_READERS,
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/DocumentReference?related=ServiceRequest/${f.ids.referral}`,
        allowed: CASE_FILE_READERS,
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/DocumentReference/${compoundId(f.ids.caseFile, f.ids.attachment)}`,
        allowed: CASE_FILE_READERS,
        object: true,
      },
      {
        method: 'GET',
        path: (f) => `/fhir/R4/Binary/${compoundId(f.ids.caseFile, f.ids.attachment)}`,
        allowed: CASE_FILE_READERS,
        object: true,
      },
      // Last: it ends the subscription. A FHIR delete is idempotent: a second one, or one of another
      // organization's Subscription, answers 204 and deletes nothing (below), so no 404 is asked here.
      {
        method: 'DELETE',
        path: (f) => `/fhir/R4/Subscription/${f.ids.subscription}`,
        allowed: ['admin', 'partner'],
      },
    ],
  );

  it("deletes nothing of another organization's: its Subscription is still there after a stranger's delete", async () => {
    const partner = (organizationId: string) =>
      `Bearer ${issuer.token({ org: organizationId, practitioner: randomUUID(), roles: ['partner'] })}`;
    const owner = randomUUID();
    const created = await post(
      '/fhir/R4/Subscription',
      partner(owner).slice('Bearer '.length),
      {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'Another EMR',
        criteria: 'Task',
        channel: { type: 'rest-hook', endpoint: 'http://127.0.0.1:9/other' },
      },
      'application/fhir+json',
    );
    const url = `${stack.gateway}/fhir/R4/Subscription/${created.id}`;
    expect(
      (await fetch(url, { method: 'DELETE', headers: { authorization: partner(randomUUID()) } })).status,
    ).toBe(204);
    expect((await fetch(url, { headers: { authorization: partner(owner) } })).status).toBe(200);
  });
});
