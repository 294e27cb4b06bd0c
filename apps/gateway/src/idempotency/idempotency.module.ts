import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { IdempotencyRepository } from './idempotency.repository';
import { IdempotencyService, idempotencyKeyringProvider } from './idempotency.service';

@Module({
  imports: [TypeOrmModule.forFeature([IdempotencyRecordEntity])],
  providers: [IdempotencyRepository, IdempotencyService, idempotencyKeyringProvider],
  exports: [IdempotencyService],
})
export class IdempotencyModule {}
