import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { DirectoryEnv } from './config';
import { entities } from './entities';
import { migrations } from './migrations';

export function directoryService(): ServiceDefinition<DirectoryEnv> {
  const env = loadEnvOrExit(DirectoryEnv);
  return {
    name: 'directory',
    env,
    logger: createLogger('directory', env.LOG_LEVEL),
    entities,
    migrations,
  };
}
