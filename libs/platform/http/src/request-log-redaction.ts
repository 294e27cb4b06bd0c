import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { loggableUrl } from '@referral/platform-observability';

export { loggableUrl };

/** Fastify's own request serializer, with the URL made loggable. */
function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    version: request.headers?.['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * One log line per request: Fastify writes "incoming request" and "request completed" at info, two
 * lines (two serializations, two writes) per request. Here the completion line carries what both said
 * (`req` with the method and the redacted URL, `route`, `res.statusCode`, `responseTime` in ms; `reqId`,
 * `requestId` and `traceId` come from the request's logger), and "incoming request" is written at debug
 * only, for whoever turns the level down to see requests that never complete.
 */
export class OneLineRequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    const entry = {
      req: request,
      route: request.routeOptions.url ?? 'unmatched',
      res: reply,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...entry, err: error }, 'request errored');
    else reply.log.info(entry, 'request completed');
  }
}

/**
 * Installs the URL redaction in every request's logger of the app (the 404 handler's too), so an
 * "incoming request" line never carries a query value (`GET /v1/patients?cnic=` is the case in
 * point) or a CNIC-shaped path segment. Call before routes are registered.
 */
export function redactRequestUrlsInLogs(instance: FastifyInstance): void {
  const parent = instance.childLoggerFactory;
  instance.setChildLoggerFactory(function (logger, bindings, options, rawRequest) {
    return parent.call(
      this,
      logger,
      bindings,
      { ...options, serializers: { ...options.serializers, req: serializeRequest } },
      rawRequest,
    );
  });
}
