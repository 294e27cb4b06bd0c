import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiClientEntity } from './api-client.entity';
import { ApiClientRepository } from './api-client.repository';
import { ApiClientsController } from './api-clients.controller';
import { ApiClientsService } from './api-clients.service';
import { BootstrapAdmin } from './bootstrap-admin';

@Module({
  imports: [TypeOrmModule.forFeature([ApiClientEntity])],
  controllers: [ApiClientsController],
  providers: [ApiClientRepository, ApiClientsService, BootstrapAdmin],
  exports: [ApiClientRepository],
})
export class ApiClientsModule {}
