import { SYSTEMS } from '../mapping/systems';
import { answerOf, env } from '../directory/test/http';
import { NamingSystemController } from './naming-system.controller';

const ids = (body: { entry?: { resource: { id: string } }[] }) =>
  (body.entry ?? []).map((entry) => entry.resource.id);

describe('NamingSystemController', () => {
  const controller = new NamingSystemController(env);

  it('reads the PMDC number NamingSystem by its short id', async () => {
    const answer = await answerOf(async (reply) => controller.read('pmdc-number', reply));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      resourceType: 'NamingSystem',
      id: 'pmdc-number',
      kind: 'identifier',
      uniqueId: [{ type: 'uri', value: SYSTEMS.pmdcNumber, preferred: true }],
    });
  });

  it('answers 404 as an OperationOutcome for one that is not ours', async () => {
    const answer = await answerOf(async (reply) => controller.read('cnic', reply));
    expect(answer.status).toBe(404);
    expect(answer.body.resourceType).toBe('OperationOutcome');
  });

  it('searches by value (the URI, in any case, or its start)', async () => {
    const exact = await answerOf(async (reply) => controller.search({ value: SYSTEMS.patientId }, reply));
    expect(ids(exact.body)).toEqual(['patient-id']);
    const start = await answerOf(async (reply) =>
      controller.search({ value: `${SYSTEMS.pmdcNumber.slice(0, -6).toUpperCase()}` }, reply),
    );
    expect(ids(start.body)).toEqual(['pmdc-number']);
    const none = await answerOf(async (reply) => controller.search({ value: 'urn:oid:2.16.586' }, reply));
    expect(ids(none.body)).toEqual([]);
  });

  it('lists all five a page at a time', async () => {
    const first = await answerOf(async (reply) => controller.search({ _count: '4' }, reply));
    expect(ids(first.body)).toEqual(['pmdc-number', 'referral-id', 'patient-id', 'practitioner-id']);
    const next = new URL(first.body.link.find((link: { relation: string }) => link.relation === 'next').url);
    expect(next.searchParams.get('_cursor')).toBe('4');
    const second = await answerOf(async (reply) =>
      controller.search(Object.fromEntries(next.searchParams), reply),
    );
    expect(ids(second.body)).toEqual(['organization-id']);
    expect(second.body.link).toHaveLength(1);
  });

  it('refuses a cursor that is not ours (400)', async () => {
    const answer = await answerOf(async (reply) => controller.search({ _cursor: 'abc' }, reply));
    expect(answer.status).toBe(400);
  });
});
