import { FhirError } from '../http/fhir-error';
import { patient } from '../mapping/test/case-files';
import { PatientController } from './patient.controller';
import { answerOf, mockApi, request, TOKEN } from './test/http';

const ID = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const CNIC = '3520212345671';

describe('PatientController', () => {
  it('reads the patient with the caller’s token and answers the FHIR Patient', async () => {
    const { api, get } = mockApi({ [`/v1/patients/${ID}`]: patient() });
    const answer = await answerOf((reply) => new PatientController(api).read(ID, request, reply));
    expect(get).toHaveBeenCalledWith({ authorization: TOKEN, requestId: 'req-1' }, `/v1/patients/${ID}`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/fhir+json; charset=utf-8');
    expect(answer.body).toMatchObject({
      resourceType: 'Patient',
      id: ID,
      name: [{ text: 'Bibi Zainab' }],
      gender: 'female',
    });
  });

  it('never answers the CNIC, not even when the API answer had one in full and masked', async () => {
    const leaky = { ...patient(), cnic: CNIC, cnicMasked: '*****-*******-1' };
    const { api } = mockApi({ [`/v1/patients/${ID}`]: leaky });
    const answer = await answerOf((reply) => new PatientController(api).read(ID, request, reply));
    const json = JSON.stringify(answer.body);
    expect(json).not.toContain(CNIC);
    expect(json).not.toContain('*****');
    expect(json).not.toMatch(/cnic/i);
    expect(answer.body.identifier).toHaveLength(1);
  });

  it('answers 404 for an id that is not one of ours, without asking the API', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new PatientController(api).read('3520212345671', request, reply),
    );
    expect(answer.status).toBe(404);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(get).not.toHaveBeenCalled();
  });

  it('passes the service’s refusal on as an OperationOutcome with its status', async () => {
    const { api } = mockApi({
      [`/v1/patients/${ID}`]: new FhirError({ status: 404, detail: 'Patient not found' }),
    });
    const answer = await answerOf((reply) => new PatientController(api).read(ID, request, reply));
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', diagnostics: 'Patient not found' }],
    });
  });
});
