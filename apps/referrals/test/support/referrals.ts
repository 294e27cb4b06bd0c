import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import {
  createEnvelope,
  encodeData,
  toKafkaHeaders,
  TOPICS,
  type PractitionerEventData,
  type PractitionerRoleData,
} from '@referral/contracts';
import { testInfrastructure, testKafka, waitUntil, type TestDatabase } from '@referral/testing';
import { startIssuedTestService, type IssuedTestService, type TestIssuer } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { ReferralsEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';
import { REPORTS_CONSUMER_GROUP } from '../../src/reports/reports.module';
import { CaseFilesStub } from './case-files-stub';

export interface TestReferrals extends IssuedTestService {
  caseFiles: CaseFilesStub;
}

export interface StartReferralsOptions {
  /** Run on this database (another instance's, or one the test made) instead of a new one; not dropped on close. */
  database?: TestDatabase;
  /** Trust this issuer instead of a new one; not stopped on close. */
  issuer?: TestIssuer;
  /** Run the report projection's consumer group too (as the service does); off by default to save its start. */
  reports?: boolean;
  /** The topics to consume; by default the service's (none: a test that feeds no events). */
  consumes?: string[];
}

/**
 * The referrals service in-process on a database of its own, trusting a test issuer's tokens, asking
 * a case-files stub for case-file summaries. The deadline scheduler's timer is off (tests call
 * `runOnce` with the clock they want) unless `env` turns it on. Several instances run on one database
 * when `options` passes it (and the issuer whose tokens they all trust).
 */
export async function startReferrals(
  env: Record<string, string> = {},
  options: StartReferralsOptions = {},
): Promise<TestReferrals> {
  const caseFiles = await new CaseFilesStub().start();
  const { reports, consumes = [TOPICS.directoryPractitioner, TOPICS.caseFile], ...shared } = options;
  const started = await startIssuedTestService({
    ...shared,
    name: 'referrals',
    envClass: ReferralsEnv,
    appModule: AppModule,
    entities,
    migrations,
    consumes,
    consumerGroups: reports ? [REPORTS_CONSUMER_GROUP] : [],
    env: { CASE_FILES_URL: caseFiles.url, DEADLINE_CHECK_INTERVAL_MS: '0', ...env },
  });
  return {
    ...started,
    caseFiles,
    close: async () => {
      await started.close();
      await caseFiles.stop();
    },
  };
}

/** A valid `POST /v1/referrals` body (synthetic), with overrides; pass a case file of the caller's organization. */
export const referralBody = (overrides: Record<string, unknown> = {}) => ({
  caseFileId: randomUUID(),
  specialtyCode: 'cardiology',
  priority: 'urgent',
  question: 'Exertional chest pain with ST depression in V4–V6: which workup before transfer?',
  allowConversion: true,
  ...overrides,
});

/**
 * Registers specialists as the directory does: `practitioner.registered` on its topic, and waits until
 * the referrals service's projection has it.
 */
export class DirectoryPublisher {
  private producer?: Producer;
  private clock = Date.now();

  constructor(private readonly referrals: TestReferrals) {}

  async register(overrides: Partial<PractitionerEventData> & { role?: Partial<PractitionerRoleData> } = {}) {
    const { role, ...rest } = overrides;
    const organizationId = rest.organizationId ?? randomUUID();
    const data: PractitionerEventData = {
      practitionerId: randomUUID(),
      organizationId,
      languages: ['ur', 'en'],
      licenceValidUntil: '2099-12-31',
      licenceType: 'full',
      active: true,
      roles: [
        {
          roleId: randomUUID(),
          specialtyCode: 'cardiology',
          organizationId,
          maxOpenCases: 5,
          active: true,
          availability: [],
          ...role,
        },
      ],
      occurredAt: new Date((this.clock += 1)).toISOString(),
      ...rest,
    };
    if (!this.producer) {
      const infra = await testInfrastructure();
      this.producer = testKafka(infra.kafkaBrokers).producer();
      await this.producer.connect();
    }
    const envelope = createEnvelope({
      type: 'practitioner.registered',
      subject: data.practitionerId,
      data,
      source: '/directory',
    });
    await this.producer.send({
      topic: TOPICS.directoryPractitioner,
      messages: [
        { key: data.practitionerId, value: encodeData(envelope), headers: toKafkaHeaders(envelope) },
      ],
    });
    await waitUntil(
      async () =>
        (await this.referrals.dataSource.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [envelope.id]))
          .length > 0,
      `practitioner ${data.practitionerId} in the projection`,
    );
    return data;
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
