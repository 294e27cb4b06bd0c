import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CreateOrganizationCommand } from './create-organization.command';
import { OrganizationEntity } from './organization.entity';
import { OrganizationRepository } from './organization.repository';
import { OrganizationsController } from './organizations.controller';
import { SpecialtiesController } from './specialties.controller';
import { SpecialtyEntity } from './specialty.entity';
import { SpecialtyRepository } from './specialty.repository';
import { UpdateOrganizationCommand } from './update-organization.command';

/** Specialties (seeded) and organizations: clinics, hospitals, partners. */
@Module({
  imports: [TypeOrmModule.forFeature([SpecialtyEntity, OrganizationEntity])],
  controllers: [SpecialtiesController, OrganizationsController],
  providers: [
    SpecialtyRepository,
    OrganizationRepository,
    CreateOrganizationCommand,
    UpdateOrganizationCommand,
  ],
  exports: [SpecialtyRepository, OrganizationRepository],
})
export class OrganizationsModule {}
