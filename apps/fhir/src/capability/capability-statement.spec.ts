import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { loadEnv } from '@referral/platform-config';
import type { ServiceDefinition } from '@referral/platform-http';
import { AppModule } from '../app.module';
import { FhirEnv } from '../config';
import { capabilityStatement, SERVED } from './capability-statement';

/** The FHIR interaction a route of a `fhir/R4/<Type>` controller serves, by method and path. */
function interactionOf(method: RequestMethod, path: string): string {
  const instance = path === ':id';
  const key = `${RequestMethod[method]} ${instance ? ':id' : path}`;
  const interactions: Record<string, string> = {
    'GET :id': 'read',
    'GET /': 'search-type',
    'GET :id/_history/:version': 'vread',
    'POST /': 'create',
    'PUT :id': 'update',
    'PATCH :id': 'patch',
    'DELETE :id': 'delete',
  };
  const interaction = interactions[key];
  if (!interaction) throw new Error(`no FHIR interaction for ${key}`);
  return interaction;
}

/** Every `fhir/R4/<Type>` controller's routes of the running app, as `<Type> <interaction>`. */
function routedInteractions(): string[] {
  // Built, not started: nothing connects (the URLs are only parsed).
  const env = loadEnv(FhirEnv, {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    KAFKA_BROKERS: '127.0.0.1:9092',
  });
  const service = { name: 'fhir', env, entities: [], migrations: [] } as unknown as ServiceDefinition;
  const controllers = (AppModule.register(service).controllers ?? []) as Type[];
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    const type = /^fhir\/R4\/([A-Z][A-Za-z]+)$/.exec(base)?.[1];
    if (!type) return []; // metadata and the catch-all
    return Object.getOwnPropertyNames(controller.prototype).flatMap((name) => {
      const handler = controller.prototype[name];
      const path = typeof handler === 'function' ? Reflect.getMetadata(PATH_METADATA, handler) : undefined;
      if (path === undefined || name === 'constructor') return [];
      return [`${type} ${interactionOf(Reflect.getMetadata(METHOD_METADATA, handler), String(path))}`];
    });
  });
}

describe('SERVED (the CapabilityStatement)', () => {
  it('claims exactly the interactions the controllers route, no more, no less', () => {
    const claimed = SERVED.flatMap((served) => served.interactions.map((code) => `${served.type} ${code}`));
    expect([...routedInteractions()].sort()).toEqual([...claimed].sort());
  });

  it('lists each resource type once', () => {
    const types = capabilityStatement('https://api.example.pk/fhir/R4').rest![0].resource!.map((r) => r.type);
    expect(new Set(types).size).toBe(types.length);
  });
});
