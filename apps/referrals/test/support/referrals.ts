import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestService, TestIssuer, type TestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { ReferralsEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

export interface TestReferrals {
  service: TestService;
  issuer: TestIssuer;
  dataSource: DataSource;
  /** Rows in a table of the service's database. */
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** The referrals service in-process on a database of its own, trusting a test issuer's tokens. */
export async function startReferrals(): Promise<TestReferrals> {
  const issuer = await new TestIssuer().start();
  const service = await startTestService({
    name: 'referrals',
    envClass: ReferralsEnv,
    appModule: AppModule,
    entities,
    migrations,
    env: issuer.env(),
  });
  const dataSource = service.app.get(DataSource);
  return {
    service,
    issuer,
    dataSource,
    count: async (table) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
    close: async () => {
      await service.close();
      await issuer.stop();
    },
  };
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
