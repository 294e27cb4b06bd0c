import { createHmac, createPublicKey, randomUUID, type JsonWebKey } from 'node:crypto';
import { createApiClient, type ApiClient, type ApiSchemas } from '@referral/api-client';
import { testInfrastructure, TestIssuer, type RunningStack } from '@referral/testing';
import { createCaseFile } from './support/case-files';
import {
  BOOTSTRAP_ADMIN,
  BOOTSTRAP_CONTACTS,
  obtainToken,
  registerClient,
  type IssuedClient,
} from './support/clients';
import { startE2eStack } from './support/stack';

/** The partner hospital's identity provider the stack trusts by configuration (synthetic). */
const TRUSTED_IDP = 'https://idp.partner-hospital.example';
const RATE_LIMIT_PER_MINUTE = 60;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (token: string) => {
  const [header, payload] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
  };
};

/**
 * The gateway's security through the typed client generated from its OpenAPI document: tokens,
 * refusal of every kind of bad token, revocation, Idempotency-Key and rate limits, with every
 * service running as an operator runs it.
 */
describe('gateway security, through the generated client', () => {
  let stack: RunningStack;
  let trustedIdp: TestIssuer;
  let rogueIdp: TestIssuer;
  let admin: ApiClient;
  let clinic: IssuedClient;
  /**
   * A case file of the clinic's (synthetic patient), made in `beforeAll`: referrals are submitted on
   * one of the caller's organization. Bodies built before that (the hostile ones, which never reach a
   * case file lookup) carry a random id, as they always did.
   */
  let caseFileId: string = randomUUID();

  const referral = ({
    question = 'Annular scaly plaque on the forearm for three weeks; tinea?',
    caseFile = caseFileId,
  }: { question?: string; caseFile?: string } = {}) =>
    ({
      caseFileId: caseFile,
      specialtyCode: 'dermatology',
      priority: 'routine',
      question,
      allowConversion: false,
    }) satisfies ApiSchemas['SubmitReferralRequest'];

  beforeAll(async () => {
    trustedIdp = await new TestIssuer(TRUSTED_IDP).start();
    rogueIdp = await new TestIssuer('https://idp.rogue.example').start();
    stack = await startE2eStack(await testInfrastructure(), {
      env: {
        AUTH_TRUSTED_ISSUERS: `${TRUSTED_IDP}|${trustedIdp.jwksUrl}`,
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
      },
    });
    admin = createApiClient(stack.gateway, {
      token: await obtainToken(stack.gateway, BOOTSTRAP_ADMIN.clientId, BOOTSTRAP_ADMIN.clientSecret),
    });
    clinic = await registerClient(stack.gateway, ['clinician']);
    ({ caseFileId } = await createCaseFile(clinic));
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await trustedIdp?.stop();
    await rogueIdp?.stop();
  }, 120_000);

  describe('tokens', () => {
    it('issues an RS256 token by client credentials in JSON or a form, verifiable with the JWKS', async () => {
      const api = createApiClient(stack.gateway);
      const json = await api.POST('/v1/auth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: clinic.clientId,
          client_secret: clinic.clientSecret,
        },
      });
      expect(json.response.status).toBe(200);
      expect(json.response.headers.get('cache-control')).toBe('no-store');
      expect(json.data).toMatchObject({ token_type: 'Bearer', expires_in: 900 });

      const form = await api.POST('/v1/auth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: clinic.clientId,
          client_secret: clinic.clientSecret,
        },
        bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(form.response.status).toBe(200);

      const { header, payload } = decode(form.data!.access_token);
      expect(header.alg).toBe('RS256');
      expect(payload).toMatchObject({
        sub: clinic.clientId,
        org: clinic.organizationId,
        practitioner: clinic.practitionerId,
        roles: ['clinician'],
      });
      expect(Number(payload.exp) - Number(payload.iat)).toBe(900);
      const jwks = await api.GET('/.well-known/jwks.json');
      expect(jwks.data!.keys.map((k) => k.kid)).toContain(header.kid);
    });

    it('answers a wrong secret with invalid_client and changes nothing', async () => {
      const { error, response } = await createApiClient(stack.gateway).POST('/v1/auth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: clinic.clientId,
          client_secret: 'not-the-secret',
        },
      });
      expect(response.status).toBe(401);
      expect(error).toMatchObject({ error: 'invalid_client' });
      expect(await obtainToken(stack.gateway, clinic.clientId, clinic.clientSecret)).toBeTruthy();
    });

    it('accepts a token of the trusted external issuer', async () => {
      const token = trustedIdp.token({ org: randomUUID(), roles: ['clinician'] });
      const { response } = await createApiClient(stack.gateway, { token }).GET('/v1/notifications');
      expect(response.status).toBe(200);
    });
  });

  describe('refuses every bad token with 401 problem+json, and the request changes nothing', () => {
    const badTokens: Record<string, () => Promise<string>> = {
      'an expired token of a trusted issuer': async () =>
        trustedIdp.token({ org: clinic.organizationId, roles: ['clinician'], ttlSeconds: -300 }),
      'a tampered token (another organization in the payload)': async () => {
        const [header, payload, signature] = clinic.token.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        return [header, base64url({ ...claims, org: randomUUID() }), signature].join('.');
      },
      'an unsigned token (alg none)': async () => {
        const { payload } = decode(clinic.token);
        return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
      },
      "an HS256 token whose HMAC key is the gateway's public key": async () => {
        const { header, payload } = decode(clinic.token);
        const { data } = await createApiClient(stack.gateway).GET('/.well-known/jwks.json');
        const jwk = data!.keys.find((k) => k.kid === header.kid)!;
        const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
          .export({ type: 'spki', format: 'pem' })
          .toString();
        const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT', kid: header.kid })}.${base64url(payload)}`;
        return `${unsigned}.${createHmac('sha256', pem).update(unsigned).digest('base64url')}`;
      },
      'a token of an issuer nobody trusts': async () =>
        rogueIdp.token({ org: clinic.organizationId, roles: ['clinician'] }),
      "a token claiming the trusted issuer, signed with another issuer's key": async () => {
        const forged = decode(rogueIdp.token({ org: clinic.organizationId, roles: ['clinician'] }));
        const [, , signature] = rogueIdp
          .token({ org: clinic.organizationId, roles: ['clinician'] })
          .split('.');
        return `${base64url(forged.header)}.${base64url({ ...forged.payload, iss: TRUSTED_IDP })}.${signature}`;
      },
    };

    it.each(Object.keys(badTokens))('%s', async (name) => {
      const token = await badTokens[name]();
      const api = createApiClient(stack.gateway, { token });
      const read = await api.GET('/v1/notifications');
      expect(read.response.status).toBe(401);
      expect(read.response.headers.get('content-type')).toContain('application/problem+json');
      expect(read.error).toMatchObject({ type: 'urn:problem-type:unauthorized', status: 401 });

      // A write with the bad token is refused before anything is stored: the same key then works.
      const key = randomUUID();
      const body = referral();
      const write = await api.POST('/v1/referrals', { params: { header: { 'Idempotency-Key': key } }, body });
      expect(write.response.status).toBe(401);
      const good = await clinic.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body,
      });
      expect(good.response.status).toBe(201);
      expect(good.response.headers.get('idempotent-replayed')).toBeNull();
    });
  });

  describe('clients and roles', () => {
    it('stops a revoked client getting tokens at once', async () => {
      const partner = await registerClient(stack.gateway, ['clinician']);
      const revoked = await admin.DELETE('/v1/api-clients/{id}', { params: { path: { id: partner.id } } });
      expect(revoked.response.status).toBe(204);
      const { error, response } = await createApiClient(stack.gateway).POST('/v1/auth/token', {
        body: {
          grant_type: 'client_credentials',
          client_id: partner.clientId,
          client_secret: partner.clientSecret,
        },
      });
      expect(response.status).toBe(401);
      expect(error).toMatchObject({ error: 'invalid_client' });
      const again = await admin.DELETE('/v1/api-clients/{id}', { params: { path: { id: randomUUID() } } });
      expect(again.response.status).toBe(404);
    });

    it('refuses a role that does not exist (422) and a caller without the route role (403)', async () => {
      const unknown = await admin.POST('/v1/api-clients', {
        body: { name: 'bad roles', organizationId: randomUUID(), roles: ['surgeon' as never] },
      });
      expect(unknown.response.status).toBe(422);
      expect(unknown.error).toMatchObject({ type: 'urn:problem-type:validation-failed' });
      expect(JSON.stringify(unknown.error)).toContain('roles');

      const partner = await registerClient(stack.gateway, ['partner']);
      const { error, response } = await partner.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: referral(),
      });
      expect(response.status).toBe(403);
      expect(error).toMatchObject({ type: 'urn:problem-type:forbidden' });
      const forbidden = await clinic.api.GET('/v1/api-clients');
      expect(forbidden.response.status).toBe(403);
    });
  });

  describe('the notifications service’s client (role contact-reader)', () => {
    it('reads any practitioner’s contact details, at the directory and through the gateway, and nothing else', async () => {
      const organization = await admin.POST('/v1/organizations', {
        body: { name: 'BHU Kallar Kahar', kind: 'clinic', district: 'Chakwal', province: 'punjab' },
      });
      const practitioner = await admin.POST('/v1/practitioners', {
        body: {
          name: 'Dr. Hina Aslam (synthetic)',
          pmdcNumber: `PMDC-${Math.floor(Math.random() * 1e9)}-C`,
          licenceType: 'full',
          licenceExpiresOn: '2031-06-30',
          phone: '+92 333 5550142',
          email: 'hina.aslam@bhu.example.pk',
          languages: ['ur', 'en'],
          organizationId: organization.data!.id,
        } as never,
      });
      expect(practitioner.response.status).toBe(201);
      const id = practitioner.data!.id;

      // The stack's notifications service signs in with this client, not the admin.
      const token = await obtainToken(
        stack.gateway,
        BOOTSTRAP_CONTACTS.clientId,
        BOOTSTRAP_CONTACTS.clientSecret,
      );
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as {
        roles: string[];
      };
      expect(claims.roles).toEqual(['contact-reader']);
      const headers = { authorization: `Bearer ${token}` };
      for (const base of [stack.urls.directory, stack.gateway]) {
        const read = await fetch(`${base}/v1/practitioners/${id}`, { headers });
        expect(read.status).toBe(200);
        expect(await read.json()).toMatchObject({
          phone: '+923335550142',
          email: 'hina.aslam@bhu.example.pk',
        });
      }
      for (const path of [
        '/v1/specialties',
        '/v1/organizations',
        `/v1/organizations/${organization.data!.id}`,
        '/v1/practitioners?specialtyCode=dermatology',
        '/v1/referrals',
        '/v1/queue',
        `/v1/case-files/${caseFileId}`,
        '/v1/notifications',
        '/v1/notification-preferences',
        '/v1/webhook-endpoints',
        '/v1/admin/outbound-messages',
        '/v1/api-clients',
      ]) {
        const response = await fetch(`${stack.gateway}${path}`, { headers });
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, and refuses another body (422)', async () => {
      const key = randomUUID();
      const body = referral();
      const first = await clinic.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body,
      });
      expect(first.response.status).toBe(201);
      const replay = await clinic.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body,
      });
      expect(replay.response.status).toBe(201);
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.data).toEqual(first.data);

      const other = await clinic.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body: referral({ question: 'Another question entirely' }),
      });
      expect(other.response.status).toBe(422);
      expect(other.error).toMatchObject({ status: 422 });

      // Scoped per client: another client's same key is a new request (a colleague at the same clinic,
      // whose organization's case file the body names).
      const colleague = await registerClient(stack.gateway, ['clinician'], clinic.organizationId);
      const theirs = await colleague.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body,
      });
      expect(theirs.response.status).toBe(201);
      expect(theirs.data!.id).not.toBe(first.data!.id);
    });

    it('answers 409 while the first request with the key is still in flight', async () => {
      const key = randomUUID();
      const body = referral();
      stack.pause('referrals');
      let first: Promise<{ response: Response }>;
      try {
        first = clinic.api.POST('/v1/referrals', { params: { header: { 'Idempotency-Key': key } }, body });
        await new Promise((resolve) => setTimeout(resolve, 500));
        const second = await clinic.api.POST('/v1/referrals', {
          params: { header: { 'Idempotency-Key': key } },
          body,
        });
        expect(second.response.status).toBe(409);
        expect(second.response.headers.get('content-type')).toContain('application/problem+json');
      } finally {
        stack.resume('referrals');
      }
      expect((await first).response.status).toBe(201);
      const third = await clinic.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body,
      });
      expect(third.response.status).toBe(201);
      expect(third.response.headers.get('idempotent-replayed')).toBe('true');
    });

    it('requires the key on POST /v1/referrals (400)', async () => {
      const { error, response } = await clinic.api.POST('/v1/referrals', {
        params: { header: {} as { 'Idempotency-Key': string } },
        body: referral(),
      });
      expect(response.status).toBe(400);
      expect(error).toMatchObject({ status: 400 });
    });
  });

  describe('refuses hostile bodies with a clear 4xx and stores nothing', () => {
    let sender: IssuedClient;
    let sendersCaseFile: string;
    beforeAll(async () => {
      sender = await registerClient(stack.gateway, ['clinician']);
      ({ caseFileId: sendersCaseFile } = await createCaseFile(sender));
    });
    const valid = JSON.stringify(referral());
    const hostile: Record<string, { body: string; type?: string; status: number; problem: string }> = {
      'JSON nested 100,000 levels deep': { body: '['.repeat(100_000), status: 400, problem: 'json-too-deep' },
      'a NUL character in a string': {
        body: valid.replace('tinea?', 'tinea?\\u0000'),
        status: 422,
        problem: 'nul-character',
      },
      'a 10,000-element array': {
        body: JSON.stringify({ ...referral(), attachments: Array.from({ length: 10_000 }, (_, i) => i) }),
        status: 422,
        problem: 'array-too-long',
      },
      'a number where a string belongs': {
        body: JSON.stringify({ ...referral(), question: 42 }),
        status: 422,
        problem: 'validation-failed',
      },
      'an unknown field': {
        body: JSON.stringify({ ...referral(), patientName: 'Bibi Zainab' }),
        status: 422,
        problem: 'validation-failed',
      },
      'malformed JSON': { body: '{"caseFileId": ', status: 400, problem: 'malformed-json' },
      'a body over the size limit (1 MiB)': {
        body: JSON.stringify({ ...referral(), question: 'x'.repeat(1_100_000) }),
        status: 413,
        problem: 'payload-too-large',
      },
      'text/plain instead of JSON': {
        body: valid,
        type: 'text/plain',
        status: 415,
        problem: 'unsupported-media-type',
      },
    };

    it.each(Object.keys(hostile))('%s', async (name) => {
      const { body, type, status, problem } = hostile[name];
      const key = randomUUID();
      const { error, response } = await sender.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body: referral(),
        bodySerializer: () => body,
        headers: { 'content-type': type ?? 'application/json' },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(error).toMatchObject({ type: `urn:problem-type:${problem}`, status });
      // Nothing was stored under the key: a good request with it is a first request.
      const good = await sender.api.POST('/v1/referrals', {
        params: { header: { 'Idempotency-Key': key } },
        body: referral({ caseFile: sendersCaseFile }),
      });
      expect(good.response.status).toBe(201);
      expect(good.response.headers.get('idempotent-replayed')).toBeNull();
    });
  });

  it(`limits each client to ${RATE_LIMIT_PER_MINUTE} requests a minute: 429 with Retry-After`, async () => {
    const busy = await registerClient(stack.gateway, ['clinician']);
    // The window slides: the previous minute counts for what is left of it. Start early in a minute,
    // so that all 61 requests fall in one (the database's clock is this machine's).
    const second = new Date().getUTCSeconds();
    if (second > 20) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    for (let i = 0; i < RATE_LIMIT_PER_MINUTE; i++) {
      const { response } = await busy.api.GET('/v1/notifications');
      expect(response.status).toBe(200);
    }
    const { error, response } = await busy.api.GET('/v1/notifications');
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(error).toMatchObject({ type: 'urn:problem-type:rate-limited', status: 429 });
    // Another client is not held back by this one.
    const other = await registerClient(stack.gateway, ['clinician']);
    expect((await other.api.GET('/v1/notifications')).response.status).toBe(200);
  });
});
