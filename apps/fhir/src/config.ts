import { Type } from 'class-transformer';
import { IsInt, IsUrl, Matches, Max, Min } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

/** The FHIR facade's environment; see apps/fhir/README.md. */
export class FhirEnv extends ServiceEnv {
  override PORT = 3005;
  override DATABASE_NAME = 'fhir';

  /**
   * The gateway, as the facade reaches it: every FHIR interaction becomes calls of the public API
   * there, with the caller's own token (authorization, idempotency, PHI audit and rate limits stay
   * where they are).
   */
  @url()
  GATEWAY_URL = 'http://127.0.0.1:3000';

  /** The FHIR base as clients see it (through the gateway): `fullUrl`s, paging links, the CapabilityStatement. */
  @url()
  @Matches(/[^/]$/, { message: 'FHIR_BASE_URL must not end with a slash' })
  FHIR_BASE_URL = 'http://localhost:3000/fhir/R4';

  /**
   * The largest attachment a `Binary` read gives as FHIR JSON (base64 `data`, a third larger, held in
   * memory); above it the client is told (422) to ask for the raw bytes, which stream.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(20 * 1024 * 1024)
  FHIR_BINARY_JSON_MAX_BYTES = 2 * 1024 * 1024;
}
