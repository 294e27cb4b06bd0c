import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AddPractitionerRoleCommand } from './add-practitioner-role.command';
import { practitionerEntities } from './entities';
import { PractitionerSearch } from './practitioner-search.service';
import { PractitionerSnapshots } from './practitioner-snapshots';
import { PractitionerRepository } from './practitioner.repository';
import { PractitionersController } from './practitioners.controller';
import { RegisterPractitionerCommand } from './register-practitioner.command';
import { UpdatePractitionerRoleCommand } from './update-practitioner-role.command';
import { UpdatePractitionerCommand } from './update-practitioner.command';

/** Practitioners (PMDC licence), their roles (specialty, capacity, availability) and search. */
@Module({
  imports: [TypeOrmModule.forFeature(practitionerEntities)],
  controllers: [PractitionersController],
  providers: [
    PractitionerRepository,
    PractitionerSearch,
    PractitionerSnapshots,
    RegisterPractitionerCommand,
    UpdatePractitionerCommand,
    AddPractitionerRoleCommand,
    UpdatePractitionerRoleCommand,
  ],
})
export class PractitionersModule {}
