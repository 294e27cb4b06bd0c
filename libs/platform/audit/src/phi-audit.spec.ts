import { LessThan, type DataSource, type EntityManager } from 'typeorm';
import type { Caller } from '@referral/platform-auth';
import { runInContext } from '@referral/platform-observability';
import { PhiAudit, type PhiAccess } from './phi-audit';
import { PhiAuditEntryEntity } from './phi-audit-entry.entity';

const caller: Caller = {
  clientId: 'cl_bhu_chak_45',
  organizationId: '7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01',
  practitionerId: '2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40',
  roles: ['clinician'],
  issuer: 'urn:specialist-referral:gateway',
};
const trace = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', flags: '01' };

describe('PhiAudit', () => {
  const insert = jest.fn().mockResolvedValue(undefined);
  const manager = { insert } as unknown as EntityManager;
  const find = jest.fn().mockResolvedValue([]);
  const hasMetadata = jest.fn().mockReturnValue(true);
  const dataSource = { manager, hasMetadata, getRepository: () => ({ find }) } as unknown as DataSource;
  const audit = new PhiAudit(dataSource);

  beforeEach(() => {
    insert.mockClear();
    find.mockClear();
  });

  it("writes who, which organization, what and which request through the caller's manager", async () => {
    await runInContext({ requestId: 'req-1', trace }, () =>
      audit.record(manager, caller, {
        action: 'update',
        objectType: 'case-file',
        objectId: 'cf-1',
        details: { version: 3 },
      }),
    );
    expect(insert).toHaveBeenCalledTimes(1);
    expect(insert).toHaveBeenCalledWith(PhiAuditEntryEntity, {
      actorClientId: caller.clientId,
      actorPractitionerId: caller.practitionerId,
      organizationId: caller.organizationId,
      action: 'update',
      objectType: 'case-file',
      objectId: 'cf-1',
      requestId: 'req-1',
      traceId: trace.traceId,
      details: { version: 3 },
    });
  });

  it('records without a request context (a consumer, a job): no request or trace id', async () => {
    await audit.recordNow(
      { ...caller, practitionerId: null },
      { action: 'read', objectType: 'referral', objectId: 'r-1' },
    );
    expect(insert.mock.calls[0][1]).toMatchObject({
      actorPractitionerId: null,
      requestId: null,
      traceId: null,
      details: null,
    });
  });

  it.each([
    ['an unknown action', { action: 'peek' }, 'unknown PHI audit action peek'],
    ['an object type that is not kebab-case', { objectType: 'Case File' }, 'kebab-case'],
    ['no object id', { objectId: '' }, 'without an object id'],
    ['a CNIC in details', { details: { note: '35202-1234567-1' } }, 'details carry ids and versions'],
    ['text in details', { details: { note: 'x'.repeat(101) } }, 'details carry ids and versions'],
  ])('refuses %s and writes nothing', async (_, change, message) => {
    const access = { action: 'read', objectType: 'referral', objectId: 'r-1', ...change } as PhiAccess;
    await expect(audit.record(manager, caller, access)).rejects.toThrow(message);
    expect(insert).not.toHaveBeenCalled();
  });

  it('keeps a CNIC out of its own error message', async () => {
    const access: PhiAccess = {
      action: 'read',
      objectType: 'patient',
      objectId: 'p-1',
      details: { query: '3520212345671' },
    };
    await expect(audit.record(manager, caller, access)).rejects.toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('3520212345671') }),
    );
  });

  it("lists an object's entries newest first, paging back by id, at most 500 at a time", async () => {
    await audit.listForObject('case-file', 'cf-1', { limit: 10_000, before: '20' });
    expect(find).toHaveBeenCalledWith({
      where: { objectType: 'case-file', objectId: 'cf-1', id: LessThan('20') },
      order: { id: 'DESC' },
      take: 500,
    });
    await audit.listForObject('case-file', 'cf-1');
    expect(find.mock.calls[1][0]).toEqual({
      where: { objectType: 'case-file', objectId: 'cf-1' },
      order: { id: 'DESC' },
      take: 50,
    });
    expect(() => audit.listForObject('case-file', 'cf-1', { before: '1; DROP' })).toThrow('entry id');
  });

  it('refuses to start in a service whose entities lack the audit entry', () => {
    expect(() => audit.onModuleInit()).not.toThrow();
    hasMetadata.mockReturnValueOnce(false);
    expect(() => audit.onModuleInit()).toThrow('add it to entities.ts');
  });
});
