import { TOPICS } from '@referral/contracts';
import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { NotificationsEnv } from './config';
import { entities } from './entities';
import { migrations } from './migrations';

export function notificationsService(): ServiceDefinition<NotificationsEnv> {
  const env = loadEnvOrExit(NotificationsEnv);
  return {
    name: 'notifications',
    env,
    logger: createLogger('notifications', env.LOG_LEVEL),
    entities,
    migrations,
    consumes: [TOPICS.referral, TOPICS.directoryPractitioner, TOPICS.directoryOrganization],
  };
}
