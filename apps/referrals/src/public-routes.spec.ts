import { PUBLIC_ROUTE_GROUPS } from '@referral/contracts';
import { controllersOf, routeDrift, routedHandlers } from '@referral/platform-http';
import { ReferralsModule } from './referrals/referrals.module';
import { ReportsModule } from './reports/reports.module';

describe('the referrals service public routes', () => {
  it('are served as @referral/contracts declares them: method, path and roles', () => {
    const handlers = routedHandlers(controllersOf(ReferralsModule, ReportsModule));
    expect(routeDrift('referrals', handlers, PUBLIC_ROUTE_GROUPS)).toEqual([]);
  });
});
