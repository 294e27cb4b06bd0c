import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { Eligibility } from './eligibility';
import { SpecialistProjection } from './specialist-projection';
import { SpecialistRepository } from './specialist.repository';

/**
 * The projection of the directory's practitioners and roles (kept from `directory.practitioner.v1`)
 * and eligibility over it (the shared rule of libs/contracts), which routing, claims and coordinators'
 * rights read.
 */
@Module({
  controllers: [DirectoryEventsConsumer],
  providers: [SpecialistProjection, SpecialistRepository, Eligibility],
  exports: [Eligibility],
})
export class SpecialistsModule {}
