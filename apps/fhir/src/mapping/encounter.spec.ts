import { toEncounter } from './encounter';
import { caseFile } from './test/case-files';

describe('toEncounter', () => {
  it('is the clinic visit of the case file: patient, organization, chief complaint, started when opened', () => {
    expect(toEncounter(caseFile())).toEqual({
      resourceType: 'Encounter',
      id: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
      meta: { versionId: '2', lastUpdated: '2026-12-04T07:30:00.000Z' },
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/v3/ActCode', code: 'AMB', display: 'ambulatory' },
      subject: { reference: 'Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      serviceProvider: { reference: 'Organization/7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' },
      period: { start: '2026-12-04T07:00:00.000Z' },
      reasonCode: [{ text: 'Itchy rash on both forearms for three weeks' }],
    });
  });

  it('invents no end: a case file stays open', () => {
    expect(toEncounter(caseFile({ version: 9 })).period).toEqual({ start: '2026-12-04T07:00:00.000Z' });
  });

  it('leaves out the history, vitals, medications and allergies', () => {
    const json = JSON.stringify(
      toEncounter(
        caseFile({
          history: 'Started after the wheat harvest.',
          medications: [{ name: 'Cetirizine' } as never],
          allergies: [{ substance: 'Penicillin' } as never],
        }),
      ),
    );
    expect(json).not.toContain('wheat');
    expect(json).not.toContain('Cetirizine');
    expect(json).not.toContain('Penicillin');
  });
});
