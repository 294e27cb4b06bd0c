import type { FastifyInstance, FastifyRequest } from 'fastify';

const QUERY_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const CNIC_SHAPED = /\d{5}-?\d{7}-?\d/g;

/**
 * A request URL as every service logs it: `GET /v1/patients?cnic=` puts a CNIC in the query, so query
 * values are dropped (names kept) and anything CNIC-shaped in the path is masked.
 */
export function loggableUrl(url: string): string {
  const [path, query] = url.split(/\?(.*)/s, 2);
  const maskedPath = path.replace(CNIC_SHAPED, '*');
  if (query === undefined) return maskedPath;
  const names = query
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const name = part.split('=')[0];
      return QUERY_NAME.test(name) ? `${name}=…` : '…';
    });
  return `${maskedPath}?${names.join('&')}`;
}

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
