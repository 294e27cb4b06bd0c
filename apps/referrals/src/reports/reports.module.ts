import { Module } from '@nestjs/common';
import { TOPICS } from '@referral/contracts';
import type { ConsumerGroupOptions } from '@referral/platform-kafka';
import { ReferralReportService } from './referral-report.service';
import { ReportsController } from './reports.controller';
import { REPORTS_CONSUMER, ReportEventsConsumer } from './report-events.consumer';
import { ReportProjection } from './report-projection';
import { ReportRepository } from './report.repository';

/** The consumer group of the report projection: the service's own referral events and the directory's. */
export const REPORTS_CONSUMER_GROUP: ConsumerGroupOptions = {
  name: REPORTS_CONSUMER,
  topics: [TOPICS.referral, TOPICS.directoryOrganization, TOPICS.directoryPractitioner],
};

/**
 * The closed-loop report (issue 17): a projection kept from events by a consumer group of its own,
 * `GET /v1/reports/referrals` over it, and the Prometheus figures observed as it goes.
 */
@Module({
  controllers: [ReportsController, ReportEventsConsumer],
  providers: [ReportProjection, ReportRepository, ReferralReportService],
})
export class ReportsModule {}
