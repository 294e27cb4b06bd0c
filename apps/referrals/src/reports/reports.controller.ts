import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { REPORT_ROUTES, ReferralReport, ReferralReportQuery } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ServiceRoute } from '@referral/platform-http';
import { ReferralReportService } from './referral-report.service';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReferralReportService) {}

  @ServiceRoute(REPORT_ROUTES.routes.referrals)
  async referrals(@CurrentCaller() caller: Caller, @Query() query: ReferralReportQuery): Promise<ReferralReport> {
    return this.reports.report(caller, query);
  }
}
