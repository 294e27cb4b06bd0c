import { randomUUID } from 'node:crypto';
import type { Bundle, Communication, Resource, ServiceRequest, Subscription, Task } from '@medplum/fhirtypes';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Webhook } from 'standardwebhooks';
import type { ApiClient } from '@referral/api-client';
import { formatFhirErrors, waitUntil, WebhookReceiver, type RunningStack } from '@referral/testing';
import { createCaseFile, syntheticCnic } from '../support/case-files';
import { registerClient, type IssuedClient } from '../support/clients';
import { adminClient, createHospital, pmdc, registerSpecialist } from '../support/directory';
import { CANONICAL, entries, fhirClient, OneValidatorRun, refusal, Returned } from '../support/fhir';

const SPECIALTY = 'dermatology';
const QUESTION = 'Annular itchy rash on the forearm for three weeks: tinea corporis or nummular eczema?';
const HOSPITAL_SYSTEM = 'urn:oid:2.16.586.1.100.1.2.3';

/**
 * A partner hospital and a specialist using the FHIR R4 facade through the gateway with an
 * off-the-shelf FHIR client (fhir-kit-client), nothing hand-written over HTTP: the hospital submits a
 * ServiceRequest (exactly once, by its own identifier), the specialist finds the Task in the open
 * pool, claims and accepts it by changing the Task. Every resource the facade returned is kept for the
 * validation at the end (`validation`: one validator run for every suite of e2e/fhir.e2e-spec.ts). The
 * body of the describe `FHIR_LOOP`, on the stack the spec runs (`running`) with the webhook settings
 * this suite needs (`FHIR_LOOP_ENV`).
 */
export const FHIR_LOOP = 'FHIR R4 facade through the gateway, with a real FHIR client';

export const FHIR_LOOP_ENV = {
  // The receiver of this test listens on 127.0.0.1; fast checks.
  WEBHOOK_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
  WEBHOOK_POLL_INTERVAL_MS: '200',
};

export function fhirLoop(running: () => RunningStack, validation: OneValidatorRun): void {
  let stack: RunningStack;
  let admin: ApiClient;
  let clinician: IssuedClient;
  let dermatologist: IssuedClient;
  let stranger: IssuedClient;
  /** The clinic's integration engine (role partner): it subscribes to its referrals' Tasks. */
  let engine: IssuedClient;
  const receiver = new WebhookReceiver();
  const returned = new Returned();

  const fhir = (who?: IssuedClient | string) => fhirClient(stack.gateway, who);
  const keep = returned.keep;

  beforeAll(async () => {
    stack = running();
    await receiver.start();
    admin = await adminClient(stack.gateway);
    const hospitalId = await createHospital(admin, 'Mayo Hospital Lahore');
    const clinic = await admin.POST('/v1/organizations', {
      body: { name: 'RHC Pind Dadan Khan', kind: 'clinic', district: 'Jhelum', province: 'punjab' },
    });
    expect(clinic.response.status).toBe(201);
    const doctor = await admin.POST('/v1/practitioners', {
      body: {
        name: 'Dr. Sana Mirza',
        pmdcNumber: pmdc(),
        licenceType: 'full',
        licenceExpiresOn: '2031-06-30',
        phone: '+923005550177',
        languages: ['en', 'ur'],
        organizationId: clinic.data!.id,
      },
    });
    expect(doctor.response.status).toBe(201);
    clinician = await registerClient(stack.gateway, ['clinician'], clinic.data!.id, doctor.data!.id);
    dermatologist = await registerSpecialist(stack.gateway, admin, {
      name: 'Dr. Farah Naz',
      hospitalId,
      specialtyCode: SPECIALTY,
    });
    stranger = await registerClient(stack.gateway, ['clinician']);
    engine = await registerClient(stack.gateway, ['partner'], clinic.data!.id, null);
  });

  afterAll(async () => {
    await receiver.stop();
  });

  it('tells the truth about itself at /metadata, without a token', async () => {
    const anonymous = fhir();
    const statement = keep((await anonymous.capabilityStatement()) as Resource);
    expect(statement).toMatchObject({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      kind: 'instance',
    });
  });

  it('answers without a token with 401 as an OperationOutcome', async () => {
    const anonymous = fhir();
    const answer = await refusal(
      anonymous.search({ resourceType: 'Task', searchParams: { status: 'requested' } }),
    );
    expect(answer.status).toBe(401);
    expect(answer.data.resourceType).toBe('OperationOutcome');
  });

  it('runs the loop: subscribe, submit exactly once, find in the pool, claim, accept, answer with a consult, be notified, read it, close', async () => {
    const subscribed = keep(
      (await fhir(engine).create({
        resourceType: 'Subscription',
        body: {
          resourceType: 'Subscription',
          status: 'requested',
          reason: 'RHC Pind Dadan Khan EMR: our referrals',
          criteria: 'Task?status=in-progress,completed',
          channel: {
            type: 'rest-hook',
            endpoint: receiver.url('/fhir-notify'),
            header: ['Authorization: Bearer synthetic-receiver-token'],
          },
        },
      })) as Subscription,
    );
    expect(subscribed).toMatchObject({ status: 'active', criteria: 'Task?status=in-progress,completed' });
    const secret = subscribed.extension?.find(
      (e) => e.url === `${CANONICAL}/StructureDefinition/webhook-secret`,
    )?.valueString;
    expect(secret).toMatch(/^whsec_/);
    // Read back: the same Subscription, without the secret and without the header's value.
    const readBack = keep(
      (await fhir(engine).read({ resourceType: 'Subscription', id: subscribed.id! })) as Subscription,
    );
    expect(readBack.extension).toBeUndefined();
    expect(JSON.stringify(readBack)).not.toContain('synthetic-receiver-token');

    const { caseFileId, patientId } = await createCaseFile(clinician, {
      patient: { name: 'Bibi Rukhsana', sex: 'female', ageYears: 41, cnic: syntheticCnic() },
      chiefComplaint: 'Itchy annular rash on the forearm',
    });
    const identifier = { system: HOSPITAL_SYSTEM, value: `REF-${randomUUID()}` };
    const request: ServiceRequest = {
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      priority: 'routine',
      identifier: [identifier],
      subject: { reference: `Patient/${patientId}` },
      encounter: { reference: `Encounter/${caseFileId}` },
      performerType: { coding: [{ system: `${CANONICAL}/CodeSystem/specialty`, code: SPECIALTY }] },
      reasonCode: [{ text: QUESTION }],
    };
    const hospital = fhir(clinician);
    const ifNoneExist = { 'If-None-Exist': `identifier=${identifier.system}|${identifier.value}` };
    const created = keep(
      (await hospital.create({
        resourceType: 'ServiceRequest',
        body: request,
        options: { headers: ifNoneExist },
      })) as ServiceRequest,
    );
    expect(created).toMatchObject({
      resourceType: 'ServiceRequest',
      status: 'active',
      subject: { reference: `Patient/${patientId}` },
      reasonCode: [{ text: QUESTION }],
    });
    expect(created.identifier).toEqual(expect.arrayContaining([identifier]));
    // The same create again (a retry after a lost answer) is the same referral.
    const again = (await hospital.create({
      resourceType: 'ServiceRequest',
      body: request,
      options: { headers: ifNoneExist },
    })) as ServiceRequest;
    expect(again.id).toBe(created.id);
    const byIdentifier = (await hospital.search({
      resourceType: 'ServiceRequest',
      searchParams: { identifier: `${identifier.system}|${identifier.value}` },
    })) as Bundle;
    expect(entries(byIdentifier).map((r) => r.id)).toEqual([created.id]);
    keep(byIdentifier);

    const id = created.id!;
    const specialist = fhir(dermatologist);
    // The open pool, de-identified: the Task is there once the directory's events reached referrals.
    let pool: Bundle = { resourceType: 'Bundle', type: 'searchset' };
    await waitUntil(
      async () => {
        pool = (await specialist.search({
          resourceType: 'Task',
          searchParams: { 'owner:missing': 'true', status: 'requested', _count: 100 },
        })) as Bundle;
        return entries(pool).some((task) => task.id === id);
      },
      'the referral in the open pool',
      60_000,
      250,
    );
    keep(pool);
    const pooled = entries(pool).find((task) => task.id === id) as Task;
    expect(pooled).toMatchObject({ status: 'requested', description: QUESTION });
    expect(pooled.for).toBeUndefined();
    expect(JSON.stringify(pool)).not.toContain(patientId);

    // The stranger (another clinic) does not see it at all.
    expect((await refusal(fhir(stranger).read({ resourceType: 'Task', id }))).status).toBe(404);

    // Claim: JSON Patch of status and owner.
    const claimed = keep(
      (await specialist.patch({
        resourceType: 'Task',
        id,
        JSONPatch: [
          { op: 'test', path: '/status', value: 'requested' },
          { op: 'replace', path: '/status', value: 'received' },
          { op: 'add', path: '/owner', value: { reference: `Practitioner/${dermatologist.practitionerId}` } },
        ],
      })) as Task,
    );
    expect(claimed).toMatchObject({
      status: 'received',
      businessStatus: { coding: [{ code: 'claimed' }] },
      owner: { reference: `Practitioner/${dermatologist.practitionerId}` },
    });

    // Accept: PUT of the Task with status in-progress.
    const accepted = keep(
      (await specialist.update({
        resourceType: 'Task',
        id,
        body: { ...claimed, status: 'in-progress' },
      })) as Task,
    );
    expect(accepted).toMatchObject({
      status: 'in-progress',
      businessStatus: { coding: [{ code: 'answering' }] },
    });

    // A change no action makes is refused, naming where the referral is.
    const backwards = await refusal(
      specialist.update({ resourceType: 'Task', id, body: { ...accepted, status: 'requested' } }),
    );
    expect(backwards.status).toBe(422);
    const completed = await refusal(
      specialist.update({ resourceType: 'Task', id, body: { ...accepted, status: 'failed' } }),
    );
    expect(completed.status).toBe(409);
    expect(completed.data.issue?.[0]?.diagnostics).toContain('in-progress');

    // The answer, as a Communication of category consult.
    const consult = keep(
      (await specialist.create({
        resourceType: 'Communication',
        body: {
          resourceType: 'Communication',
          status: 'completed',
          basedOn: [{ reference: `ServiceRequest/${id}` }],
          category: [
            { coding: [{ system: `${CANONICAL}/CodeSystem/communication-category`, code: 'consult' }] },
          ],
          topic: {
            coding: [{ system: `${CANONICAL}/CodeSystem/consult-recommendation`, code: 'manage-locally' }],
          },
          payload: [
            { contentString: 'Assessment: Tinea corporis: annular plaque with a scaly, active edge.' },
            { contentString: 'Advice: Topical terbinafine twice daily for two weeks; keep the area dry.' },
            { contentString: 'Follow up in 14 days' },
          ],
        } as Communication,
      })) as Communication,
    );
    expect(consult.id).toBe(`${id}-consult`);

    // The hospital hears of it: an empty POST, signed, with the header it asked for; then it reads.
    let notification: (typeof receiver.received)[number] | undefined;
    await waitUntil(
      async () =>
        (notification = receiver.received.find((hook) => hook.path === '/fhir-notify')) !== undefined,
      'the subscription notification',
      30_000,
      100,
    );
    expect(notification!.body).toBe('');
    expect(notification!.headers.authorization).toBe('Bearer synthetic-receiver-token');
    expect(() =>
      new Webhook(secret!).verify('', notification!.headers as Record<string, string>),
    ).not.toThrow();

    const conversation = keep(
      (await hospital.search({
        resourceType: 'Communication',
        searchParams: { 'based-on': `ServiceRequest/${id}` },
      })) as Bundle,
    );
    const answer = entries(conversation).find((c) => c.id === `${id}-consult`) as Communication;
    expect(answer.payload?.map((p) => p.contentString)).toEqual([
      'Assessment: Tinea corporis: annular plaque with a scaly, active edge.',
      'Advice: Topical terbinafine twice daily for two weeks; keep the area dry.',
      'Follow up in 14 days',
    ]);
    keep((await hospital.read({ resourceType: 'Communication', id: `${id}-consult` })) as Communication);

    // The hospital closes it: the Task completed, businessStatus closed; the consult is its output.
    const answeredTask = (await hospital.read({ resourceType: 'Task', id })) as Task;
    expect(answeredTask.output?.[0]?.valueReference?.reference).toBe(`Communication/${id}-consult`);
    const closed = keep(
      (await hospital.update({
        resourceType: 'Task',
        id,
        body: {
          ...answeredTask,
          status: 'completed',
          businessStatus: { coding: [{ system: `${CANONICAL}/CodeSystem/referral-stage`, code: 'closed' }] },
          statusReason: { text: 'Managed at the clinic; thank you' },
        },
      })) as Task,
    );
    expect(closed).toMatchObject({ status: 'completed', businessStatus: { coding: [{ code: 'closed' }] } });

    // The hospital reads its Task with the ServiceRequest included.
    const tasks = keep(
      (await hospital.search({
        resourceType: 'Task',
        searchParams: { focus: `ServiceRequest/${id}`, _include: 'Task:focus' },
      })) as Bundle,
    );
    expect(tasks.entry?.map((entry) => [entry.resource?.resourceType, entry.search?.mode])).toEqual([
      ['Task', 'match'],
      ['ServiceRequest', 'include'],
    ]);
  });

  it('pages a search with _count and link.next', async () => {
    // The clinic's second referral, created without a condition: two referrals, pages of one.
    const { caseFileId } = await createCaseFile(clinician, {
      chiefComplaint: 'Scaly plaques on both elbows',
    });
    const hospital = fhir(clinician);
    const second = keep(
      (await hospital.create({
        resourceType: 'ServiceRequest',
        body: {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          subject: { reference: 'Patient/unused' },
          encounter: { reference: `Encounter/${caseFileId}` },
          performerType: { coding: [{ system: `${CANONICAL}/CodeSystem/specialty`, code: SPECIALTY }] },
          reasonCode: [{ text: 'Psoriasis or eczema? Topical steroid first?' }],
        },
      })) as ServiceRequest,
    );
    const first = keep(
      (await hospital.search({ resourceType: 'ServiceRequest', searchParams: { _count: 1 } })) as Bundle,
    );
    expect(entries(first).map((r) => r.id)).toEqual([second.id]);
    expect(first.link?.find((link) => link.relation === 'next')?.url).toContain('_count=1');
    const following = (await hospital.nextPage({ bundle: first as never })) as Bundle;
    expect(entries(following)).toHaveLength(1);
    expect(entries(following)[0].id).not.toBe(second.id);
  });

  it('takes a SMART Backend Services token (private_key_jwt) and holds it to its scopes', async () => {
    // Discovery, as SMART defines it: the configuration relative to the FHIR base.
    const configuration = (await (
      await fetch(`${stack.gateway}/fhir/R4/.well-known/smart-configuration`)
    ).json()) as {
      token_endpoint: string;
      token_endpoint_auth_methods_supported: string[];
    };
    expect(configuration.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    const tokenUrl = new URL(configuration.token_endpoint);
    expect(tokenUrl.toString()).toBe(`${stack.gateway}/v1/auth/token`);

    // The hospital's integration engine registers its public key (the admin does it once) ...
    const { publicKey, privateKey } = await generateKeyPair('ES384');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'his-2026-12', alg: 'ES384', use: 'sig' };
    const registered = await admin.POST('/v1/api-clients', {
      body: {
        name: 'RHC EMR (SMART backend services)',
        organizationId: clinician.organizationId,
        practitionerId: clinician.practitionerId!,
        roles: ['clinician'],
        jwks: { keys: [jwk] },
      } as never,
    });
    expect(registered.response.status).toBe(201);
    const clientId = registered.data!.clientId;

    // ... and asks for a token with a signed assertion and system scopes.
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'his-2026-12', typ: 'JWT' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl.toString())
      .setJti(randomUUID())
      .setExpirationTime('5m')
      .sign(privateKey);
    const answer = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: 'system/ServiceRequest.rs system/Task.rs',
      }),
    });
    expect(answer.status).toBe(200);
    const token = (await answer.json()) as { access_token: string; scope: string };
    expect(token.scope).toBe('system/ServiceRequest.rs system/Task.rs');

    const engineClient = fhir(token.access_token);
    const requests = (await engineClient.search({
      resourceType: 'ServiceRequest',
      searchParams: { _count: 5 },
    })) as Bundle;
    expect(entries(requests).length).toBeGreaterThan(0);
    // Outside its scopes: creating is not granted (403 naming what is missing), nor reading Communications.
    const create = await refusal(
      engineClient.create({
        resourceType: 'ServiceRequest',
        body: { resourceType: 'ServiceRequest' } as ServiceRequest,
      }),
    );
    expect(create.status).toBe(403);
    expect(create.data.issue?.[0]?.diagnostics).toContain('system/ServiceRequest.c');
    const thread = await refusal(
      engineClient.search({
        resourceType: 'Communication',
        searchParams: { 'based-on': `ServiceRequest/${entries(requests)[0].id}` },
      }),
    );
    expect(thread.status).toBe(403);
  });

  validation.add({
    suite: FHIR_LOOP,
    test: 'returned only resources that HAPI FHIR validates against R4 with zero errors',
    collect: async () => {
      // Every resource type the runs above got back, and the OperationOutcomes of refusals.
      const outcome = await refusal(fhir(clinician).read({ resourceType: 'Task', id: randomUUID() }));
      return { resources: [...returned.resources, outcome.data as Resource] };
    },
    judge: (resources, results) => {
      expect(new Set(resources.map((r) => r.resourceType))).toEqual(
        new Set([
          'CapabilityStatement',
          'Subscription',
          'ServiceRequest',
          'Bundle',
          'Task',
          'Communication',
          'OperationOutcome',
        ]),
      );
      expect(results).toHaveLength(resources.length);
      expect(formatFhirErrors(results)).toBe('');
    },
  });
}
