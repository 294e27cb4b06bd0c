import type { ProblemCode } from '../../problems';
import type { Role } from '../roles';

/** A request or response class of the public API (the DTO classes of this library). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ApiType = Function;

/** The service that owns a public route; the gateway forwards the request there. */
export type Upstream = 'referrals' | 'directory' | 'case-files' | 'notifications';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/**
 * A problem+json answer a route can give besides its success: a status alone (the usual meaning of
 * that status), a status with what it means on this route, or a registered problem code (`PROBLEMS`:
 * its status, and the documentation names its type).
 */
export type RouteProblem = number | { status: number; description: string } | ProblemCode;

/** 422 of a POST whose only input is its Idempotency-Key: a key used for another request. */
export const KEY_REUSED: RouteProblem = {
  status: 422,
  description: 'This Idempotency-Key was used for another request',
};

/** `Idempotency-Key` on a POST: required on the creating POSTs, optional on the workflow actions. */
export type Idempotency = 'required' | 'optional' | 'none';

/** A header of an answer, as OpenAPI documents it. */
export interface ResponseHeader {
  description: string;
  schema: { type: string };
}

/** An answer of a route: its status, and its body type or its media. */
export interface RouteResponse {
  status: number;
  type?: ApiType;
  description?: string;
  headers?: Record<string, ResponseHeader>;
  content?: Record<string, { schema: Record<string, unknown> }>;
}

/** A request header the route reads (besides `Authorization` and `Idempotency-Key`). */
export interface RequestHeader {
  name: string;
  required: boolean;
  description: string;
}

/**
 * One public route, declared once: the gateway builds its forwarding handler and the OpenAPI
 * operation from it, the owning service its route decorators (method, path, roles, status). Path
 * parameters (`:id`, `:roleId`, …) are UUIDs.
 */
export interface RouteDeclaration {
  method: RouteMethod;
  /** The full path in Nest syntax, e.g. `v1/referrals/:id/claim`. */
  path: string;
  /** Who may call it (any of them); none: every authenticated caller but one holding only service roles. */
  roles?: readonly [Role, ...Role[]];
  body?: ApiType;
  query?: ApiType;
  /** The success answer. */
  answer: RouteResponse;
  /** Other non-problem answers (a partial download, not modified). */
  otherAnswers?: readonly RouteResponse[];
  /** None when not given. */
  idempotency?: Idempotency;
  problems: readonly RouteProblem[];
  summary: string;
  description: string;
  /** When not the group's tag. */
  tag?: string;
  headers?: readonly RequestHeader[];
  /** A body that is not JSON: its media type and the class documenting its form. */
  form?: { consumes: string; type: ApiType };
  produces?: readonly string[];
  /**
   * Streamed both ways and not through the idempotency store: downloads, and tus uploads (which
   * resume instead). The gateway pipes them; the caller's token is still checked.
   */
  piped?: true;
}

/**
 * Routes the gateway documents under one tag and one operation-id prefix (`referrals.claim`): one
 * forwarding controller each. The route's key is its operation's name.
 */
export interface RouteGroup<
  Routes extends Record<string, RouteDeclaration> = Record<string, RouteDeclaration>,
> {
  /** The operation-id prefix, e.g. `referrals`, `caseFiles`. */
  name: string;
  tag: string;
  /** The service that owns these routes: the gateway forwards their requests there. */
  upstream: Upstream;
  routes: Routes;
}

/** Keeps each route's key and type while checking it is a declaration. */
export const routeGroup = <Routes extends Record<string, RouteDeclaration>>(
  group: RouteGroup<Routes>,
): RouteGroup<Routes> => group;
