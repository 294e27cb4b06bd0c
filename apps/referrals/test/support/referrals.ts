import { randomUUID } from 'node:crypto';
import { TOPICS } from '@referral/contracts';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { ReferralsEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

export type TestReferrals = IssuedTestService;

/** The referrals service in-process on a database of its own, trusting a test issuer's tokens. */
export async function startReferrals(): Promise<TestReferrals> {
  return startIssuedTestService({
    name: 'referrals',
    envClass: ReferralsEnv,
    appModule: AppModule,
    entities,
    migrations,
    consumes: [TOPICS.directoryPractitioner],
  });
}

/** A valid `POST /v1/referrals` body (synthetic), with overrides. */
export const referralBody = (overrides: Record<string, unknown> = {}) => ({
  caseFileId: randomUUID(),
  specialtyCode: 'cardiology',
  priority: 'urgent',
  question: 'Exertional chest pain with ST depression in V4–V6: which workup before transfer?',
  allowConversion: true,
  ...overrides,
});
