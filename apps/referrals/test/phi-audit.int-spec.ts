import { randomUUID } from 'node:crypto';
import { PHI_AUDIT_ACTIONS, PhiAudit } from '@referral/platform-audit';
import { startReferrals, referralBody, type TestReferrals } from './support/referrals';

interface AuditRow {
  actor_client_id: string;
  actor_practitioner_id: string | null;
  organization_id: string;
  action: string;
  object_type: string;
  object_id: string;
  request_id: string | null;
  trace_id: string | null;
}

/** Who read or changed a referral, appended in the referrals database and never changed afterwards. */
describe('referrals: PHI audit log (real PostgreSQL)', () => {
  let referrals: TestReferrals;
  const clinic = randomUUID();
  const practitioner = randomUUID();
  const clientId = 'cl_audit_clinic';

  const token = (org = clinic) =>
    referrals.issuer.token({ sub: clientId, org, practitioner, roles: ['clinician'] });
  const entriesFor = (objectId: string): Promise<AuditRow[]> =>
    referrals.dataSource.query(
      `SELECT actor_client_id, actor_practitioner_id, organization_id, action, object_type, object_id,
              request_id, trace_id
         FROM phi_audit_log WHERE object_id = $1 ORDER BY id`,
      [objectId],
    );
  const traceIdOf = (response: Response) => response.headers.get('traceparent')?.split('-')[1];

  beforeAll(async () => {
    referrals = await startReferrals();
  });

  afterAll(async () => {
    await referrals?.close();
  });

  async function submit(body: unknown = referralBody({ caseFileId: referrals.caseFiles.add(clinic) })) {
    return fetch(`${referrals.service.url}/v1/referrals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` },
      body: JSON.stringify(body),
    });
  }

  it('records the creation and every read, with actor, organization, request and trace', async () => {
    const created = await submit();
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const traceId = randomUUID().replace(/-/g, '');
    const read = await fetch(`${referrals.service.url}/v1/referrals/${id}`, {
      headers: {
        authorization: `Bearer ${token()}`,
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-request-id': 'req-audit-read-1',
      },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe('req-audit-read-1');
    expect(traceIdOf(read)).toBe(traceId);

    const who = {
      actor_client_id: clientId,
      actor_practitioner_id: practitioner,
      organization_id: clinic,
      object_type: 'referral',
      object_id: id,
    };
    expect(created.headers.get('x-request-id')).toBeTruthy();
    expect(await entriesFor(id)).toEqual([
      {
        ...who,
        action: 'create',
        request_id: created.headers.get('x-request-id'),
        trace_id: traceIdOf(created),
      },
      { ...who, action: 'read', request_id: read.headers.get('x-request-id'), trace_id: traceId },
    ]);
  });

  it('records nothing for a stranger (404) or a refused submission (422)', async () => {
    const { id } = (await (await submit()).json()) as { id: string };
    const before = await referrals.count('phi_audit_log');

    const stranger = await fetch(`${referrals.service.url}/v1/referrals/${id}`, {
      headers: { authorization: `Bearer ${token(randomUUID())}` },
    });
    expect(stranger.status).toBe(404);
    expect((await submit(referralBody({ priority: 'whenever' }))).status).toBe(422);

    expect(await referrals.count('phi_audit_log')).toBe(before);
    expect(await entriesFor(id)).toEqual([expect.objectContaining({ action: 'create' })]);
  });

  it('accepts every action the code knows, lists them newest first, and the database refuses others', async () => {
    const audit = referrals.service.app.get(PhiAudit);
    const caller = {
      clientId,
      organizationId: clinic,
      practitionerId: null,
      roles: ['clinician' as const],
      issuer: 'test',
    };
    const objectId = randomUUID();
    for (const action of PHI_AUDIT_ACTIONS) {
      await audit.recordNow(caller, { action, objectType: 'case-file', objectId, details: { version: 2 } });
    }

    const newest = await audit.listForObject('case-file', objectId, { limit: 2 });
    expect(newest.map((e) => e.action)).toEqual([...PHI_AUDIT_ACTIONS].reverse().slice(0, 2));
    expect(newest[0]).toMatchObject({ organizationId: clinic, details: { version: 2 }, requestId: null });
    expect(newest[0].occurredAt).toBeInstanceOf(Date);
    const older = await audit.listForObject('case-file', objectId, { before: newest[1].id });
    expect(older.map((e) => e.action)).toEqual([...PHI_AUDIT_ACTIONS].reverse().slice(2));

    await expect(
      referrals.dataSource.query(
        `INSERT INTO phi_audit_log (actor_client_id, organization_id, action, object_type, object_id)
         VALUES ($1, $2, 'peek', 'case-file', $3)`,
        [clientId, clinic, objectId],
      ),
    ).rejects.toThrow('phi_audit_log_action_check');
  });

  it.each([
    ['UPDATE', `UPDATE phi_audit_log SET organization_id = gen_random_uuid()`],
    ['DELETE', `DELETE FROM phi_audit_log`],
    ['TRUNCATE', `TRUNCATE phi_audit_log`],
  ])('refuses %s in the database itself, keeping every entry', async (operation, sql) => {
    expect((await submit()).status).toBe(201);
    const before = await referrals.dataSource.query(`SELECT * FROM phi_audit_log ORDER BY id`);
    await expect(referrals.dataSource.query(sql)).rejects.toThrow(
      `phi_audit_log is append-only: ${operation} refused`,
    );
    expect(await referrals.dataSource.query(`SELECT * FROM phi_audit_log ORDER BY id`)).toEqual(before);
  });
});
