import { FhirError } from '../http/fhir-error';
import { caseFile } from '../mapping/test/case-files';
import { EncounterController } from './encounter.controller';
import { answerOf, mockApi, request } from './test/http';

const ID = '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f';

describe('EncounterController', () => {
  it('reads the case file as the Encounter, its version as versionId and ETag', async () => {
    const { api, get } = mockApi({ [`/v1/case-files/${ID}`]: caseFile() });
    const answer = await answerOf((reply) => new EncounterController(api).read(ID, request, reply));
    expect(get).toHaveBeenCalledWith(expect.anything(), `/v1/case-files/${ID}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.etag).toBe('W/"2"');
    expect(answer.body).toMatchObject({
      resourceType: 'Encounter',
      id: ID,
      meta: { versionId: '2' },
      status: 'in-progress',
      reasonCode: [{ text: 'Itchy rash on both forearms for three weeks' }],
    });
  });

  it('reads an earlier version with ?version=N', async () => {
    const { api, get } = mockApi({ [`/v1/case-files/${ID}`]: caseFile({ version: 1 }) });
    const answer = await answerOf((reply) => new EncounterController(api).vread(ID, '1', request, reply));
    expect(get).toHaveBeenCalledWith(expect.anything(), `/v1/case-files/${ID}`, { version: 1 });
    expect(answer.body.meta?.versionId).toBe('1');
  });

  it.each(['0', 'abc', '-1', '1.5'])(
    'answers 404 for the version %s without asking the API',
    async (version) => {
      const { api, get } = mockApi({});
      const answer = await answerOf((reply) =>
        new EncounterController(api).vread(ID, version, request, reply),
      );
      expect(answer.status).toBe(404);
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(get).not.toHaveBeenCalled();
    },
  );

  it('answers 404 for an id that is not one of ours', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) => new EncounterController(api).read('visit-1', request, reply));
    expect(answer.status).toBe(404);
    expect(get).not.toHaveBeenCalled();
  });

  it('passes the 404 of a stranger on as an OperationOutcome', async () => {
    const { api } = mockApi({
      [`/v1/case-files/${ID}`]: new FhirError({ status: 404, detail: 'Case file not found' }),
    });
    const answer = await answerOf((reply) => new EncounterController(api).read(ID, request, reply));
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'not-found', diagnostics: 'Case file not found' }],
    });
  });
});
