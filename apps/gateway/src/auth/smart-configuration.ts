import { SMART_RESOURCES } from '@referral/platform-auth';
import { publicUrl, tokenEndpointUrl, type GatewayEnv } from '../config';
import { CLIENT_ASSERTION_ALGORITHMS } from './client-assertion-algorithms';
import type { SmartConfigurationDto } from './dto/smart-configuration.dto';

/**
 * The SMART configuration (SMART App Launch 2, `/.well-known/smart-configuration`) of the gateway's
 * token endpoint: backend services only (client credentials; no authorization endpoint, no user or
 * patient launch). Scopes listed: per resource (and `*`) v2 `cruds` and `rs` and v1 `read` and
 * `write`; the token endpoint grants any `system/` scope `parseSmartScope` reads.
 */
export function smartConfiguration(env: Pick<GatewayEnv, 'PUBLIC_URL'>): SmartConfigurationDto {
  return {
    token_endpoint: tokenEndpointUrl(env),
    token_endpoint_auth_methods_supported: ['private_key_jwt', 'client_secret_basic', 'client_secret_post'],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGORITHMS],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['*', ...SMART_RESOURCES].flatMap((resource) =>
      ['cruds', 'rs', 'read', 'write'].map((permission) => `system/${resource}.${permission}`),
    ),
    capabilities: ['client-confidential-asymmetric', 'permission-v2', 'permission-v1'],
    jwks_uri: `${publicUrl(env)}/.well-known/jwks.json`,
  };
}
