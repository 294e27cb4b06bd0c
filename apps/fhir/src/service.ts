import { loadEnvOrExit } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { createLogger } from '@referral/platform-observability';
import { FhirEnv } from './config';
import { entities } from './entities';
import { configureFhirHttp } from './http/fhir-body';
import { migrations } from './migrations';

export function fhirService(): ServiceDefinition<FhirEnv> {
  const env = loadEnvOrExit(FhirEnv);
  return {
    name: 'fhir',
    env,
    logger: createLogger('fhir', env.LOG_LEVEL),
    entities,
    migrations,
    configureHttp: configureFhirHttp,
  };
}
