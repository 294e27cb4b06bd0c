/**
 * What a service's token check costs per request (issue 14, "Per-request overhead"): the bearer token
 * of a request through the services' own `JwtStrategy` (libs/platform/auth), driven as passport drives
 * it, without HTTP, with the cache of verified tokens off (every request verifies the RS256 signature)
 * and on (a repeated token), and the PEM parse that each verification paid before keys were kept
 * parsed.
 *
 *   npm run bench:auth            (AUTH_BENCH_CALLS=20000, AUTH_BENCH_DISTINCT=2000)
 *
 * Needs neither PostgreSQL nor Kafka nor a running service.
 */
import 'reflect-metadata';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { jwtVerify } from 'jose';
import { sign, verify } from 'jsonwebtoken';
import {
  JwtStrategy,
  resolveAuthOptions,
  type SigningKeyResolver,
  type TokenCacheOptions,
} from '@referral/platform-auth';

const CALLS = Number(process.env.AUTH_BENCH_CALLS ?? 20_000);
const DISTINCT = Number(process.env.AUTH_BENCH_DISTINCT ?? 2_000);
const WARM_UP = 1_000;
const ISSUER = 'urn:specialist-referral:gateway';
const AUDIENCE = 'specialist-referral-api';
const KID = 'gw-bench';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function token(sub: string): string {
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      iss: ISSUER,
      aud: AUDIENCE,
      sub,
      org: '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60',
      practitioner: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d',
      roles: ['clinician'],
      iat: now,
      exp: now + 900,
    },
    privateKey,
    { algorithm: 'RS256', keyid: KID },
  );
}

/** Like the gateway's resolver: the PEM from an in-memory cache, the same string every time. */
const resolver: SigningKeyResolver = {
  resolve: async () => publicPem,
};

function strategy(tokenCache: Partial<TokenCacheOptions> | false): JwtStrategy {
  return new JwtStrategy(
    resolveAuthOptions({
      issuer: ISSUER,
      audience: AUDIENCE,
      jwksUrl: 'http://127.0.0.1:9/unused',
      trustedIssuers: [],
      clockToleranceSeconds: 30,
      tokenCache,
    }),
    resolver,
  );
}

/** One request through the strategy as passport runs it: a per-request copy with its outcomes. */
function authenticate(instance: JwtStrategy, rawToken: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const attempt = Object.create(instance) as JwtStrategy & Record<string, unknown>;
    attempt.success = (user: unknown) => resolve(user);
    attempt.fail = (reason: unknown) => reject(reason instanceof Error ? reason : new Error('refused'));
    attempt.error = (error: unknown) => reject(error);
    attempt.authenticate({ headers: { authorization: `Bearer ${rawToken}` } });
  });
}

interface Figures {
  mean: number;
  p50: number;
  p99: number;
  cpu: number;
}

/** `calls` calls one after the other; wall time per call and process CPU per call, in µs. */
async function measure(calls: number, call: (i: number) => unknown): Promise<Figures> {
  for (let i = 0; i < Math.min(WARM_UP, calls); i++) await call(i);
  const latencies = new Float64Array(calls);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    await call(i);
    latencies[i] = (performance.now() - t) * 1000;
  }
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort();
  const at = (q: number) => latencies[Math.min(calls - 1, Math.floor(q * calls))];
  return {
    mean: latencies.reduce((s, l) => s + l, 0) / calls,
    p50: at(0.5),
    p99: at(0.99),
    cpu: (cpu.user + cpu.system) / calls,
  };
}

const us = (value: number) => `${value.toFixed(1)} µs`;
const row = (name: string, calls: number, f: Figures) =>
  `| ${name} | ${calls.toLocaleString('en')} | ${us(f.mean)} | ${us(f.p50)} | ${us(f.p99)} | ${us(f.cpu)} |`;

async function main() {
  console.log(
    `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}); Node ${process.versions.node}; ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const same = token('cl_bench');
  const distinct = Array.from({ length: DISTINCT + WARM_UP }, (_, i) => token(`cl_bench_${i}`));
  const uncached = strategy(false);
  const cached = strategy({});
  const fresh = strategy({});
  let keyObject: KeyObject = createPublicKey(publicPem);
  const options = { algorithms: ['RS256' as const], audience: AUDIENCE, issuer: ISSUER };

  const results: [string, number, Figures][] = [];
  const run = async (name: string, calls: number, call: (i: number) => unknown) => {
    results.push([name, calls, await measure(calls, call)]);
    console.log(row(name, calls, results[results.length - 1][2]));
  };
  console.log('| path | calls | mean | p50 | p99 | CPU per call |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  await run('strategy, cache off (cold: RS256 verified every time), same token', CALLS, () =>
    authenticate(uncached, same),
  );
  let next = 0; // every call, warm-up included, a token never seen before
  await run('strategy, cache on, a new token each call (miss: verified and remembered)', DISTINCT, () =>
    authenticate(fresh, distinct[next++]),
  );
  await run('strategy, cache on (warm), same token', CALLS, () => authenticate(cached, same));
  await run('jsonwebtoken.verify with the PEM (parsed on every call, as before)', CALLS, () =>
    verify(same, publicPem, options),
  );
  await run('jsonwebtoken.verify with a KeyObject (parsed once)', CALLS, () =>
    verify(same, keyObject, options),
  );
  // What the strategy verifies with since issue 15: jose, over Web Crypto (asynchronous), with the key made once.
  const cryptoKey = keyObject.toCryptoKey({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  await run('jose.jwtVerify with a CryptoKey (made once)', CALLS, () =>
    jwtVerify(same, cryptoKey, { algorithms: ['RS256'], audience: AUDIENCE, issuer: ISSUER }),
  );
  await run('createPublicKey(PEM) alone', CALLS, () => {
    keyObject = createPublicKey(publicPem);
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
