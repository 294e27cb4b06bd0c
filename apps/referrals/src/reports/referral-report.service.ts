import { Injectable } from '@nestjs/common';
import { reportInstant, type ReferralReport, type ReferralReportQuery } from '@referral/contracts';
import type { Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { computeFigures } from './report-figures';
import { ReportRepository } from './report.repository';

/** `GET /v1/reports/referrals`: the figures of the report projection for a period and filters. */
@Injectable()
export class ReferralReportService {
  constructor(
    private readonly repository: ReportRepository,
    private readonly clock: Clock,
  ) {}

  /** An admin's report covers every referral; a coordinator's those their organization coordinates. */
  async report(caller: Caller, query: ReferralReportQuery): Promise<ReferralReport> {
    // The query was validated (ReferralReportQuery): both are instants, `to` after `from`.
    const from = reportInstant(query.from)!;
    const to = reportInstant(query.to)!;
    const everything = caller.roles.includes('admin');
    const referrals = await this.repository.referrals({
      from,
      to,
      specialty: query.specialty,
      district: query.district,
      coordinatedBy: everything ? undefined : caller.organizationId,
    });
    const destinations = await this.repository.destinations([
      ...new Set(referrals.map((r) => r.specialtyCode)),
    ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      specialty: query.specialty ?? null,
      district: query.district ?? null,
      scope: everything ? 'all' : 'coordinated',
      ...computeFigures(referrals, (specialty) => destinations.get(specialty) ?? []),
      generatedAt: this.clock.now().toISOString(),
    };
  }
}
