import { SYSTEMS } from '../mapping/systems';
import { practitioner } from '../mapping/test/directory';
import { FhirError } from '../http/fhir-error';
import { PractitionerController } from './practitioner.controller';
import { answerOf, mockApi, request } from './test/http';

const ID = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('PractitionerController', () => {
  it('reads the practitioner and answers them with the PMDC number as an identifier', async () => {
    const { api, get } = mockApi({ [`/v1/practitioners/${ID}`]: practitioner() });
    const answer = await answerOf((reply) =>
      new PractitionerController(api).read(ID.toUpperCase(), request, reply),
    );
    expect(get).toHaveBeenCalledWith(expect.anything(), `/v1/practitioners/${ID}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['last-modified']).toBe(new Date('2026-11-22T05:00:00.000Z').toUTCString());
    expect(answer.body).toMatchObject({
      resourceType: 'Practitioner',
      id: ID,
      identifier: [
        { system: SYSTEMS.pmdcNumber, value: '12345-P' },
        { system: SYSTEMS.practitionerId, value: ID },
      ],
      name: [{ text: 'Dr. Ayesha Siddiqui' }],
    });
  });

  it('answers 404 for an id that is not one of ours (a PMDC number is not an id)', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) => new PractitionerController(api).read('12345-P', request, reply));
    expect(answer.status).toBe(404);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(get).not.toHaveBeenCalled();
  });

  it('passes a refusal on as an OperationOutcome (403 stays 403)', async () => {
    const { api } = mockApi({
      [`/v1/practitioners/${ID}`]: new FhirError({ status: 403, detail: 'Role not allowed' }),
    });
    const answer = await answerOf((reply) => new PractitionerController(api).read(ID, request, reply));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'forbidden', diagnostics: 'Role not allowed' }],
    });
  });
});
