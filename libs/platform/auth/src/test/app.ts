import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { PlatformAuthOptions } from '../auth-options';
import type { Caller } from '../caller';
import { CurrentCaller } from '../current-caller.decorator';
import { PlatformAuthModule } from '../platform-auth.module';
import { Public } from '../public.decorator';
import { Roles } from '../roles.decorator';
import { SIGNING_KEY_RESOLVER, type SigningKeyResolver } from '../signing-key-resolver';

@Controller()
class ProbeController {
  @Get('me')
  me(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Public()
  @Get('health/live')
  live() {
    return { status: 'up' };
  }

  @Public()
  @Get('public-but-asks-for-caller')
  confused(@CurrentCaller() caller: Caller) {
    return caller;
  }

  @Roles('admin')
  @Get('admin-only')
  adminOnly() {
    return { ok: true };
  }

  @Roles('coordinator', 'specialist')
  @Get('triage')
  triage() {
    return { ok: true };
  }

  @Roles('admin', 'contact-reader')
  @Get('contacts')
  contacts() {
    return { ok: true };
  }
}

@Roles('admin')
@Controller('settings')
class SettingsController {
  @Get()
  list() {
    return { ok: true };
  }

  @Roles('partner')
  @Get('webhooks')
  webhooks() {
    return { ok: true };
  }
}

@Public()
@Controller('docs')
class DocsController {
  @Get()
  docs() {
    return { ok: true };
  }
}

export interface ProbeResponse {
  status: number;
  body: Record<string, unknown>;
}

/** A Fastify app with the auth module and a few routes, listening on loopback. */
export async function probeApp(
  resolver: SigningKeyResolver,
  options: Partial<PlatformAuthOptions> = {},
): Promise<{
  app: NestFastifyApplication;
  get: (url: string, headers?: Record<string, string>) => Promise<ProbeResponse>;
}> {
  @Module({
    imports: [
      PlatformAuthModule.forRoot({
        issuer: 'urn:specialist-referral:gateway',
        audience: 'specialist-referral-api',
        jwksUrl: 'http://127.0.0.1:9/unused',
        trustedIssuers: [],
        clockToleranceSeconds: 30,
        resolver: { provide: SIGNING_KEY_RESOLVER, useValue: resolver },
        ...options,
      }),
    ],
    controllers: [ProbeController, SettingsController, DocsController],
  })
  class ProbeModule {}

  const app = await NestFactory.create<NestFastifyApplication>(ProbeModule, new FastifyAdapter(), {
    logger: false,
  });
  // Fastify's inject needs `cookie`, an ES module Jest cannot load here; loopback HTTP works as well.
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base.replace('[::1]', '127.0.0.1')}${url}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { app, get };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
