import { generateKeyPairSync, randomUUID, createSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface TestTokenClaims {
  sub?: string;
  org: string;
  practitioner?: string;
  roles: string[];
  ttlSeconds?: number;
}

/**
 * A stand-in for the gateway's token issuer (or a trusted external one) in integration tests: an RS256 key, a
 * JWKS served on loopback, and tokens with the gateway's issuer and audience. The service under
 * test verifies them exactly as it verifies the gateway's (AUTH_JWKS_URL points here).
 */
export class TestIssuer {
  readonly audience = 'specialist-referral-api';
  private readonly kid = randomUUID();
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: Server;
  jwksUrl = '';

  /** Defaults to the gateway's issuer; another name stands for an external OIDC provider. */
  constructor(readonly issuer = 'urn:specialist-referral:gateway') {}

  async start(): Promise<this> {
    const jwk = { ...this.keys.publicKey.export({ format: 'jwk' }), kid: this.kid, alg: 'RS256', use: 'sig' };
    this.server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.jwksUrl = `http://127.0.0.1:${port}/.well-known/jwks.json`;
    return this;
  }

  /** Environment for the service under test. */
  env(): Record<string, string> {
    return { AUTH_ISSUER: this.issuer, AUTH_AUDIENCE: this.audience, AUTH_JWKS_URL: this.jwksUrl };
  }

  token(claims: TestTokenClaims): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: this.kid };
    const payload = {
      iss: this.issuer,
      aud: this.audience,
      sub: claims.sub ?? `cl_test_${randomUUID().slice(0, 8)}`,
      org: claims.org,
      ...(claims.practitioner && { practitioner: claims.practitioner }),
      roles: claims.roles,
      iat: now,
      exp: now + (claims.ttlSeconds ?? 300),
      jti: randomUUID(),
    };
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode(header)}.${encode(payload)}`;
    const signature = createSign('RSA-SHA256')
      .update(unsigned)
      .sign(this.keys.privateKey)
      .toString('base64url');
    return `${unsigned}.${signature}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
