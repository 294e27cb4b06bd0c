import 'reflect-metadata';
import { ParseUUIDPipe, RequestMethod } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { routeGroup } from '@referral/contracts';
import { REQUIRED_ROLES, ROLES, type Caller } from '@referral/platform-auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import type { Forwarder } from './forwarder';
import { forwardingController } from './forwarding-controller';

class RenameRequest {}
class Thing {}

const THINGS = routeGroup({
  name: 'thingStore',
  tag: 'things',
  upstream: 'directory',
  routes: {
    rename: {
      method: 'POST',
      path: 'v1/things/:id/parts/:partId/rename',
      roles: ['admin'],
      body: RenameRequest,
      answer: { status: 200, type: Thing },
      idempotency: 'optional',
      problems: [404],
      summary: 'Rename a part',
      description: 'Role `admin`.',
    },
    contact: {
      method: 'GET',
      path: 'v1/things/:id',
      roles: ['admin', 'contact-reader'],
      answer: { status: 200, type: Thing },
      problems: [404],
      summary: 'Read a thing',
      description: 'Also the notifications service.',
    },
    download: {
      method: 'GET',
      path: 'v1/things/:id/bytes',
      piped: true,
      answer: { status: 200, description: 'The bytes' },
      problems: [404],
      summary: 'Download',
      description: 'Streamed.',
    },
  },
});

describe('forwardingController', () => {
  const Built = forwardingController(THINGS);
  const { prototype } = Built as { prototype: Record<string, (...args: unknown[]) => unknown> };

  it('is a rate-limited controller named for its operation ids (`thingStore.rename`)', () => {
    expect(Built.name).toBe('ThingStoreRoutesController');
    expect(Reflect.getMetadata(GUARDS_METADATA, Built)).toEqual([RateLimitGuard]);
    expect(Object.getOwnPropertyNames(prototype)).toEqual(['constructor', 'rename', 'contact', 'download']);
  });

  it('routes each handler at the declared method and full path with its success status', () => {
    expect(Reflect.getMetadata(METHOD_METADATA, prototype.rename)).toBe(RequestMethod.POST);
    expect(Reflect.getMetadata(PATH_METADATA, prototype.rename)).toBe('v1/things/:id/parts/:partId/rename');
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, prototype.rename)).toBe(200);
  });

  it('declares (caller, UUID path parameters, body, request, reply) so that validation sees the body class', () => {
    expect(Reflect.getMetadata('design:paramtypes', prototype, 'rename')).toEqual([
      Object,
      String,
      String,
      RenameRequest,
      Object,
      Object,
    ]);
    const args = Object.values(
      Reflect.getMetadata(ROUTE_ARGS_METADATA, Built, 'rename') as Record<
        string,
        { index: number; data?: string; pipes: unknown[] }
      >,
    ).sort((a, b) => a.index - b.index);
    expect(args.map(({ data }) => data)).toEqual([
      undefined,
      'id',
      'partId',
      undefined,
      undefined,
      undefined,
    ]);
    expect(args[1].pipes[0]).toBeInstanceOf(ParseUUIDPipe);
    expect(args[2].pipes[0]).toBeInstanceOf(ParseUUIDPipe);
  });

  it('leaves roles to the service, but lets a service role through where the route names one', () => {
    expect(Reflect.getMetadata(REQUIRED_ROLES, prototype.rename)).toBeUndefined();
    expect(Reflect.getMetadata(REQUIRED_ROLES, prototype.contact)).toEqual([...ROLES]);
  });

  it('forwards to the owning service, or pipes a streamed route', async () => {
    const forwarder = { forward: jest.fn(async () => undefined), pipe: jest.fn(async () => undefined) };
    const controller = new Built(forwarder as unknown as Forwarder) as typeof prototype;
    const caller = { clientId: 'c' } as Caller;
    const request = {} as FastifyRequest;
    const reply = {} as FastifyReply;
    await controller.rename(caller, 'id', 'part', {}, request, reply);
    expect(forwarder.forward).toHaveBeenCalledWith('directory', caller, request, reply);
    await controller.download(caller, 'id', request, reply);
    expect(forwarder.pipe).toHaveBeenCalledWith('directory', request, reply);
  });
});
