import { ReferralReport, ReferralReportQuery } from '../reports';
import { routeGroup } from './route-declaration';

/** The programme's closed-loop figures, served by the referrals service from its reporting projection. */
export const REPORT_ROUTES = routeGroup({
  name: 'reports',
  tag: 'reports',
  upstream: 'referrals',
  routes: {
    referrals: {
      method: 'GET',
      path: 'v1/reports/referrals',
      roles: ['coordinator', 'admin'],
      query: ReferralReportQuery,
      answer: { status: 200, type: ReferralReport },
      problems: [422],
      summary: 'Closed-loop figures of the referrals submitted in a period',
      description:
        'Roles `coordinator` (the referrals their organization coordinates, as `GET /v1/referrals` lists them) and `admin` (all). ' +
        'For the referrals submitted in [`from`, `to`) — optionally of one `specialty` (the current one, after any redirect) and from referring organizations of one `district` —: ' +
        'time to claim and to first answer (p50, p90, nearest rank), the share first answered within the answer deadline, the clarification rate, the outcome mix, and trips avoided ' +
        'with the travel saved estimated as the straight-line distance to the nearest organization with an active role in the specialty (the referrals README: method and limits). ' +
        'Built from events: a change shows once the report projection has consumed it.',
    },
  },
});
