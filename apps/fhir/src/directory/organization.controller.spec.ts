import { FhirError } from '../http/fhir-error';
import { SYSTEMS } from '../mapping/systems';
import { organization } from '../mapping/test/directory';
import { OrganizationController } from './organization.controller';
import { answerOf, BASE, env, mockApi, request } from './test/http';

const ID = '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01';
const OTHER = 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4';

describe('OrganizationController', () => {
  it('reads the organization', async () => {
    const { api } = mockApi({ [`/v1/organizations/${ID}`]: organization() });
    const answer = await answerOf((reply) => new OrganizationController(env, api).read(ID, request, reply));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      resourceType: 'Organization',
      id: ID,
      name: 'Rural Health Centre Choa Saidan Shah',
      address: [{ district: 'Chakwal', state: 'Punjab', country: 'PK' }],
    });
  });

  it('answers 404 for an id that is not one of ours', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new OrganizationController(env, api).read('rhc-1', request, reply),
    );
    expect(answer.status).toBe(404);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(get).not.toHaveBeenCalled();
  });

  it('searches by kind a page at a time, with our cursor as _cursor in link.next', async () => {
    const { api, get } = mockApi({
      '/v1/organizations': {
        items: [organization({ kind: 'hospital' }), organization({ id: OTHER, kind: 'hospital' })],
        nextCursor: 'c2',
      },
    });
    const answer = await answerOf((reply) =>
      new OrganizationController(env, api).search(
        { type: `${SYSTEMS.organizationKind}|hospital`, _count: '2' },
        request,
        reply,
      ),
    );
    expect(get).toHaveBeenCalledWith(expect.anything(), '/v1/organizations', {
      kind: 'hospital',
      limit: 2,
      cursor: undefined,
    });
    expect(answer.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(answer.body.entry.map((entry: { fullUrl: string }) => entry.fullUrl)).toEqual([
      `${BASE}/Organization/${ID}`,
      `${BASE}/Organization/${OTHER}`,
    ]);
    const next = answer.body.link.find((link: { relation: string }) => link.relation === 'next');
    expect(new URL(next.url).searchParams.get('_cursor')).toBe('c2');
    expect(new URL(next.url).searchParams.get('_count')).toBe('2');
  });

  it('finds nothing for a kind that is not ours, without asking the API', async () => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new OrganizationController(env, api).search(
        { type: 'http://example.org/kinds|hospital' },
        request,
        reply,
      ),
    );
    expect(answer.body.entry).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });

  it('passes the 403 of a non-admin on as an OperationOutcome', async () => {
    const { api } = mockApi({
      '/v1/organizations': new FhirError({ status: 403, detail: 'Role not allowed' }),
    });
    const answer = await answerOf((reply) => new OrganizationController(env, api).search({}, request, reply));
    expect(answer.status).toBe(403);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });

  it('refuses a parameter it does not support (400)', async () => {
    const { api } = mockApi({});
    const answer = await answerOf((reply) =>
      new OrganizationController(env, api).search({ name: 'Mayo' }, request, reply),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.issue[0].diagnostics).toContain('name');
  });
});
