import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { DirectoryOrganizations } from './directory-organizations';
import { OrganizationProjection } from './organization-projection';
import { PractitionerProjection } from './practitioner-projection';

/**
 * The projection of the directory's practitioners and roles (from `directory.practitioner.v1`) and of
 * its organizations (from `directory.organization.v1`, and from the directory's API for those the
 * topic no longer holds).
 */
@Module({
  controllers: [DirectoryEventsConsumer],
  providers: [PractitionerProjection, OrganizationProjection, DirectoryOrganizations],
  exports: [PractitionerProjection, OrganizationProjection, DirectoryOrganizations],
})
export class DirectoryModule {}
