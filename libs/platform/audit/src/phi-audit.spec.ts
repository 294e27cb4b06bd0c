import type { DataSource, EntityManager } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { runInContext } from '@referral/platform-observability';
import { PhiAudit, type PhiAccess } from './phi-audit';

const caller: Caller = {
  clientId: 'cl_bhu_chak_45',
  organizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  practitionerId: '2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40',
  roles: ['clinician'],
  issuer: 'urn:specialist-referral:gateway',
};
const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };

describe('PhiAudit', () => {
  const query = jest.fn().mockResolvedValue([]);
  const manager = { query } as unknown as EntityManager;
  const audit = new PhiAudit({ manager, query } as unknown as DataSource);

  beforeEach(() => query.mockClear());

  it("writes who, which organization, what and which request through the caller's transaction", async () => {
    await runInContext({ requestId: 'req-1', trace }, () =>
      audit.record(manager, caller, {
        action: 'update',
        objectType: 'case-file',
        objectId: 'cf-1',
        details: { version: 3 },
      }),
    );
    expect(query).toHaveBeenCalledTimes(1);
    const [sql, values] = query.mock.calls[0];
    expect(sql).toContain('INSERT INTO phi_audit_log');
    expect(values).toEqual([
      caller.clientId,
      caller.practitionerId,
      caller.organizationId,
      'update',
      'case-file',
      'cf-1',
      'req-1',
      trace.traceId,
      '{"version":3}',
    ]);
  });

  it('records without a request context (a consumer, a job) with no request id', async () => {
    await audit.recordNow(
      { ...caller, practitionerId: null },
      { action: 'read', objectType: 'referral', objectId: 'r-1' },
    );
    const [, values] = query.mock.calls[0];
    expect(values[1]).toBeNull();
    expect(values.slice(6)).toEqual([null, null, null]);
  });

  it('refuses an unknown action or an object type that is not kebab-case, writing nothing', async () => {
    await expect(
      audit.record(manager, caller, {
        action: 'peek',
        objectType: 'referral',
        objectId: 'r',
      } as unknown as PhiAccess),
    ).rejects.toThrow('unknown PHI audit action peek');
    await expect(
      audit.record(manager, caller, { action: 'read', objectType: 'Case File', objectId: 'r' }),
    ).rejects.toThrow('kebab-case');
    expect(query).not.toHaveBeenCalled();
  });

  it("lists an object's entries newest first, paging back by id", async () => {
    query.mockResolvedValueOnce([
      {
        id: '12',
        occurred_at: new Date('2026-11-26T10:00:00Z'),
        actor_client_id: caller.clientId,
        actor_practitioner_id: null,
        organization_id: caller.organizationId,
        action: 'read',
        object_type: 'case-file',
        object_id: 'cf-1',
        request_id: 'req-9',
        trace_id: null,
        details: null,
      },
    ]);
    const entries = await audit.listForObject('case-file', 'cf-1', { limit: 10_000, before: '20' });
    expect(query.mock.calls[0][1]).toEqual(['case-file', 'cf-1', '20', 500]);
    expect(entries).toEqual([
      expect.objectContaining({ id: '12', action: 'read', objectId: 'cf-1', requestId: 'req-9' }),
    ]);
  });
});
