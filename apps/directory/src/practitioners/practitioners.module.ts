import { Module } from '@nestjs/common';

/** Practitioners (PMDC licence), their roles (specialty, capacity, availability) and search. */
@Module({})
export class PractitionersModule {}
