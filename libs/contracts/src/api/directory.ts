import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  ValidateBy,
  type ValidationArguments,
} from 'class-validator';
import {
  ORGANIZATION_KINDS,
  PROVINCES,
  type OrganizationKind,
  type Province,
} from '../events/organization.events';
import { IsOmittable } from '../validators';
import { NextCursor, PageCursor, PageLimit } from './page';
import { IsPakistaniMobile } from './phone';

const trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * Latitude or longitude (WGS 84 degrees), optional and given together with the other: both absent,
 * both null (a patch removing the location) or both numbers in range. One validator rather than
 * `@IsOptional` and friends, which would skip the null one of a half-given pair.
 */
function coordinate(axis: 'latitude' | 'longitude', example: number, patch: boolean): PropertyDecorator {
  const limit = axis === 'latitude' ? 90 : 180;
  const other = axis === 'latitude' ? 'longitude' : 'latitude';
  const inRange = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value >= -limit && value <= limit;
  return (target, property) => {
    ApiPropertyOptional({
      type: 'number',
      nullable: true,
      minimum: -limit,
      maximum: limit,
      example,
      description:
        `WGS 84 degrees, with \`${other}\` (both or neither)` +
        (patch ? '; both null remove the location' : '') +
        ': the referrals report estimates travel saved from it',
    })(target, property);
    ValidateBy({
      name: 'isCoordinate',
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => {
          const partner = (args?.object as Record<string, unknown>)[other];
          if (value === undefined || value === null) return partner === value;
          return inRange(value) && typeof partner === 'number';
        },
        defaultMessage: () =>
          `$property must be a number from ${-limit} to ${limit}, given together with ${other} (both numbers, or both null)`,
      },
    })(target, property);
  };
}

/** A specialty a referral can ask, with its name in English and Urdu. */
export class SpecialtyResource {
  @ApiProperty({ example: 'dermatology', description: 'Kebab-case specialty code' }) code: string;
  @ApiProperty({ example: 'Dermatology' }) nameEn: string;
  @ApiProperty({ example: 'امراضِ جلد' }) nameUr: string;
}

/** `GET /v1/specialties`: the list, ordered by code, a page at a time. */
export class SpecialtyList {
  @ApiProperty({ type: [SpecialtyResource], description: 'By code' }) items: SpecialtyResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** `POST /v1/organizations`: an administrator registers a clinic, hospital or partner. */
export class CreateOrganizationRequest {
  @ApiProperty({ example: 'Rural Health Centre Choa Saidan Shah', minLength: 1, maxLength: 200 })
  @trim()
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: ORGANIZATION_KINDS, example: 'clinic' })
  @IsIn(ORGANIZATION_KINDS)
  kind: OrganizationKind;

  @ApiProperty({ example: 'Chakwal', minLength: 1, maxLength: 100 })
  @trim()
  @IsString()
  @Length(1, 100)
  district: string;

  @ApiProperty({ enum: PROVINCES, example: 'punjab' })
  @IsIn(PROVINCES)
  province: Province;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: '0300-1234567',
    description: 'A Pakistani mobile number (03xx-xxxxxxx or +92 3xx xxxxxxx); stored as E.164',
  })
  @IsOptional()
  @IsPakistaniMobile()
  phone?: string | null;

  @coordinate('latitude', 32.9328, false)
  latitude?: number | null;

  @coordinate('longitude', 72.863, false)
  longitude?: number | null;
}

/** `PATCH /v1/organizations/{id}`: the fields to change (at least one). */
export class UpdateOrganizationRequest {
  @ApiPropertyOptional({ example: 'District Headquarters Hospital Chakwal', minLength: 1, maxLength: 200 })
  @IsOmittable()
  @trim()
  @IsString()
  @Length(1, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, example: 'hospital' })
  @IsOmittable()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({ example: 'Jhelum', minLength: 1, maxLength: 100 })
  @IsOmittable()
  @trim()
  @IsString()
  @Length(1, 100)
  district?: string;

  @ApiPropertyOptional({ enum: PROVINCES, example: 'punjab' })
  @IsOmittable()
  @IsIn(PROVINCES)
  province?: Province;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    example: '+92 321 7654321',
    description: 'A Pakistani mobile number; null removes it',
  })
  @IsOptional()
  @IsPakistaniMobile()
  phone?: string | null;

  @coordinate('latitude', 32.9328, true)
  latitude?: number | null;

  @coordinate('longitude', 72.863, true)
  longitude?: number | null;

  @ApiPropertyOptional({ example: false, description: 'false: the organization no longer takes part' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

/** `GET /v1/organizations` filters and page. */
export class ListOrganizationsQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS, example: 'hospital' })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  @ApiPropertyOptional({ enum: PROVINCES, example: 'sindh' })
  @IsOptional()
  @IsIn(PROVINCES)
  province?: Province;

  @PageLimit()
  limit?: number;

  @PageCursor('eyJhZnRlciI6IjZmMWMyYTllLTRiN2QtNGUwYS05YzNmLTJkOGU1YjFhN2M0MCJ9')
  cursor?: string;
}

/** An organization as the API shows it. */
export class OrganizationResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Rural Health Centre Choa Saidan Shah' }) name: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS }) kind: OrganizationKind;
  @ApiProperty({ example: 'Chakwal' }) district: string;
  @ApiProperty({ enum: PROVINCES }) province: Province;
  @ApiProperty({ type: 'string', nullable: true, example: '+923001234567', description: 'E.164' })
  phone: string | null;
  @ApiProperty({ type: 'number', nullable: true, example: 32.9328, description: 'WGS 84 degrees' })
  latitude: number | null;
  @ApiProperty({ type: 'number', nullable: true, example: 72.863, description: 'WGS 84 degrees' })
  longitude: number | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

/** A page of organizations, newest first. */
export class OrganizationPage {
  @ApiProperty({ type: [OrganizationResource] }) items: OrganizationResource[];
  @NextCursor()
  nextCursor: string | null;
}
