import { TOPICS } from '@referral/contracts';
import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { CaseFilesEnv } from './config';
import { entities } from './entities';
import { configureCaseFilesHttp } from './http';
import { migrations } from './migrations';

export function caseFilesService(): ServiceDefinition<CaseFilesEnv> {
  const env = loadEnvOrExit(CaseFilesEnv);
  return {
    name: 'case-files',
    env,
    logger: createLogger('case-files', env.LOG_LEVEL),
    entities,
    migrations,
    consumes: [TOPICS.referral],
    configureHttp: configureCaseFilesHttp,
  };
}
