import { Module } from '@nestjs/common';
import { RoutesController } from './routes.controller';
import { UpstreamClient } from './upstream-client';

@Module({ controllers: [RoutesController], providers: [UpstreamClient] })
export class ProxyModule {}
