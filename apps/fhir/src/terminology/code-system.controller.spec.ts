import { FhirError } from '../http/fhir-error';
import { ourCodeSystems } from '../mapping/code-systems';
import { SYSTEMS } from '../mapping/systems';
import { answerOf, BASE, env, mockApi, request } from '../directory/test/http';
import { CodeSystemController } from './code-system.controller';

const DERMATOLOGY = { code: 'dermatology', nameEn: 'Dermatology', nameUr: 'امراضِ جلد' };
const CARDIOLOGY = { code: 'cardiology', nameEn: 'Cardiology', nameUr: 'امراضِ قلب' };

/** The directory's specialties in two pages, as `GET /v1/specialties` gives them. */
function specialtiesApi() {
  const { api, get } = mockApi({});
  get.mockImplementation(async (_asker: unknown, path: string, query?: Record<string, unknown>) => {
    if (path !== '/v1/specialties') throw new FhirError({ status: 404 });
    return query?.cursor === 'p2'
      ? { items: [DERMATOLOGY], nextCursor: null }
      : { items: [CARDIOLOGY], nextCursor: 'p2' };
  });
  return { api, get };
}

describe('CodeSystemController', () => {
  it('reads the specialty CodeSystem from every page of the directory’s list, with the Urdu names', async () => {
    const { api, get } = specialtiesApi();
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).read('specialty', request, reply),
    );
    expect(get).toHaveBeenCalledTimes(2);
    expect(get).toHaveBeenLastCalledWith(expect.anything(), '/v1/specialties', { limit: 100, cursor: 'p2' });
    expect(answer.body).toMatchObject({
      resourceType: 'CodeSystem',
      id: 'specialty',
      url: SYSTEMS.specialty,
      content: 'complete',
      count: 2,
      concept: [
        { code: 'cardiology', display: 'Cardiology', designation: [{ language: 'ur', value: 'امراضِ قلب' }] },
        { code: 'dermatology', display: 'Dermatology' },
      ],
    });
  });

  it('reads our own code systems without asking the API', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).read('referral-stage', request, reply),
    );
    expect(answer.body).toMatchObject({
      resourceType: 'CodeSystem',
      id: 'referral-stage',
      url: SYSTEMS.stage,
    });
    expect(get).not.toHaveBeenCalled();
  });

  it('answers 404 as an OperationOutcome for a code system that is not ours', async () => {
    const { api } = mockApi({});
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).read('icd-10', request, reply),
    );
    expect(answer.status).toBe(404);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });

  it('searches by url', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).search({ url: SYSTEMS.declineReason }, request, reply),
    );
    expect(answer.body.entry.map((entry: { fullUrl: string }) => entry.fullUrl)).toEqual([
      `${BASE}/CodeSystem/decline-reason`,
    ]);
    expect(get).not.toHaveBeenCalled();
  });

  it('finds the specialty CodeSystem by its url', async () => {
    const { api } = specialtiesApi();
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).search({ url: SYSTEMS.specialty }, request, reply),
    );
    expect(answer.body.entry.map((entry: { resource: { id: string } }) => entry.resource.id)).toEqual([
      'specialty',
    ]);
  });

  it('lists all of ours a page at a time without a url', async () => {
    const { api } = specialtiesApi();
    const controller = new CodeSystemController(env, api);
    const first = await answerOf((reply) => controller.search({ _count: '3' }, request, reply));
    const ids = (body: { entry?: { resource: { id: string } }[] }) =>
      (body.entry ?? []).map((entry) => entry.resource.id);
    expect(ids(first.body)).toEqual([
      'specialty',
      ...ourCodeSystems()
        .slice(0, 2)
        .map((system) => system.id),
    ]);
    const next = new URL(first.body.link.find((link: { relation: string }) => link.relation === 'next').url);
    const second = await answerOf((reply) =>
      controller.search(Object.fromEntries(next.searchParams), request, reply),
    );
    expect(ids(second.body)).toEqual(
      ourCodeSystems()
        .slice(2, 5)
        .map((system) => system.id),
    );
  });

  it('passes the 401 of a caller without a usable token on as an OperationOutcome', async () => {
    const { api, get } = mockApi({});
    get.mockRejectedValue(new FhirError({ status: 401, detail: 'Invalid token' }));
    const answer = await answerOf((reply) =>
      new CodeSystemController(env, api).read('specialty', request, reply),
    );
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer');
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });
});
