import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  LICENCE_TYPES,
  TIME_OF_DAY,
  WEEKDAYS,
  type LicenceType,
  type Weekday,
} from '../events/practitioner.events';
import { IsCalendarDate, IsOmittable, IsSpecialtyCode } from '../validators';
import { IsPakistaniMobile } from './phone';
import { NextCursor, PageCursor, PageLimit } from './page';

const ISO_639 = /^[a-z]{2,3}$/;
const ISO_639_MESSAGE = 'each value in $property must be an ISO 639 code (ur, en, pa, sd, ps, bal, skr, …)';

const trimmedUpperCase = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A weekly window in Asia/Karachi time (UTC+5, no DST); `end` after `start`, and may be `24:00`. */
export class AvailabilityWindow {
  @ApiProperty({ enum: WEEKDAYS, example: 'mon' })
  @IsIn(WEEKDAYS)
  day: Weekday;

  @ApiProperty({ example: '09:00', pattern: TIME_OF_DAY.source, description: 'HH:MM, Asia/Karachi' })
  @Matches(TIME_OF_DAY, { message: '$property must be a time as HH:MM' })
  start: string;

  @ApiProperty({
    example: '13:00',
    pattern: TIME_OF_DAY.source,
    description: 'HH:MM, Asia/Karachi; may be 24:00',
  })
  @Matches(TIME_OF_DAY, { message: '$property must be a time as HH:MM' })
  end: string;
}

const availabilityExample = [
  { day: 'mon', start: '18:00', end: '22:00' },
  { day: 'sat', start: '09:00', end: '13:00' },
];

/** A role's weekly windows in a request: up to 100 of them, each checked as an AvailabilityWindow. */
function AvailabilityWindows(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: [AvailabilityWindow], example: availabilityExample, description }),
    IsOmittable(),
    IsArray(),
    ArrayMaxSize(100),
    IsObject({ each: true }),
    ValidateNested({ each: true }),
    Type(() => AvailabilityWindow),
  );
}

/** `POST /v1/practitioners` (admin). */
export class CreatePractitionerRequest {
  @ApiProperty({ example: 'Dr. Ayesha Siddiqui', minLength: 1, maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({
    example: '12345-P',
    maxLength: 40,
    description: 'PMDC registration number; stored trimmed and upper-cased, unique',
  })
  @Transform(trimmedUpperCase)
  @IsString()
  @Length(1, 40)
  pmdcNumber: string;

  @ApiProperty({ enum: LICENCE_TYPES, example: 'full' })
  @IsIn(LICENCE_TYPES)
  licenceType: LicenceType;

  @ApiProperty({ format: 'date', example: '2027-12-31', description: 'Last day the licence is valid' })
  @IsCalendarDate()
  licenceExpiresOn: string;

  @ApiProperty({ example: '0300-1234567', description: '03xx-xxxxxxx or +92 3xx xxxxxxx; stored as E.164' })
  @IsPakistaniMobile()
  phone: string;

  @ApiPropertyOptional({ format: 'email', example: 'ayesha.siddiqui@example.pk' })
  @IsOmittable()
  @IsEmail()
  email?: string;

  @ApiProperty({ type: [String], example: ['ur', 'en', 'pa'], description: 'ISO 639 codes' })
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(ISO_639, { each: true, message: ISO_639_MESSAGE })
  languages: string[];

  @ApiProperty({ format: 'uuid', example: '3b0f8d2a-6c1e-4f57-9a2d-8e4c7b1d5a60' })
  @IsUUID()
  organizationId: string;
}

/** `PATCH /v1/practitioners/{id}`: only the fields given change; `email: null` removes it. */
export class UpdatePractitionerRequest {
  @ApiPropertyOptional({ example: 'Dr. Ayesha Siddiqui Khan', minLength: 1, maxLength: 200 })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ example: '12345-P', maxLength: 40 })
  @IsOmittable()
  @Transform(trimmedUpperCase)
  @IsString()
  @Length(1, 40)
  pmdcNumber?: string;

  @ApiPropertyOptional({ enum: LICENCE_TYPES, example: 'full' })
  @IsOmittable()
  @IsIn(LICENCE_TYPES)
  licenceType?: LicenceType;

  @ApiPropertyOptional({ format: 'date', example: '2030-12-31' })
  @IsOmittable()
  @IsCalendarDate()
  licenceExpiresOn?: string;

  @ApiPropertyOptional({ example: '+92 321 7654321' })
  @IsOmittable()
  @IsPakistaniMobile()
  phone?: string;

  @ApiPropertyOptional({
    format: 'email',
    type: 'string',
    nullable: true,
    example: 'a.siddiqui@example.pk',
    description: 'null removes it',
  })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['ur', 'en'] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @Matches(ISO_639, { each: true, message: ISO_639_MESSAGE })
  languages?: string[];

  @ApiPropertyOptional({ format: 'uuid', example: '3b0f8d2a-6c1e-4f57-9a2d-8e4c7b1d5a60' })
  @IsOmittable()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ example: false, description: 'An inactive practitioner takes no new cases' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

/** `POST /v1/practitioners/{id}/roles` (admin). */
export class CreatePractitionerRoleRequest {
  @ApiProperty({ example: 'dermatology', description: 'A specialty code from GET /v1/specialties' })
  @IsSpecialtyCode()
  specialtyCode: string;

  @ApiProperty({ format: 'uuid', example: '3b0f8d2a-6c1e-4f57-9a2d-8e4c7b1d5a60' })
  @IsUUID()
  organizationId: string;

  @ApiProperty({ example: 10, minimum: 1, maximum: 1000, description: 'Open cases the role takes at most' })
  @IsInt()
  @Min(1)
  @Max(1000)
  maxOpenCases: number;

  @AvailabilityWindows('Weekly windows in Asia/Karachi; absent or empty means always available')
  availability?: AvailabilityWindow[];
}

/** `PATCH /v1/practitioners/{id}/roles/{roleId}` (admin, or the practitioner themself). */
export class UpdatePractitionerRoleRequest {
  @ApiPropertyOptional({ example: 5, minimum: 1, maximum: 1000 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(1000)
  maxOpenCases?: number;

  @AvailabilityWindows('Replaces the windows; empty means always available')
  availability?: AvailabilityWindow[];

  @ApiPropertyOptional({ example: false })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

/** A practitioner's role: one specialty at one organization, with its capacity and weekly availability. */
export class PractitionerRoleResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) practitionerId: string;
  @ApiProperty({ example: 'dermatology' }) specialtyCode: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ example: 10 }) maxOpenCases: number;
  @ApiProperty({ type: [AvailabilityWindow] }) availability: AvailabilityWindow[];
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PractitionerResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Dr. Ayesha Siddiqui' }) name: string;
  @ApiProperty({ example: '12345-P' }) pmdcNumber: string;
  @ApiProperty({ enum: LICENCE_TYPES }) licenceType: LicenceType;
  @ApiProperty({ format: 'date', example: '2027-12-31' }) licenceExpiresOn: string;
  @ApiProperty({ description: 'The licence has not expired (today in Asia/Karachi)' }) licenceValid: boolean;
  @ApiProperty({ example: '+923001234567', description: 'E.164' }) phone: string;
  @ApiProperty({ type: 'string', format: 'email', nullable: true }) email: string | null;
  @ApiProperty({ type: [String], example: ['ur', 'en'] }) languages: string[];
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [PractitionerRoleResource] }) roles: PractitionerRoleResource[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** `GET /v1/practitioners`: roles that could take a case now. */
export class SearchPractitionersQuery {
  @ApiProperty({ example: 'dermatology', description: 'Specialty code' })
  @IsSpecialtyCode()
  specialty: string;

  @ApiPropertyOptional({ example: 'ur', description: 'ISO 639 code the practitioner speaks' })
  @IsOptional()
  @Matches(ISO_639, { message: '$property must be an ISO 639 code' })
  language?: string;

  @ApiPropertyOptional({
    example: true,
    description: 'true: only roles available now (Asia/Karachi); false or absent: any time',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  available?: boolean;

  @PageLimit()
  limit?: number;

  @PageCursor('eyJhZnRlciI6IjFiOWUzOGYwLWI2NTItNGUwYS05YzNmLTJkOGU1YjFhN2M0MCJ9')
  cursor?: string;
}

/** An eligible role as search shows it: what routing needs, no phone or email. */
export class PractitionerSearchResult {
  @ApiProperty({ format: 'uuid' }) roleId: string;
  @ApiProperty({ format: 'uuid' }) practitionerId: string;
  @ApiProperty({ example: 'Dr. Ayesha Siddiqui' }) name: string;
  @ApiProperty({ example: 'dermatology' }) specialtyCode: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ type: [String], example: ['ur', 'en'] }) languages: string[];
  @ApiProperty({ example: 10 }) maxOpenCases: number;
  @ApiProperty({ enum: LICENCE_TYPES }) licenceType: LicenceType;
  @ApiProperty({ format: 'date', example: '2027-12-31' }) licenceExpiresOn: string;
  @ApiProperty({ type: [AvailabilityWindow] }) availability: AvailabilityWindow[];
}

export class PractitionerSearchPage {
  @ApiProperty({ type: [PractitionerSearchResult] }) items: PractitionerSearchResult[];
  @NextCursor()
  nextCursor: string | null;
}
