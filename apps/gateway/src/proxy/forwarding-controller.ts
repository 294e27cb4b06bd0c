import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Query,
  Req,
  Res,
  UseGuards,
  type Type,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeclaration, RouteGroup, Upstream } from '@referral/contracts';
import { CurrentCaller, ROLES, Roles, SERVICE_ROLES, type Caller } from '@referral/platform-auth';
import { ApiProblems, ROUTE_METHODS } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/** What the gateway itself may answer on every forwarded route: no token, a role, rate limit, no upstream. */
const GATEWAY_PROBLEMS = [401, 403, 429, 503] as const;

/**
 * The gateway's controller of one group of public routes, built from their declarations: each
 * handler checks the path parameters (UUIDs), body and query against the shared API types, then
 * forwards (POSTs through the idempotency store) or pipes the request to the owning service, which
 * decides who may. Its operations are documented from the same declarations.
 */
export function forwardingController(group: RouteGroup): Type {
  class ForwardingController {
    constructor(readonly forwarder: Forwarder) {}
  }
  const name = `${group.name.replace(/^./, (c) => c.toUpperCase())}RoutesController`;
  Object.defineProperty(ForwardingController, 'name', { value: name });
  Reflect.defineMetadata('design:paramtypes', [Forwarder], ForwardingController);
  for (const [operation, route] of Object.entries(group.routes)) {
    defineHandler(ForwardingController, group.upstream, operation, route);
  }
  // In the order TypeScript applies stacked class decorators: the bottom one first.
  for (const decorate of [
    Controller(),
    UseGuards(RateLimitGuard),
    ApiProblems(...GATEWAY_PROBLEMS),
    ApiTags(group.tag),
  ] as ClassDecorator[]) {
    decorate(ForwardingController);
  }
  return ForwardingController;
}

type Forwarding = { forwarder: Forwarder };

function defineHandler(
  controller: Type,
  upstream: Upstream,
  operation: string,
  route: RouteDeclaration,
): void {
  const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map(([, parameter]) => parameter);
  const input = route.body ? Body() : route.query ? Query() : undefined;
  const inputType = route.body ?? route.query;
  // (caller, ...path parameters, body or query, request, reply), as a hand-written handler would take
  // them, each with its decorator and its design type (what ValidationPipe and swagger read).
  const parameters: Array<[ParameterDecorator, unknown]> = [
    [CurrentCaller(), Object],
    ...pathParameters.map((parameter): [ParameterDecorator, unknown] => [
      Param(parameter, new ParseUUIDPipe()),
      String,
    ]),
    ...(input ? [[input, inputType] as [ParameterDecorator, unknown]] : []),
    [Req(), Object],
    [Res(), Object],
  ];
  const handler = function (this: Forwarding, ...args: unknown[]) {
    const [caller, request, reply] = [
      args[0] as Caller,
      args[args.length - 2] as FastifyRequest,
      args[args.length - 1] as FastifyReply,
    ];
    return route.piped
      ? this.forwarder.pipe(upstream, request, reply)
      : this.forwarder.forward(upstream, caller, request, reply);
  };
  Object.defineProperty(handler, 'name', { value: operation });
  Object.defineProperty(controller.prototype, operation, {
    value: handler,
    writable: true,
    configurable: true,
  });
  const prototype = controller.prototype as object;
  Reflect.defineMetadata(
    'design:paramtypes',
    parameters.map(([, type]) => type),
    prototype,
    operation,
  );
  // Parameter decorators apply last parameter first, as TypeScript does: swagger reads them in that order.
  for (let index = parameters.length - 1; index >= 0; index--) {
    parameters[index][0](prototype, operation, index);
  }
  const descriptor = Object.getOwnPropertyDescriptor(prototype, operation)!;
  // Listed top to bottom as they would be written above a handler, applied bottom first.
  applyDecorators(...operationDecorators(route).reverse())(prototype, operation, descriptor);
}

function operationDecorators(route: RouteDeclaration): MethodDecorator[] {
  const answers = [route.answer, ...(route.otherAnswers ?? [])];
  return [
    ROUTE_METHODS[route.method](route.path),
    ...(route.tag ? [ApiTags(route.tag)] : []),
    ...(route.piped ? [] : [HttpCode(route.answer.status)]),
    // Role checks are the service's, but a caller holding only a service role reaches no route
    // that does not name it (RolesGuard): the gateway lets such a caller through where the route does.
    ...(route.roles?.some((role) => SERVICE_ROLES.includes(role)) ? [Roles(...ROLES)] : []),
    ApiOperation({ summary: route.summary, description: route.description }),
    ...(route.form ? [ApiConsumes(route.form.consumes), ApiBody({ type: route.form.type })] : []),
    ...(route.idempotency === undefined || route.idempotency === 'none'
      ? []
      : [ApiIdempotencyKey({ required: route.idempotency === 'required' })]),
    ...(route.headers ?? []).map((header) => ApiHeader({ ...header })),
    ...(route.produces ? [ApiProduces(...route.produces)] : []),
    ...answers.map(({ status, ...answer }) => ApiResponse({ ...answer, status })),
    ApiProblems(...route.problems),
  ];
}
