import type {
  Allergy,
  BloodGlucose,
  BloodPressure,
  Height,
  Medication,
  Temperature,
  Vitals,
  Weight,
} from '@referral/contracts';
import { toCelsius, toCentimetres, toKilograms, toMgPerDl } from '@referral/contracts';

/** Vitals as stored: each measurement once, with the unit it was measured in. */
export interface StoredVitals {
  temperature?: Temperature;
  pulse?: number;
  bloodPressure?: BloodPressure;
  respiratoryRate?: number;
  spo2?: number;
  weight?: Weight;
  height?: Height;
  bloodGlucose?: BloodGlucose;
}

/** The clinical content of one version (`case_file.content`, `case_file_version.content`). */
export interface CaseFileContent {
  chiefComplaint: string;
  history: string;
  vitals: StoredVitals;
  medications: Medication[];
  allergies: Allergy[];
}

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const measured = <M extends { value: number; unit: string }>(m: M | undefined): M | undefined =>
  m && ({ value: m.value, unit: m.unit } as M);

/**
 * One spelling per measurement: the unit-bearing one when given, else the flat one with the contract's
 * unit. Validation has already made sure that two spellings of one measurement agree.
 */
export function toStoredVitals(vitals: Vitals = {}): StoredVitals {
  const bloodPressure =
    vitals.bloodPressure ??
    (vitals.systolicMmHg !== undefined && vitals.diastolicMmHg !== undefined
      ? { systolic: vitals.systolicMmHg, diastolic: vitals.diastolicMmHg, unit: 'mmHg' as const }
      : undefined);
  return defined({
    temperature:
      measured(vitals.temperature) ??
      (vitals.temperatureC !== undefined ? { value: vitals.temperatureC, unit: 'C' as const } : undefined),
    pulse: vitals.pulse ?? vitals.pulseBpm,
    bloodPressure: bloodPressure && {
      systolic: bloodPressure.systolic,
      diastolic: bloodPressure.diastolic,
      unit: bloodPressure.unit,
    },
    respiratoryRate: vitals.respiratoryRate,
    spo2: vitals.spo2 ?? vitals.spo2Percent,
    weight:
      measured(vitals.weight) ??
      (vitals.weightKg !== undefined ? { value: vitals.weightKg, unit: 'kg' as const } : undefined),
    height:
      measured(vitals.height) ??
      (vitals.heightCm !== undefined ? { value: vitals.heightCm, unit: 'cm' as const } : undefined),
    bloodGlucose:
      measured(vitals.bloodGlucose) ??
      (vitals.bloodGlucoseMgDl !== undefined
        ? { value: vitals.bloodGlucoseMgDl, unit: 'mg/dL' as const }
        : undefined),
  });
}

/** Each stored measurement in both spellings: as measured, and flat in the contract's units. */
export function toVitalsResource(stored: StoredVitals): Vitals {
  const { temperature, pulse, bloodPressure, respiratoryRate, spo2, weight, height, bloodGlucose } = stored;
  return defined({
    temperature,
    temperatureC: temperature && toCelsius(temperature.value, temperature.unit),
    pulse,
    pulseBpm: pulse,
    bloodPressure,
    systolicMmHg: bloodPressure?.systolic,
    diastolicMmHg: bloodPressure?.diastolic,
    respiratoryRate,
    spo2,
    spo2Percent: spo2,
    weight,
    weightKg: weight && toKilograms(weight.value, weight.unit),
    height,
    heightCm: height && toCentimetres(height.value, height.unit),
    bloodGlucose,
    bloodGlucoseMgDl: bloodGlucose && toMgPerDl(bloodGlucose.value, bloodGlucose.unit),
  });
}

/** Only the fields of a validated request; class instances become plain objects for jsonb. */
export const toMedications = (items: Medication[] = []): Medication[] =>
  items.map(({ name, dose, frequency }) => defined({ name, dose, frequency }));

export const toAllergies = (items: Allergy[] = []): Allergy[] =>
  items.map(({ substance, reaction }) => defined({ substance, reaction }));
