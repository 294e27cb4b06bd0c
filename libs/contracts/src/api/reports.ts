import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateBy, type ValidationArguments } from 'class-validator';
import { SPECIALTY_CODES } from '../specialties';

/** The longest period one report covers. */
export const REPORT_MAX_DAYS = 366;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A report's `from` or `to` as an instant: an RFC 3339 date-time with `Z` or an offset, or a date
 * (`YYYY-MM-DD`) meaning its midnight in Pakistan (Asia/Karachi, UTC+05:00 all year). Null when it is
 * neither, or names a day that does not exist.
 */
export function reportInstant(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = DATE.exec(value);
  if (date) {
    const [, year, month, day] = date.map(Number);
    const utc = new Date(Date.UTC(year, month - 1, day));
    if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day)
      return null;
    return new Date(utc.getTime() - 5 * 3600_000);
  }
  if (!DATE_TIME.test(value)) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  // Date.parse rolls 2026-02-30 over to March: the day written must be the day parsed (at that offset).
  const offsetMinutes = value.endsWith('Z')
    ? 0
    : (value.at(-6) === '-' ? -1 : 1) * (Number(value.slice(-5, -3)) * 60 + Number(value.slice(-2)));
  const local = new Date(time + offsetMinutes * 60_000).toISOString().slice(0, 10);
  return local === value.slice(0, 10) ? new Date(time) : null;
}

function IsReportInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isReportInstant',
    validator: {
      validate: (value: unknown) => reportInstant(value) !== null,
      defaultMessage: () =>
        '$property must be a date (YYYY-MM-DD, midnight in Pakistan) or an RFC 3339 date-time with Z or an offset',
    },
  });
}

/** `to` after `from`, at most REPORT_MAX_DAYS later. */
function IsPeriodEnd(): PropertyDecorator {
  return ValidateBy({
    name: 'isPeriodEnd',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const from = reportInstant((args?.object as Record<string, unknown>).from);
        const to = reportInstant(value);
        if (!from || !to) return true; // the format is the other validators' to report
        const length = to.getTime() - from.getTime();
        return length > 0 && length <= REPORT_MAX_DAYS * 86_400_000;
      },
      defaultMessage: () => `$property must be after from, at most ${REPORT_MAX_DAYS} days later`,
    },
  });
}

/** `GET /v1/reports/referrals`: the period (by submission time) and the filters. */
export class ReferralReportQuery {
  @ApiProperty({
    example: '2026-01-01',
    description:
      'Start of the period, included: referrals submitted at or after it. A date (midnight in Pakistan, UTC+05:00) or an RFC 3339 date-time',
  })
  @IsReportInstant()
  from: string;

  @ApiProperty({
    example: '2026-04-01',
    description: `End of the period, excluded: referrals submitted before it; after \`from\`, at most ${REPORT_MAX_DAYS} days later`,
  })
  @IsReportInstant()
  @IsPeriodEnd()
  to: string;

  @ApiPropertyOptional({ enum: SPECIALTY_CODES, example: 'dermatology' })
  @IsOptional()
  @IsIn(SPECIALTY_CODES)
  specialty?: string;

  @ApiPropertyOptional({
    example: 'Chakwal',
    minLength: 1,
    maxLength: 100,
    description: "The referring organization's district as the directory has it (case-insensitive)",
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 100)
  district?: string;
}

/** Percentiles of a duration, nearest rank (an observed value); null when nothing was observed. */
export class DurationFigures {
  @ApiProperty({ example: 12, description: 'Referrals measured' }) count: number;
  @ApiProperty({ type: 'number', nullable: true, example: 5400, description: 'Median, seconds' })
  p50Seconds: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 20160, description: '90th percentile, seconds' })
  p90Seconds: number | null;
}

export class DeadlineFigures {
  @ApiProperty({ example: 12, description: 'Referrals answered' }) answered: number;
  @ApiProperty({ example: 10, description: 'Of those, first answered within the answer deadline' })
  withinDeadline: number;
  @ApiProperty({ type: 'number', nullable: true, example: 0.8333, description: 'withinDeadline / answered' })
  share: number | null;
}

export class ClarificationFigures {
  @ApiProperty({ example: 14, description: 'Referrals claimed at least once' }) claimed: number;
  @ApiProperty({ example: 3, description: 'Of those, with at least one clarification request' })
  withClarification: number;
  @ApiProperty({
    type: 'number',
    nullable: true,
    example: 0.2143,
    description: 'withClarification / claimed',
  })
  rate: number | null;
}

export class OutcomeFigures {
  @ApiProperty({ example: 8, description: 'Last advice: manage locally (and not converted)' })
  managedLocally: number;
  @ApiProperty({
    example: 3,
    description: 'Converted, or last advice: in-person referral or urgent transfer',
  })
  inPerson: number;
  @ApiProperty({ example: 1 }) declined: number;
  @ApiProperty({ example: 1, description: 'Cancelled by the referrer before any advice' }) cancelled: number;
  @ApiProperty({ example: 2, description: 'None of these yet' }) open: number;
}

export class TripFigures {
  @ApiProperty({ example: 8, description: 'Referrals managed locally: one trip avoided each' })
  tripsAvoided: number;
  @ApiProperty({ example: 6, description: 'Of those, whose distance could be estimated' }) estimated: number;
  @ApiProperty({
    example: 2,
    description:
      'Of those, not estimable: the referring organization has no coordinates, or no active organization with coordinates has an active role in the specialty',
  })
  notEstimable: number;
  @ApiProperty({
    example: 512.4,
    description:
      'Sum over the estimated referrals of the great-circle distance from the referring organization to the nearest organization with an active role in the specialty, km (one decimal): one way, straight line',
  })
  kilometresSaved: number;
}

/** `GET /v1/reports/referrals`: the closed-loop figures of the referrals submitted in a period. */
export class ReferralReport {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ type: 'string', nullable: true }) specialty: string | null;
  @ApiProperty({ type: 'string', nullable: true }) district: string | null;
  @ApiProperty({
    enum: ['all', 'coordinated'],
    description:
      "`all` (admin) or `coordinated`: the referrals the caller's organization coordinates, as `GET /v1/referrals` lists them to a coordinator",
  })
  scope: 'all' | 'coordinated';
  @ApiProperty({ example: 15, description: 'Referrals submitted in the period (and matching the filters)' })
  submitted: number;
  @ApiProperty({ type: DurationFigures, description: 'Submission to first claim' })
  timeToClaim: DurationFigures;
  @ApiProperty({
    type: DurationFigures,
    description:
      'Submission to first answer: the first consult given, or a conversion to in-person if earlier',
  })
  timeToFirstAnswer: DurationFigures;
  @ApiProperty({ type: DeadlineFigures }) answeredWithinDeadline: DeadlineFigures;
  @ApiProperty({ type: ClarificationFigures }) clarification: ClarificationFigures;
  @ApiProperty({ type: OutcomeFigures }) outcomes: OutcomeFigures;
  @ApiProperty({ type: TripFigures }) trips: TripFigures;
  @ApiProperty({ format: 'date-time', description: 'When the figures were computed' }) generatedAt: string;
}
