import type { Logger } from 'pino';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { CaseFilesEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

const testKey = (text: string) => Buffer.from(text.padEnd(32, '.')).toString('base64');

/** CNIC keys of the tests only (32 bytes each, base64); `env` may replace them. */
export const TEST_CNIC_KEYS = {
  CNIC_ENCRYPTION_KEY: `test-1:${testKey('test-only-cnic-encryption-key')}`,
  CNIC_INDEX_KEY: testKey('test-only-cnic-blind-index-key'),
};

export type TestCaseFiles = IssuedTestService;

export interface CaseFilesTestOptions {
  /** To capture what the service logs. */
  logger?: Logger;
}

/** The case-files service in-process on a database of its own, trusting a test issuer's tokens. */
export async function startCaseFiles(
  env: Record<string, string> = {},
  options: CaseFilesTestOptions = {},
): Promise<TestCaseFiles> {
  return startIssuedTestService({
    name: 'case-files',
    envClass: CaseFilesEnv,
    appModule: AppModule,
    entities,
    migrations,
    env: { ...TEST_CNIC_KEYS, ...env },
    logger: options.logger,
  });
}
