import { DataSource } from 'typeorm';
import { startTestService, TestIssuer, type TestService } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { CaseFilesEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

export interface TestCaseFiles {
  service: TestService;
  issuer: TestIssuer;
  dataSource: DataSource;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** The case-files service in-process on a database of its own, trusting a test issuer's tokens. */
export async function startCaseFiles(env: Record<string, string> = {}): Promise<TestCaseFiles> {
  const issuer = await new TestIssuer().start();
  const service = await startTestService({
    name: 'case-files',
    envClass: CaseFilesEnv,
    appModule: AppModule,
    entities,
    migrations,
    env: { ...issuer.env(), ...env },
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
