import { applyDecorators, type INestApplication } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  DocumentBuilder,
  getSchemaPath,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import {
  PROBLEM_CODES,
  PROBLEMS,
  type ProblemCode,
  type ProblemType,
  type RouteProblem,
} from '@referral/contracts';
import { PUBLIC_OPERATION_EXTENSION } from '@referral/platform-auth';
import { defaultTitle } from './problem-details';

/** What a service that publishes an OpenAPI document says about itself. */
export interface OpenApiOptions {
  title: string;
  description: string;
  version: string;
  /** Tag names in display order, each with a description. */
  tags: Array<{ name: string; description: string }>;
  /** Where clients get tokens (client credentials), relative to the server. */
  tokenUrl: string;
}

export const DOCS_PATH = 'docs';
export const OPENAPI_JSON_PATH = `${DOCS_PATH}/openapi.json`;

@ApiSchema({ name: 'FieldError' })
export class FieldErrorSchema {
  @ApiProperty({ example: 'priority', description: 'Dotted path of the field in the request' })
  field: string;

  @ApiProperty({ example: 'priority must be one of the following values: routine, urgent' })
  message: string;
}

/** Every `type` a problem may have, as libs/contracts' PROBLEMS defines them. */
const PROBLEM_TYPES: ProblemType[] = PROBLEM_CODES.map((code) => PROBLEMS[code].type);

@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details' })
export class ProblemSchema {
  @ApiProperty({
    enum: PROBLEM_TYPES,
    example: PROBLEMS['validation-failed'].type,
    description: 'Stable per error code: switch on this, never on `detail`',
  })
  type: ProblemType;

  @ApiProperty({ example: 'The request is not valid' }) title: string;
  @ApiProperty({ type: 'integer', example: 422 }) status: number;
  @ApiPropertyOptional({ example: 'priority: priority must be one of the following values: routine, urgent' })
  detail?: string;

  @ApiPropertyOptional({ description: 'The request id, for support' }) instance?: string;
  @ApiPropertyOptional({ type: [FieldErrorSchema], description: 'One entry per invalid field (422)' })
  errors?: FieldErrorSchema[];
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: unparseable or too deeply nested JSON, a bad path parameter or a missing required header',
  401: 'No token, or a bad one: expired, tampered, wrong issuer or algorithm, or a revoked client',
  403: "The caller's roles do not allow this",
  404: "Not found, or not visible to the caller's organization",
  409: 'Conflicts with the current state, or a request with this Idempotency-Key is still in flight',
  413: 'The body is larger than the configured limit',
  415: 'The content type is not accepted',
  422: 'Not valid (unknown or wrong-typed fields, arrays too long, NUL characters): `errors` lists each field',
  429: 'Rate limit of this API client exceeded',
  503: 'A service behind the gateway did not answer; retry shortly',
};

/**
 * The answers by status, in the order given: codes of one status share its response (OpenAPI keys
 * responses by status), whose description then names them.
 */
export function problemResponses(responses: RouteProblem[]): Array<{ status: number; description: string }> {
  const byStatus = new Map<number, { description?: string; codes: ProblemCode[] }>();
  for (const response of responses) {
    const status =
      typeof response === 'number'
        ? response
        : typeof response === 'string'
          ? PROBLEMS[response].status
          : response.status;
    const entry = byStatus.get(status) ?? { codes: [] };
    byStatus.set(status, entry);
    if (typeof response === 'string') entry.codes.push(response);
    else entry.description = typeof response === 'number' ? undefined : response.description;
  }
  return [...byStatus].map(([status, { description, codes }]) => {
    const base = description ?? PROBLEM_DESCRIPTIONS[status] ?? defaultTitle(status);
    const named = codes.map((code) => `\`${PROBLEMS[code].type}\``).join(', ');
    return { status, description: codes.length ? `${base}. Types: ${named}` : base };
  });
}

/** Documents problem+json answers: the status codes an operation can give besides its success. */
export function ApiProblems(...responses: RouteProblem[]) {
  return applyDecorators(
    ApiExtraModels(ProblemSchema, FieldErrorSchema),
    ...problemResponses(responses).map(({ status, description }) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemSchema) } } },
        ...(status === 429 && {
          headers: {
            'Retry-After': {
              description: 'Seconds until the client may send again',
              schema: { type: 'integer', minimum: 1 },
            },
          },
        }),
      }),
    ),
  );
}

/** The document of the app's controllers, with security schemes: bearer by default, `@Public()` none. */
export function buildOpenApiDocument(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion(options.version)
    .setLicense('Proprietary', 'https://example.org/specialist-referral/licence')
    .addServer('/', 'This gateway')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: `An RS256 access token from \`POST ${options.tokenUrl}\``,
      },
      'bearer',
    )
    .addOAuth2(
      {
        type: 'oauth2',
        description: 'OAuth 2.0 client credentials: the same tokens, fetched by the client',
        flows: { clientCredentials: { tokenUrl: options.tokenUrl, scopes: {} } },
      },
      'oauth2',
    )
    .addSecurityRequirements('bearer')
    .addSecurityRequirements('oauth2');
  for (const tag of options.tags) builder.addTag(tag.name, tag.description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controller, method) =>
      `${controller.replace(/(Routes)?Controller$/, '').replace(/^./, (c) => c.toLowerCase())}.${method}`,
  });
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations) as Array<Record<string, unknown>>) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      if (operation[PUBLIC_OPERATION_EXTENSION]) {
        operation.security = [];
        delete operation[PUBLIC_OPERATION_EXTENSION];
      }
    }
  }
  return document;
}

/** Swagger UI's page needs scripts and styles from this origin; every other answer keeps `default-src 'none'`. */
const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Serves the document at `/docs/openapi.json` (and `.yaml`) and Swagger UI at `/docs`, without a token. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onSend', async (request, reply, payload) => {
    const path = request.url.split('?')[0];
    if (path === `/${DOCS_PATH}` || path.startsWith(`/${DOCS_PATH}/`)) {
      void reply.header('content-security-policy', DOCS_CSP);
    }
    return payload;
  });
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app, options), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
    customSiteTitle: options.title,
    swaggerOptions: { persistAuthorization: false, displayRequestDuration: true },
  });
}
