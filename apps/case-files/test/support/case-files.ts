import type { Logger } from 'pino';
import { TOPICS } from '@referral/contracts';
import type { TestDatabase, TestIssuer } from '@referral/testing';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { CaseFilesEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { configureCaseFilesHttp } from '../../src/http';
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
  /** Consume referral events (access grants), as the service does in production; default true. */
  consumeReferralEvents?: boolean;
  /** A database another instance uses (several instances, or a restart); not dropped on close. */
  database?: TestDatabase;
  /** An issuer another instance trusts; not stopped on close. */
  issuer?: TestIssuer;
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
    consumes: options.consumeReferralEvents === false ? [] : [TOPICS.referral],
    configureHttp: configureCaseFilesHttp,
    env: { ...TEST_CNIC_KEYS, ...env },
    logger: options.logger,
    database: options.database,
    issuer: options.issuer,
  });
}
