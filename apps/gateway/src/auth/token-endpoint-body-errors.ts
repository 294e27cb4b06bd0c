import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { oauthErrorOf, type OAuthErrorBody } from './oauth-error';
import { TOKEN_PATH } from './token.controller';

/**
 * What the body parser refuses before the token controller runs: malformed or too deeply nested JSON,
 * a body too large, another type; and (422) an array too long or a NUL character, which RFC 6749
 * answers with 400 like any other invalid_request.
 */
const BODY_ERRORS = new Set([400, 413, 415, 422]);

/**
 * Body errors are answered by Fastify and the global problem+json filter, before the token
 * controller (and its OAuth filter) run; this turns them into the OAuth shape the token endpoint
 * promises (API.md). Every other endpoint keeps problem+json.
 */
@Injectable()
export class TokenEndpointBodyErrors implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (request.routeOptions.url !== TOKEN_PATH || !BODY_ERRORS.has(reply.statusCode)) return payload;
      if (!String(reply.getHeader('content-type') ?? '').startsWith('application/problem+json'))
        return payload;
      let detail = 'The request body could not be read.';
      try {
        const problem = JSON.parse(String(payload)) as { detail?: unknown };
        if (typeof problem.detail === 'string' && problem.detail) detail = problem.detail;
      } catch {
        // keep the generic description
      }
      if (reply.statusCode === 422) void reply.status(400);
      const error = oauthErrorOf(reply.statusCode, detail);
      const body: OAuthErrorBody = { error: error.code, error_description: error.description };
      void reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache');
      return JSON.stringify(body);
    });
  }
}
