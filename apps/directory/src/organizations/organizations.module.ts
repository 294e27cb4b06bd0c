import { Module } from '@nestjs/common';

/** Specialties (seeded) and organizations: clinics, hospitals, partners. */
@Module({})
export class OrganizationsModule {}
