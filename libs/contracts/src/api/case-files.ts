import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { IsOmittable } from '../validators';
import { AGE_BANDS, type AgeBand } from './age-band';
import { SEXES, type Sex } from './patients';
import { NextCursor, PageCursor, PageLimit } from './page';

/*
 * Vitals come in two spellings, both accepted on input and both given back:
 *  - with their unit, as the clinician measured them: `temperature: { value: 101.3, unit: 'F' }`;
 *  - flat, in the contract's units (API.md): `temperatureC: 38.5`, `pulseBpm`, `systolicMmHg`, ….
 * The response carries each measurement both ways. Giving both spellings of one measurement is allowed
 * only when they agree (a GET's `vitals` can be sent back unchanged). Every value is range-checked in
 * the unit it is given in; out of range is 422 naming the field.
 */

export const TEMPERATURE_UNITS = ['C', 'F'] as const;
export const BLOOD_PRESSURE_UNITS = ['mmHg'] as const;
export const WEIGHT_UNITS = ['kg', 'lb'] as const;
export const HEIGHT_UNITS = ['cm', 'in'] as const;
export const BLOOD_GLUCOSE_UNITS = ['mmol/L', 'mg/dL'] as const;
export type TemperatureUnit = (typeof TEMPERATURE_UNITS)[number];
export type WeightUnit = (typeof WEIGHT_UNITS)[number];
export type HeightUnit = (typeof HEIGHT_UNITS)[number];
export type BloodGlucoseUnit = (typeof BLOOD_GLUCOSE_UNITS)[number];

type Range = readonly [min: number, max: number];

/**
 * Physiological bounds: wide enough for every living patient (a 0.3 kg premature newborn, a septic
 * adult with a pulse of 250), narrow enough to refuse a typo (pulse 900, SpO2 140, 380 °C).
 */
export const VITAL_RANGES = {
  temperature: { C: [30, 45], F: [86, 113] },
  pulseBpm: [20, 300],
  systolicMmHg: [50, 300],
  diastolicMmHg: [20, 200],
  respiratoryRate: [4, 80],
  spo2Percent: [50, 100],
  weight: { kg: [0.3, 400], lb: [0.66, 880] },
  height: { cm: [20, 250], in: [8, 98] },
  bloodGlucose: { 'mmol/L': [0.5, 60], 'mg/dL': [10, 1100] },
} as const satisfies Record<string, Range | Record<string, Range>>;

/** mg/dL per mmol/L of glucose (molar mass 180.16 g/mol). */
const MG_DL_PER_MMOL_L = 18.016;

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** Conversions into the contract's units, rounded as the flat fields give them. */
export const toCelsius = (value: number, unit: TemperatureUnit) =>
  round(unit === 'C' ? value : ((value - 32) * 5) / 9, 1);
export const toKilograms = (value: number, unit: WeightUnit) =>
  round(unit === 'kg' ? value : value * 0.45359237, 2);
export const toCentimetres = (value: number, unit: HeightUnit) =>
  round(unit === 'cm' ? value : value * 2.54, 1);
export const toMgPerDl = (value: number, unit: BloodGlucoseUnit) =>
  round(unit === 'mg/dL' ? value : value * MG_DL_PER_MMOL_L, 0);

const rangeText = ([min, max]: Range, unit: string) => `between ${min} and ${max} ${unit}`.trimEnd();

/** A number within `range`, the message naming the bounds and unit. */
function InRange(range: Range, unit = ''): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'inRange',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value === 'number' && value >= range[0] && value <= range[1],
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${rangeText(range, unit)}`,
      },
    });
}

/** `value` within the range of the sibling `unit`; an unknown unit is the unit's own error. */
function InRangeOfUnit(ranges: Record<string, Range>): PropertyDecorator {
  const unitOf = (args: ValidationArguments) => (args.object as { unit?: unknown }).unit as string;
  return (target, propertyName) =>
    registerDecorator({
      name: 'inRangeOfUnit',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const range = Object.hasOwn(ranges, unitOf(args)) ? ranges[unitOf(args)] : undefined;
          return !range || (typeof value === 'number' && value >= range[0] && value <= range[1]);
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be ${rangeText(ranges[unitOf(args)], unitOf(args))}`,
      },
    });
}

/** Below the sibling `other` (diastolic below systolic), when both are numbers. */
function IsBelow(other: string): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isBelow',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const upper = (args.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof upper !== 'number' || value < upper;
        },
        defaultMessage: (args: ValidationArguments) => `${args.property} must be below ${other}`,
      },
    });
}

/** A flat field that, when its unit-bearing sibling is given too, says the same thing. */
function AgreesWith(other: string, convert: (measured: never) => number | undefined): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'agreesWith',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const measured = (args.object as Record<string, unknown>)[other];
          if (measured === undefined || typeof value !== 'number') return true;
          const converted = convert(measured as never);
          return converted === undefined || converted === value;
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} disagrees with ${other}: give one of them, or both saying the same`,
      },
    });
}

const number = (maxDecimalPlaces: number) =>
  IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces });

/** A measured value's conversion, or undefined while the measurement itself is invalid. */
function converted<U extends string>(
  units: readonly U[],
  convert: (value: number, unit: U) => number,
): (measured: { value?: unknown; unit?: unknown }) => number | undefined {
  return (measured) =>
    measured && typeof measured.value === 'number' && units.includes(measured.unit as U)
      ? convert(measured.value, measured.unit as U)
      : undefined;
}

export class Temperature {
  @ApiProperty({ example: 101.3, description: '30–45 °C or 86–113 °F' })
  @number(1)
  @InRangeOfUnit(VITAL_RANGES.temperature)
  value: number;

  @ApiProperty({ enum: TEMPERATURE_UNITS, example: 'F' })
  @IsIn(TEMPERATURE_UNITS)
  unit: TemperatureUnit;
}

export class BloodPressure {
  @ApiProperty({ example: 130, description: '50–300 mmHg, above diastolic' })
  @IsInt()
  @InRange(VITAL_RANGES.systolicMmHg, 'mmHg')
  systolic: number;

  @ApiProperty({ example: 85, description: '20–200 mmHg, below systolic' })
  @IsInt()
  @InRange(VITAL_RANGES.diastolicMmHg, 'mmHg')
  @IsBelow('systolic')
  diastolic: number;

  @ApiProperty({ enum: BLOOD_PRESSURE_UNITS, example: 'mmHg' })
  @IsIn(BLOOD_PRESSURE_UNITS)
  unit: 'mmHg';
}

export class Weight {
  @ApiProperty({ example: 72.5, description: '0.3–400 kg or 0.66–880 lb' })
  @number(2)
  @InRangeOfUnit(VITAL_RANGES.weight)
  value: number;

  @ApiProperty({ enum: WEIGHT_UNITS, example: 'kg' })
  @IsIn(WEIGHT_UNITS)
  unit: WeightUnit;
}

export class Height {
  @ApiProperty({ example: 168, description: '20–250 cm or 8–98 in' })
  @number(1)
  @InRangeOfUnit(VITAL_RANGES.height)
  value: number;

  @ApiProperty({ enum: HEIGHT_UNITS, example: 'cm' })
  @IsIn(HEIGHT_UNITS)
  unit: HeightUnit;
}

export class BloodGlucose {
  @ApiProperty({ example: 7.8, description: '0.5–60 mmol/L or 10–1100 mg/dL' })
  @number(1)
  @InRangeOfUnit(VITAL_RANGES.bloodGlucose)
  value: number;

  @ApiProperty({ enum: BLOOD_GLUCOSE_UNITS, example: 'mmol/L' })
  @IsIn(BLOOD_GLUCOSE_UNITS)
  unit: BloodGlucoseUnit;
}

const bothOrNeitherBloodPressure = (o: Vitals) =>
  o.systolicMmHg !== undefined || o.diastolicMmHg !== undefined;

/** Every measurement optional; see the note at the top of this file for the two spellings. */
export class Vitals {
  @ApiPropertyOptional({ type: Temperature, example: { value: 101.3, unit: 'F' } })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => Temperature)
  temperature?: Temperature;

  @ApiPropertyOptional({ example: 38.5, description: '°C, 30–45' })
  @IsOmittable()
  @number(1)
  @InRange(VITAL_RANGES.temperature.C, '°C')
  @AgreesWith('temperature', converted(TEMPERATURE_UNITS, toCelsius))
  temperatureC?: number;

  @ApiPropertyOptional({ example: 88, description: 'beats per minute, 20–300' })
  @IsOmittable()
  @IsInt()
  @InRange(VITAL_RANGES.pulseBpm, 'bpm')
  pulse?: number;

  @ApiPropertyOptional({ example: 88, description: 'the same as `pulse`' })
  @IsOmittable()
  @IsInt()
  @InRange(VITAL_RANGES.pulseBpm, 'bpm')
  @AgreesWith('pulse', (pulse: number) => pulse)
  pulseBpm?: number;

  @ApiPropertyOptional({ type: BloodPressure, example: { systolic: 130, diastolic: 85, unit: 'mmHg' } })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BloodPressure)
  bloodPressure?: BloodPressure;

  @ApiPropertyOptional({ example: 130, description: 'mmHg, 50–300; with diastolicMmHg' })
  @ValidateIf(bothOrNeitherBloodPressure)
  @IsInt({ message: 'systolicMmHg must be an integer, given with diastolicMmHg' })
  @InRange(VITAL_RANGES.systolicMmHg, 'mmHg')
  @AgreesWith('bloodPressure', (bp: Partial<BloodPressure>) => bp?.systolic)
  systolicMmHg?: number;

  @ApiPropertyOptional({ example: 85, description: 'mmHg, 20–200, below systolicMmHg; with systolicMmHg' })
  @ValidateIf(bothOrNeitherBloodPressure)
  @IsInt({ message: 'diastolicMmHg must be an integer, given with systolicMmHg' })
  @InRange(VITAL_RANGES.diastolicMmHg, 'mmHg')
  @IsBelow('systolicMmHg')
  @AgreesWith('bloodPressure', (bp: Partial<BloodPressure>) => bp?.diastolic)
  diastolicMmHg?: number;

  @ApiPropertyOptional({ example: 18, description: 'breaths per minute, 4–80' })
  @IsOmittable()
  @IsInt()
  @InRange(VITAL_RANGES.respiratoryRate, '/min')
  respiratoryRate?: number;

  @ApiPropertyOptional({ example: 96, description: 'percent, 50–100' })
  @IsOmittable()
  @number(1)
  @InRange(VITAL_RANGES.spo2Percent, '%')
  spo2?: number;

  @ApiPropertyOptional({ example: 96, description: 'the same as `spo2`' })
  @IsOmittable()
  @number(1)
  @InRange(VITAL_RANGES.spo2Percent, '%')
  @AgreesWith('spo2', (spo2: number) => spo2)
  spo2Percent?: number;

  @ApiPropertyOptional({ type: Weight, example: { value: 72.5, unit: 'kg' } })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => Weight)
  weight?: Weight;

  @ApiPropertyOptional({ example: 72.5, description: 'kg, 0.3–400' })
  @IsOmittable()
  @number(2)
  @InRange(VITAL_RANGES.weight.kg, 'kg')
  @AgreesWith('weight', converted(WEIGHT_UNITS, toKilograms))
  weightKg?: number;

  @ApiPropertyOptional({ type: Height, example: { value: 168, unit: 'cm' } })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => Height)
  height?: Height;

  @ApiPropertyOptional({ example: 168, description: 'cm, 20–250' })
  @IsOmittable()
  @number(1)
  @InRange(VITAL_RANGES.height.cm, 'cm')
  @AgreesWith('height', converted(HEIGHT_UNITS, toCentimetres))
  heightCm?: number;

  @ApiPropertyOptional({ type: BloodGlucose, example: { value: 7.8, unit: 'mmol/L' } })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => BloodGlucose)
  bloodGlucose?: BloodGlucose;

  @ApiPropertyOptional({ example: 141, description: 'mg/dL, 10–1100 (whole numbers)' })
  @IsOmittable()
  @IsInt()
  @InRange(VITAL_RANGES.bloodGlucose['mg/dL'], 'mg/dL')
  @AgreesWith('bloodGlucose', converted(BLOOD_GLUCOSE_UNITS, toMgPerDl))
  bloodGlucoseMgDl?: number;
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class Medication {
  @ApiProperty({ example: 'Metformin', minLength: 1, maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ example: '500 mg', maxLength: 100 })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  dose?: string;

  @ApiPropertyOptional({ example: 'twice daily', maxLength: 100 })
  @IsOmittable()
  @IsString()
  @MaxLength(100)
  frequency?: string;
}

export class Allergy {
  @ApiProperty({ example: 'Penicillin', minLength: 1, maxLength: 200 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  substance: string;

  @ApiPropertyOptional({ example: 'rash and itching', maxLength: 500 })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  reaction?: string;
}

const MAX_LIST = 100;
const vitalsExample = {
  temperature: { value: 101.3, unit: 'F' },
  pulse: 96,
  bloodPressure: { systolic: 130, diastolic: 85, unit: 'mmHg' },
  respiratoryRate: 20,
  spo2: 96,
  weight: { value: 58, unit: 'kg' },
};
const medicationsExample = [{ name: 'Paracetamol', dose: '500 mg', frequency: 'three times daily' }];
const allergiesExample = [{ substance: 'Penicillin', reaction: 'rash' }];

/** `POST /v1/case-files` (clinician): for a patient of the caller's organization. */
export class CreateCaseFileRequest {
  @ApiProperty({ format: 'uuid', example: '5a1c2e3f-4b6d-4e8f-9a0b-1c2d3e4f5a6b' })
  @IsUUID()
  patientId: string;

  @ApiProperty({ example: 'Itchy rash on both forearms for three weeks', minLength: 1, maxLength: 500 })
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  chiefComplaint: string;

  @ApiPropertyOptional({
    example: 'Started after working in the wheat harvest; no fever. Tried calamine lotion.',
    maxLength: 10_000,
    default: '',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  history?: string;

  @ApiPropertyOptional({ type: Vitals, example: vitalsExample, default: {} })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => Vitals)
  vitals?: Vitals;

  @ApiPropertyOptional({ type: [Medication], example: medicationsExample, maxItems: MAX_LIST, default: [] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Medication)
  medications?: Medication[];

  @ApiPropertyOptional({ type: [Allergy], example: allergiesExample, maxItems: MAX_LIST, default: [] })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Allergy)
  allergies?: Allergy[];
}

/**
 * `PATCH /v1/case-files/{id}` with `If-Match: "<version>"`: each field given replaces the current one
 * whole (`vitals` too: send every measurement that should remain); at least one field.
 */
export class UpdateCaseFileRequest {
  @ApiPropertyOptional({ example: 'Itchy rash on both forearms, now spreading to the neck', maxLength: 500 })
  @IsOmittable()
  @Transform(trimmed)
  @IsString()
  @Length(1, 500)
  chiefComplaint?: string;

  @ApiPropertyOptional({ example: 'Rash spread after a week of sun exposure.', maxLength: 10_000 })
  @IsOmittable()
  @IsString()
  @MaxLength(10_000)
  history?: string;

  @ApiPropertyOptional({ type: Vitals, example: vitalsExample })
  @IsOmittable()
  @IsObject()
  @ValidateNested()
  @Type(() => Vitals)
  vitals?: Vitals;

  @ApiPropertyOptional({ type: [Medication], example: medicationsExample, maxItems: MAX_LIST })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Medication)
  medications?: Medication[];

  @ApiPropertyOptional({ type: [Allergy], example: allergiesExample, maxItems: MAX_LIST })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MAX_LIST)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => Allergy)
  allergies?: Allergy[];
}

/** A case file at one version. `ETag: "<version>"` comes with it. */
export class CaseFileResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid', description: 'The referring organization (the patient’s)' })
  organizationId: string;
  @ApiProperty({ example: 3, description: 'Starts at 1; every change adds one' }) version: number;
  @ApiProperty({ example: 'Itchy rash on both forearms for three weeks' }) chiefComplaint: string;
  @ApiProperty({ example: 'Started after the wheat harvest.' }) history: string;
  @ApiProperty({ type: Vitals, description: 'Each measurement with its unit and in the flat fields' })
  vitals: Vitals;
  @ApiProperty({ type: [Medication] }) medications: Medication[];
  @ApiProperty({ type: [Allergy] }) allergies: Allergy[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'When this version was written' }) updatedAt: string;
}

/** `GET /v1/case-files/{id}?version=N`: an older version; absent, the current one. */
export class GetCaseFileQuery {
  @ApiPropertyOptional({ example: 2, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version?: number;
}

/** One read or change of a case file. */
export class CaseFileAuditEntry {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'cl_bhu_chak_45', description: 'The API client' }) actorClientId: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) actorPractitionerId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The actor’s organization' }) organizationId: string;
  @ApiProperty({
    enum: ['read', 'create', 'update', 'download'],
    example: 'read',
    description: '`create` with an `attachmentId` is an attachment added; `download` reads one',
  })
  action: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true, description: 'The attachment concerned' })
  attachmentId: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The version read or written' })
  version: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The request (`x-request-id`)' })
  requestId: string | null;
}

export class CaseFileAuditPage {
  @ApiProperty({ type: [CaseFileAuditEntry], description: 'Newest first' }) items: CaseFileAuditEntry[];
  @NextCursor()
  nextCursor: string | null;
}

/** `GET /v1/case-files/{id}/audit`. */
export class ListCaseFileAuditQuery {
  @PageLimit()
  limit?: number;

  @PageCursor('WyIxMjM0NSJd', 40)
  cursor?: string;
}

/** An attachment of a case file: the bytes are at `GET /v1/case-files/{id}/attachments/{attachmentId}`. */
export class AttachmentResource {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) caseFileId: string;
  @ApiProperty({
    enum: ['image/jpeg', 'image/png', 'application/pdf', 'application/dicom'],
    description: 'Detected from the content, whatever the file was called',
  })
  contentType: string;
  @ApiProperty({ type: 'integer', example: 1482311, description: 'Bytes' }) size: number;
  @ApiProperty({
    example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    description: 'SHA-256 of the bytes, lowercase hex',
  })
  sha256: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'Rash on the left forearm, day 3' })
  description: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** `GET /v1/case-files/{id}/attachments`: one page of the case file's attachments, oldest first. */
export class AttachmentPage {
  @ApiProperty({ type: [AttachmentResource], description: 'Oldest first (then by id)' })
  items: AttachmentResource[];
  @NextCursor()
  nextCursor: string | null;
}

/** `GET /v1/case-files/{id}/attachments`. */
export class ListAttachmentsQuery {
  @PageLimit()
  limit?: number;

  @PageCursor(
    'WyIyMDI2LTEyLTA0VDA3OjQwOjAwLjAwMFoiLCJmNWQyYjhhNi0xYzllLTRlMzQtOTdiMC00YTNjNmU4ZDFmNTIiXQ',
    120,
  )
  cursor?: string;
}

/** The multipart form of `POST /v1/case-files/{id}/attachments` (for the OpenAPI document). */
export class AttachmentUploadForm {
  @ApiProperty({ type: 'string', format: 'binary', description: 'JPEG, PNG, PDF or DICOM' }) file: unknown;
  @ApiPropertyOptional({ maxLength: 500 }) description?: string;
}

/**
 * `GET /v1/case-files/{id}/summary`: internal, not routed by the gateway. For the referrals service,
 * which asks with the caller's token when a referral is submitted: the case file exists and the caller
 * may read it (else 404), and what the de-identified queue shows of the patient. No name, CNIC, phone,
 * birth date or clinical text.
 */
export class CaseFileSummary {
  @ApiProperty({ format: 'uuid' }) caseFileId: string;
  @ApiProperty({ format: 'uuid' }) patientId: string;
  @ApiProperty({ format: 'uuid', description: 'The referring organization (the patient’s)' })
  organizationId: string;
  @ApiProperty({ enum: SEXES, example: 'female' }) patientSex: Sex;
  @ApiProperty({
    enum: AGE_BANDS,
    example: '25-44',
    description:
      'From the birth date as of today in Asia/Karachi, else the age recorded; `unknown` without either',
  })
  patientAgeBand: AgeBand;
  @ApiProperty({ example: 3, description: 'The case file’s current version' }) version: number;
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'Ids of the case file’s attachments, oldest first (referral messages may name them)',
  })
  attachmentIds: string[];
}
