import type { PractitionerSearchResult } from '@referral/contracts';
import { FhirError } from '../http/fhir-error';
import { SYSTEMS } from '../mapping/systems';
import { practitioner, role } from '../mapping/test/directory';
import { PractitionerRoleController } from './practitioner-role.controller';
import { answerOf, BASE, env, mockApi, request } from './test/http';

const PRACTITIONER = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';

const result = (changes: Partial<PractitionerSearchResult> = {}): PractitionerSearchResult => ({
  roleId: '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69',
  practitionerId: PRACTITIONER,
  name: 'Dr. Ayesha Siddiqui',
  specialtyCode: 'dermatology',
  organizationId: 'a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4',
  languages: ['ur', 'en'],
  maxOpenCases: 10,
  licenceType: 'full',
  licenceExpiresOn: '2027-12-31',
  availability: [],
  ...changes,
});

type Entry = { resource: { resourceType: string; id: string }; search: { mode: string } };
const shapes = (body: { entry: Entry[] }) =>
  body.entry.map((entry) => [entry.resource.resourceType, entry.resource.id, entry.search.mode]);

describe('PractitionerRoleController', () => {
  it('searches by specialty through the eligible-specialists search, paged with _count and _cursor', async () => {
    const { api, get } = mockApi({
      '/v1/practitioners': {
        items: [result(), result({ roleId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', practitionerId: OTHER })],
        nextCursor: 'next-1',
      },
    });
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(
        { specialty: `${SYSTEMS.specialty}|dermatology`, _count: '2', _cursor: 'prev' },
        request,
        reply,
      ),
    );
    expect(get).toHaveBeenCalledWith(expect.anything(), '/v1/practitioners', {
      specialty: 'dermatology',
      limit: 2,
      cursor: 'prev',
    });
    expect(shapes(answer.body)).toEqual([
      ['PractitionerRole', '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69', 'match'],
      ['PractitionerRole', 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', 'match'],
    ]);
    expect(answer.body.entry[0].resource).toMatchObject({
      practitioner: { reference: `Practitioner/${PRACTITIONER}`, display: 'Dr. Ayesha Siddiqui' },
      specialty: [{ coding: [{ system: SYSTEMS.specialty, code: 'dermatology', display: 'Dermatology' }] }],
      availableTime: [{ allDay: true }],
    });
    const next = answer.body.link.find((link: { relation: string }) => link.relation === 'next');
    expect(next.url.startsWith(`${BASE}/PractitionerRole?`)).toBe(true);
    expect(new URL(next.url).searchParams.get('_cursor')).toBe('next-1');
  });

  it('includes the practitioners once each, as the search shows them (no PMDC number)', async () => {
    const { api } = mockApi({
      '/v1/practitioners': {
        items: [
          result(),
          result({ roleId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', specialtyCode: 'dermatology' }),
        ],
        nextCursor: null,
      },
    });
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(
        { specialty: 'dermatology', _include: 'PractitionerRole:practitioner' },
        request,
        reply,
      ),
    );
    expect(shapes(answer.body)).toEqual([
      ['PractitionerRole', '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69', 'match'],
      ['PractitionerRole', 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b', 'match'],
      ['Practitioner', PRACTITIONER, 'include'],
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(SYSTEMS.pmdcNumber);
    expect(answer.body.link.map((link: { relation: string }) => link.relation)).toEqual(['self']);
  });

  it('keeps only the practitioner asked for when both are given', async () => {
    const { api } = mockApi({
      '/v1/practitioners': {
        items: [result(), result({ roleId: 'r2', practitionerId: OTHER })],
        nextCursor: null,
      },
    });
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(
        { specialty: 'dermatology', practitioner: `Practitioner/${OTHER}` },
        request,
        reply,
      ),
    );
    expect(shapes(answer.body)).toEqual([['PractitionerRole', 'r2', 'match']]);
  });

  it('gives every role of a practitioner from their read, with practitioner alone', async () => {
    const inactive = role({
      id: 'f0e1d2c3-b4a5-4968-8776-655443322110',
      specialtyCode: 'cardiology',
      active: false,
    });
    const { api, get } = mockApi({
      [`/v1/practitioners/${PRACTITIONER}`]: practitioner({ roles: [role(), inactive] }),
    });
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(
        { practitioner: `Practitioner/${PRACTITIONER}`, _include: 'PractitionerRole:practitioner' },
        request,
        reply,
      ),
    );
    expect(get).toHaveBeenCalledWith(expect.anything(), `/v1/practitioners/${PRACTITIONER}`);
    expect(shapes(answer.body)).toEqual([
      ['PractitionerRole', '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69', 'match'],
      ['PractitionerRole', 'f0e1d2c3-b4a5-4968-8776-655443322110', 'match'],
      ['Practitioner', PRACTITIONER, 'include'],
    ]);
    expect(answer.body.entry[1].resource).toMatchObject({ active: false });
    expect(answer.body.entry[2].resource.identifier[0]).toEqual({
      system: SYSTEMS.pmdcNumber,
      value: '12345-P',
    });
  });

  it('finds nothing for a practitioner the caller may not read (their 404)', async () => {
    const { api } = mockApi({});
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search({ practitioner: PRACTITIONER }, request, reply),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.entry).toBeUndefined();
  });

  it.each([
    [{ specialty: 'http://snomed.info/sct|394582007' }],
    [{ specialty: 'astrology' }],
    [{ practitioner: 'Practitioner/12345-P' }],
    [{ practitioner: `Organization/${PRACTITIONER}` }],
  ])('finds nothing for %j, without asking the API', async (query) => {
    const { api, get } = mockApi({});
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(query, request, reply),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.entry).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });

  it.each([
    [{}, 'specialty'],
    [{ specialty: 'dermatology', _include: 'PractitionerRole:organization' }, '_include'],
    [{ specialty: 'dermatology', location: 'x' }, 'location'],
  ])('refuses %j with 400', async (query, named) => {
    const { api } = mockApi({});
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search(query, request, reply),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    expect(answer.body.issue[0].diagnostics).toContain(named);
  });

  it('passes the search’s 403 on as an OperationOutcome (a specialist may not search)', async () => {
    const { api } = mockApi({
      '/v1/practitioners': new FhirError({ status: 403, detail: 'Role not allowed' }),
    });
    const answer = await answerOf((reply) =>
      new PractitionerRoleController(env, api).search({ specialty: 'dermatology' }, request, reply),
    );
    expect(answer.status).toBe(403);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });
});
