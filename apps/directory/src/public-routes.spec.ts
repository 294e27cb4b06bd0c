import { PUBLIC_ROUTE_GROUPS } from '@referral/contracts';
import { controllersOf, routeDrift, routedHandlers } from '@referral/platform-http';
import { OrganizationsModule } from './organizations/organizations.module';
import { PractitionersModule } from './practitioners/practitioners.module';

describe('the directory service public routes', () => {
  it('are served as @referral/contracts declares them: method, path and roles', () => {
    const handlers = routedHandlers(controllersOf(OrganizationsModule, PractitionersModule));
    expect(routeDrift('directory', handlers, PUBLIC_ROUTE_GROUPS)).toEqual([]);
  });
});
