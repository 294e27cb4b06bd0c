import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsPositive, IsUrl, Matches } from 'class-validator';

const URL_OPTIONS = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/**
 * OpenTelemetry's own variables, as far as a service reads them (the OTLP exporter also reads its
 * `OTEL_EXPORTER_OTLP_*` headers, timeout and compression itself). Loaded before the service's config,
 * by the tracing entry point that every `main.ts` imports first (`startTracing`).
 */
export class TracingEnv {
  /** `otlp` (the default once an OTLP endpoint is set), `zipkin`, `console` or `none`. */
  @IsOptional()
  @Matches(/^\s*(otlp|zipkin|console|none)\s*$/i, {
    message: 'OTEL_TRACES_EXPORTER must be one of otlp, zipkin, console or none (one exporter)',
  })
  OTEL_TRACES_EXPORTER?: string;

  /** OTLP over HTTP (protobuf): the collector's base URL (`/v1/traces` is added) … */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** … or the traces endpoint itself. */
  @IsOptional()
  @IsUrl(URL_OPTIONS, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** Zipkin's span API, e.g. http://zipkin:9411/api/v2/spans. */
  @IsUrl(URL_OPTIONS, { message: 'OTEL_EXPORTER_ZIPKIN_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_ZIPKIN_ENDPOINT = 'http://localhost:9411/api/v2/spans';

  /** The service's name in traces; by default the app's (`gateway`, `referrals`, …). */
  @IsOptional()
  @Matches(/^[\w.-]{1,100}$/, { message: 'OTEL_SERVICE_NAME must be 1-100 letters, digits, ".", "_" or "-"' })
  OTEL_SERVICE_NAME?: string;

  /** `true` turns tracing off whatever else is set. */
  @IsIn(['true', 'false'])
  OTEL_SDK_DISABLED = 'false';

  /** The batch span processor: delay between exports (ms) … */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  OTEL_BSP_SCHEDULE_DELAY?: number;

  /** … how long one export may take (ms) … */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  OTEL_BSP_EXPORT_TIMEOUT?: number;

  /** … spans buffered before new ones are dropped … */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  OTEL_BSP_MAX_QUEUE_SIZE?: number;

  /** … and spans per export. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE?: number;
}
