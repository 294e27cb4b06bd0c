import { TOPICS } from '@referral/contracts';
import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { ReferralsEnv } from './config';
import { entities } from './entities';
import { migrations } from './migrations';
import { REPORTS_CONSUMER_GROUP } from './reports/reports.module';

export function referralsService(): ServiceDefinition<ReferralsEnv> {
  const env = loadEnvOrExit(ReferralsEnv);
  return {
    name: 'referrals',
    env,
    logger: createLogger('referrals', env.LOG_LEVEL),
    entities,
    migrations,
    consumes: [TOPICS.directoryPractitioner, TOPICS.caseFile],
    consumerGroups: [REPORTS_CONSUMER_GROUP],
  };
}
