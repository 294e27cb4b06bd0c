import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate, IsOmittable } from '../validators';
import { IsPakistaniMobile } from './phone';
import { PageLimit } from './page';

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof SEXES)[number];

/** A CNIC or B-Form number as stored (encrypted) and indexed: 13 digits, the first 1–7 (the region). */
export const CNIC_DIGITS = /^[1-7]\d{12}$/;

/** `#####-#######-#` or 13 digits; surrounding spaces are ignored. */
const CNIC_TEXT = /^([1-7]\d{4})-?(\d{7})-?(\d)$/;

/**
 * The 13 digits of a CNIC or B-Form number written `#####-#######-#` or as 13 digits, or null when the
 * text is neither (a dash in one place only counts as neither, too).
 */
export function normalizeCnic(text: string): string | null {
  const trimmed = text.trim();
  const match = CNIC_TEXT.exec(trimmed);
  if (!match) return null;
  const dashes = (trimmed.match(/-/g) ?? []).length;
  return dashes === 0 || dashes === 2 ? `${match[1]}${match[2]}${match[3]}` : null;
}

/** `*****-*******-3`: all a response ever says about a CNIC. */
export const maskCnic = (lastDigit: string) => `*****-*******-${lastDigit}`;

/**
 * A request field holding a CNIC or B-Form number: normalised to its 13 digits before validation;
 * anything else is a 422 that names the accepted forms (and never echoes the value).
 */
export function IsCnic(): PropertyDecorator {
  return (target, key) => {
    Transform(({ value }) => (typeof value === 'string' ? (normalizeCnic(value) ?? value) : value))(
      target,
      key,
    );
    Matches(CNIC_DIGITS, {
      message:
        '$property must be a CNIC or B-Form number: #####-#######-# or 13 digits, the first digit 1 to 7',
    })(target, key);
  };
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

const SYNTHETIC_CNIC_NOTE = 'The example is synthetic, not a real person’s number.';

/** `POST /v1/patients` (clinician): a patient of the caller's organization. */
export class CreatePatientRequest {
  @ApiProperty({ example: 'Bibi Zainab', minLength: 1, maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: SEXES, example: 'female' })
  @IsIn(SEXES)
  sex: Sex;

  @ApiPropertyOptional({
    format: 'date',
    example: '1988-04-17',
    description: 'YYYY-MM-DD, not in the future. Give birthDate or ageYears, not both.',
  })
  @IsOmittable()
  @IsCalendarDate()
  birthDate?: string;

  @ApiPropertyOptional({
    example: 36,
    minimum: 0,
    maximum: 130,
    description: 'Age in whole years when the birth date is not known. Give birthDate or ageYears, not both.',
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(130)
  ageYears?: number;

  @ApiPropertyOptional({
    example: '35202-1234567-3',
    description:
      'CNIC or B-Form number: #####-#######-# or 13 digits, the first digit 1 to 7. Stored encrypted, ' +
      'never returned (responses carry cnicMasked). One patient per CNIC in an organization: a second ' +
      `registration is 409 with existingPatientId. ${SYNTHETIC_CNIC_NOTE}`,
  })
  @IsOmittable()
  @IsCnic()
  cnic?: string;

  @ApiPropertyOptional({
    example: '0300-1234567',
    description: '03xx-xxxxxxx or +92 3xx xxxxxxx; stored as E.164',
  })
  @IsOmittable()
  @IsPakistaniMobile()
  phone?: string;

  @ApiPropertyOptional({ example: 'Muzaffargarh', minLength: 1, maxLength: 100 })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @Length(1, 100)
  district?: string;
}

export class PatientResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The registering organization' }) organizationId: string;
  @ApiProperty({ example: 'Bibi Zainab' }) name: string;
  @ApiProperty({ enum: SEXES, example: 'female' }) sex: Sex;
  @ApiProperty({ type: 'string', format: 'date', nullable: true, example: '1988-04-17' })
  birthDate: string | null;
  @ApiProperty({
    example: 36,
    description:
      'The age today (Asia/Karachi): from birthDate when known, else the age given at registration plus the years since ageStatedOn',
  })
  ageYears: number;
  @ApiProperty({
    type: 'string',
    format: 'date',
    nullable: true,
    example: '2026-12-04',
    description:
      'When the birth date is not known: the day (Asia/Karachi) the age was given; ageYears grows by one on each anniversary of it. Null with a birthDate',
  })
  ageStatedOn: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: '+923001234567', description: 'E.164' })
  phone: string | null;
  @ApiProperty({ type: 'string', nullable: true, example: 'Muzaffargarh' }) district: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: '*****-*******-3',
    description: 'The CNIC with all but its last digit masked; null when none was given',
  })
  cnicMasked: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** `GET /v1/patients?cnic=` (clinician): exact lookup within the caller's organization. */
export class FindPatientsQuery {
  @ApiProperty({
    example: '35202-1234567-3',
    description: `CNIC or B-Form number: #####-#######-# or 13 digits. ${SYNTHETIC_CNIC_NOTE}`,
  })
  @IsCnic()
  cnic: string;

  @PageLimit('Accepted as on every list; an exact lookup finds at most one patient')
  limit?: number;
}

export class PatientList {
  @ApiProperty({ type: [PatientResource] }) items: PatientResource[];
  @ApiProperty({
    type: 'string',
    nullable: true,
    example: null,
    description: 'Always null: at most one match',
  })
  nextCursor: null;
}
