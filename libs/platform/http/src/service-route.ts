import {
  applyDecorators,
  Delete,
  Get,
  Head,
  HttpCode,
  Patch,
  Post,
  Put,
  RequestMethod,
  type Type,
} from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ApiResponse } from '@nestjs/swagger';
import type { RouteDeclaration, RouteGroup, RouteMethod, Upstream } from '@referral/contracts';
import { REQUIRED_ROLES, Roles, type Role } from '@referral/platform-auth';

/** Nest's route decorator of each declared method. */
export const ROUTE_METHODS: Record<RouteMethod, (path: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
  HEAD: Head,
};

const DECLARATION = 'platform-http:route-declaration';

/**
 * A service's handler of a public route, decorated from the route's one declaration in
 * `@referral/contracts`: method and full path (the controller has no path of its own), the roles
 * that may call it, the success status and its response type. The handler's parameters stay the
 * handler's own.
 */
export function ServiceRoute(route: RouteDeclaration): MethodDecorator {
  const { status, type, description } = route.answer;
  return applyDecorators(
    ROUTE_METHODS[route.method](route.path),
    ...(route.roles ? [Roles(...route.roles)] : []),
    HttpCode(status),
    ApiResponse({ status, type, description }),
    (_target: object, _key: string | symbol, descriptor: PropertyDescriptor) => {
      Reflect.defineMetadata(DECLARATION, route, descriptor.value as object);
    },
  );
}

/** A handler as Nest will route it: for specs that hold controllers against the declarations. */
export interface RoutedHandler {
  controller: string;
  handler: string;
  method: RequestMethod;
  paths: string[];
  roles: readonly Role[] | undefined;
  declaration: RouteDeclaration | undefined;
}

/** Every routed handler of these controllers, read from Nest's metadata (handler roles over class roles). */
export function routedHandlers(
  controllers: ReadonlyArray<new (...args: never[]) => unknown>,
): RoutedHandler[] {
  return controllers.flatMap((controller) => {
    const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined]
      .flat()
      .map((path) => (path ?? '').replace(/^\/|\/$/g, ''));
    const classRoles = Reflect.getMetadata(REQUIRED_ROLES, controller) as Role[] | undefined;
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype).flatMap((name) => {
      const handler = prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') return [];
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const own = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (method === undefined || own === undefined) return [];
      const paths = base.flatMap((prefix) =>
        [own].flat().map((path) => [prefix, path.replace(/^\/|\/$/g, '')].filter(Boolean).join('/')),
      );
      return [
        {
          controller: controller.name,
          handler: name,
          method,
          paths,
          roles: (Reflect.getMetadata(REQUIRED_ROLES, handler) as Role[] | undefined) ?? classRoles,
          declaration: Reflect.getMetadata(DECLARATION, handler) as RouteDeclaration | undefined,
        },
      ];
    });
  });
}

/** The controllers of these modules (not of the modules they import). */
export const controllersOf = (...modules: Type[]): Type[] =>
  modules.flatMap(
    (module) => (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Type[] | undefined) ?? [],
  );

/**
 * Where a service's handlers and the route declarations of its upstream disagree: a declared route
 * without a handler (or with two), a handler whose method, path or roles are not the declared ones,
 * or a hand-written handler of a declared route. Empty when they agree. A tus endpoint (one handler
 * for every method, as `@tus/server` wants) answers for the piped routes under its path.
 */
export function routeDrift(
  upstream: Upstream,
  handlers: readonly RoutedHandler[],
  groups: readonly RouteGroup[],
): string[] {
  const declared = groups
    .filter((group) => group.upstream === upstream)
    .flatMap((group) => Object.values(group.routes));
  const sameRoles = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
    JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
  const drift: string[] = [];
  for (const route of declared) {
    const name = `${route.method} ${route.path}`;
    const routed = handlers.filter((handler) => handler.declaration === route);
    if (routed.length === 0) {
      const tus = handlers.find(
        (handler) =>
          route.piped && handler.method === RequestMethod.ALL && handler.paths.includes(route.path),
      );
      if (!tus) drift.push(`${name}: no handler`);
      else if (!sameRoles(tus.roles, route.roles))
        drift.push(`${name}: ${tus.controller}.${tus.handler} has other roles`);
      continue;
    }
    if (routed.length > 1) drift.push(`${name}: ${routed.length} handlers`);
    for (const handler of routed) {
      const where = `${name}: ${handler.controller}.${handler.handler}`;
      if (handler.method !== RequestMethod[route.method]) drift.push(`${where} has another method`);
      if (handler.paths.join() !== route.path) drift.push(`${where} is at ${handler.paths.join(', ')}`);
      if (!sameRoles(handler.roles, route.roles)) drift.push(`${where} has other roles`);
    }
  }
  for (const handler of handlers.filter(({ declaration }) => !declaration)) {
    for (const route of declared) {
      if (handler.method === RequestMethod[route.method] && handler.paths.includes(route.path)) {
        drift.push(
          `${route.method} ${route.path}: ${handler.controller}.${handler.handler} is not its @ServiceRoute`,
        );
      }
    }
  }
  return drift;
}
