import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { GatewayEnv } from './config';
import { entities } from './entities';
import { configureGatewayHttp } from './http';
import { migrations } from './migrations';
import { GATEWAY_OPENAPI } from './openapi';

export function gatewayService(): ServiceDefinition<GatewayEnv> {
  const env = loadEnvOrExit(GatewayEnv);
  return {
    name: 'gateway',
    env,
    logger: createLogger('gateway', env.LOG_LEVEL),
    entities,
    migrations,
    openApi: GATEWAY_OPENAPI,
    configureHttp: configureGatewayHttp,
  };
}
