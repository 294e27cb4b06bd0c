import { fhirErrors, formatFhirErrors, type ValidationResult } from './fhir-validator';

const results: ValidationResult[] = [
  {
    file: '0000-Task-a.json',
    resourceType: 'Task',
    id: 'a',
    issues: [
      {
        severity: 'error',
        location: 'Task',
        message: 'Task.status: minimum required = 1, but only found 0',
        messageId: 'Validation_VAL_Profile_Minimum',
      },
      { severity: 'warning', location: 'Task', message: 'dom-6', messageId: null },
    ],
  },
  {
    file: '0001-Binary.json',
    resourceType: null,
    id: null,
    issues: [{ severity: 'fatal', location: null, message: 'not JSON', messageId: null }],
  },
  {
    file: '0002-ServiceRequest-b.json',
    resourceType: 'ServiceRequest',
    id: 'b',
    issues: [{ severity: 'information', location: 'ServiceRequest', message: 'fine', messageId: null }],
  },
];

describe('fhirErrors and formatFhirErrors', () => {
  it('keep fatal and error issues only, each with the resource it is in', () => {
    expect(fhirErrors(results).map((e) => [e.resource, e.severity])).toEqual([
      ['Task/a', 'error'],
      ['0001-Binary.json', 'fatal'],
    ]);
  });

  it('write one readable line per error, and nothing when there is none', () => {
    expect(formatFhirErrors(results)).toBe(
      [
        'Task/a Task [error] Task.status: minimum required = 1, but only found 0',
        '0001-Binary.json (file) [fatal] not JSON',
      ].join('\n'),
    );
    expect(formatFhirErrors(results.slice(2))).toBe('');
  });
});
