import 'reflect-metadata';
import { All, Controller, HttpCode, Post, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { routeGroup, type RouteDeclaration, type RouteGroup } from '@referral/contracts';
import { Roles } from '@referral/platform-auth';
import { routeDrift, routedHandlers, ServiceRoute } from './service-route';

class Thing {}

const THINGS = routeGroup({
  name: 'things',
  tag: 'things',
  upstream: 'directory',
  routes: {
    read: {
      method: 'GET',
      path: 'v1/things/:id',
      roles: ['admin', 'coordinator'],
      answer: { status: 200, type: Thing },
      problems: [404],
      summary: 'Read a thing',
      description: 'Role `admin`.',
    },
    create: {
      method: 'POST',
      path: 'v1/things',
      answer: { status: 201, type: Thing },
      idempotency: 'optional',
      problems: [422],
      summary: 'Make a thing',
      description: 'Anyone.',
    },
    upload: {
      method: 'PATCH',
      path: 'v1/uploads/:uploadId',
      roles: ['clinician'],
      piped: true,
      answer: { status: 204 },
      problems: [404],
      summary: 'Send bytes',
      description: 'tus.',
    },
  },
} satisfies RouteGroup<Record<string, RouteDeclaration>>);
const { read, create } = THINGS.routes;

@Controller()
class AgreeingController {
  @ServiceRoute(read)
  read() {}

  @ServiceRoute(create)
  create() {}
}

@Controller('v1/uploads')
class TusController {
  @All(['', ':uploadId'])
  @Roles('clinician')
  handle() {}
}

describe('ServiceRoute', () => {
  it('routes the handler at the declared method, full path, roles and success status', () => {
    const [handler] = routedHandlers([AgreeingController]);
    expect(handler).toEqual({
      controller: 'AgreeingController',
      handler: 'read',
      method: RequestMethod.GET,
      paths: ['v1/things/:id'],
      roles: ['admin', 'coordinator'],
      declaration: read,
    });
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, AgreeingController.prototype.create)).toBe(201);
  });

  it('finds no drift where every declared route has its handler, a tus endpoint answering for the piped one', () => {
    const handlers = routedHandlers([AgreeingController, TusController]);
    expect(routeDrift('directory', handlers, [THINGS])).toEqual([]);
    expect(routeDrift('referrals', handlers, [THINGS])).toEqual([]);
  });

  it('names a declared route without a handler, and a hand-written handler of a declared route', () => {
    @Controller('v1/things')
    class HandWritten {
      @Post()
      @HttpCode(201)
      create() {}
    }
    const handlers = routedHandlers([HandWritten, TusController]);
    expect(routeDrift('directory', handlers, [THINGS])).toEqual([
      'GET v1/things/:id: no handler',
      'POST v1/things: no handler',
      'POST v1/things: HandWritten.create is not its @ServiceRoute',
    ]);
  });

  it('names a handler whose roles were changed beside the declaration', () => {
    @Controller()
    class Widened {
      @Roles('admin', 'coordinator', 'specialist')
      @ServiceRoute(read)
      read() {}

      @ServiceRoute(create)
      create() {}
    }
    expect(routeDrift('directory', routedHandlers([Widened, TusController]), [THINGS])).toEqual([
      'GET v1/things/:id: Widened.read has other roles',
    ]);
  });
});
