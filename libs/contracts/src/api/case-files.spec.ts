import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { toCelsius, toCentimetres, toKilograms, toMgPerDl, Vitals } from './case-files';

/** `field: message` of every failed constraint, nested fields dotted. */
function problemsOf(vitals: Record<string, unknown>): string[] {
  const flatten = (errors: ValidationError[], parent = ''): string[] =>
    errors.flatMap((e) => {
      const field = parent ? `${parent}.${e.property}` : e.property;
      return [
        ...Object.values(e.constraints ?? {}).map((m) => `${field}: ${m}`),
        ...flatten(e.children ?? [], field),
      ];
    });
  return flatten(validateSync(plainToInstance(Vitals, vitals), { forbidUnknownValues: false }));
}

describe('Vitals', () => {
  it('converts into the contract’s units, rounded as the flat fields give them', () => {
    expect(toCelsius(98.6, 'F')).toBe(37);
    expect(toCelsius(37.24, 'C')).toBe(37.2);
    expect(toKilograms(154, 'lb')).toBe(69.85);
    expect(toCentimetres(65, 'in')).toBe(165.1);
    expect(toMgPerDl(5.5, 'mmol/L')).toBe(99);
  });

  it.each([
    [{ temperature: { value: 30, unit: 'C' } }],
    [{ temperature: { value: 113, unit: 'F' } }],
    [{ pulse: 20, pulseBpm: 20 }],
    [{ bloodPressure: { systolic: 300, diastolic: 200, unit: 'mmHg' } }],
    [{ systolicMmHg: 120, diastolicMmHg: 80 }],
    [{ spo2: 100, respiratoryRate: 80 }],
    [{ weight: { value: 0.3, unit: 'kg' }, weightKg: 0.3 }],
    [{ height: { value: 98, unit: 'in' } }],
    [{ bloodGlucose: { value: 7.8, unit: 'mmol/L' }, bloodGlucoseMgDl: 141 }],
    [{ temperature: { value: 101.3, unit: 'F' }, temperatureC: 38.5 }],
  ])('accepts %j (the bounds included)', (vitals) => {
    expect(problemsOf(vitals)).toEqual([]);
  });

  it.each([
    [{ pulse: 900 }, 'pulse: pulse must be between 20 and 300 bpm'],
    [{ spo2: 140 }, 'spo2: spo2 must be between 50 and 100 %'],
    [{ temperature: { value: 46, unit: 'C' } }, 'temperature.value: value must be between 30 and 45 C'],
    [{ temperature: { value: 46, unit: 'F' } }, 'temperature.value: value must be between 86 and 113 F'],
    [
      { bloodGlucose: { value: 5, unit: 'mg/dL' } },
      'bloodGlucose.value: value must be between 10 and 1100 mg/dL',
    ],
    [
      { bloodPressure: { systolic: 80, diastolic: 80, unit: 'mmHg' } },
      'bloodPressure.diastolic: diastolic must be below systolic',
    ],
    [{ temperature: { value: 38, unit: 'F' }, temperatureC: 38 }, 'temperatureC: temperatureC disagrees'],
  ])('refuses %j', (vitals, problem) => {
    expect(problemsOf(vitals).some((p) => p.startsWith(problem))).toBe(true);
  });
});
