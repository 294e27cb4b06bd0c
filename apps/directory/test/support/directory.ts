import type { Clock } from '@referral/platform-database';
import { startIssuedTestService, type IssuedTestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { DirectoryEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

export type TestDirectory = IssuedTestService;

/**
 * The directory service in-process on a database of its own, trusting a test issuer's tokens; on
 * `clock` when given (a TestClock the test moves).
 */
export async function startDirectory(
  env: Record<string, string> = {},
  clock?: Clock,
): Promise<TestDirectory> {
  return startIssuedTestService({
    name: 'directory',
    envClass: DirectoryEnv,
    appModule: AppModule,
    entities,
    migrations,
    env,
    clock,
  });
}
