import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { startTestService, TestIssuer, type TestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { CaseFilesEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

const testKey = (text: string) => Buffer.from(text.padEnd(32, '.')).toString('base64');

/** CNIC keys of the tests only (32 bytes each, base64); `env` may replace them. */
export const TEST_CNIC_KEYS = {
  CNIC_ENCRYPTION_KEYS: `test-1:${testKey('test-only-cnic-encryption-key')}`,
  CNIC_BLIND_INDEX_KEY: testKey('test-only-cnic-blind-index-key'),
};

export interface TestCaseFiles {
  service: TestService;
  issuer: TestIssuer;
  dataSource: DataSource;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface CaseFilesTestOptions {
  /** To capture what the service logs. */
  logger?: Logger;
}

/** The case-files service in-process on a database of its own, trusting a test issuer's tokens. */
export async function startCaseFiles(
  env: Record<string, string> = {},
  options: CaseFilesTestOptions = {},
): Promise<TestCaseFiles> {
  const issuer = await new TestIssuer().start();
  const service = await startTestService({
    name: 'case-files',
    envClass: CaseFilesEnv,
    appModule: AppModule,
    entities,
    migrations,
    env: { ...TEST_CNIC_KEYS, ...issuer.env(), ...env },
    logger: options.logger,
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
