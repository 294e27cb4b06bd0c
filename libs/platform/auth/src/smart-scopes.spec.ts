import { parseSmartScope, scopePermits, SMART_RESOURCES, type ScopeInteraction } from './smart-scopes';

const ALL: ScopeInteraction[] = ['c', 'r', 'u', 'd', 's'];
const granted = (scopes: string[] | undefined, resource: string) =>
  ALL.filter((interaction) => scopePermits(scopes, resource, interaction)).join('');

describe('parseSmartScope', () => {
  it.each([
    ['system/ServiceRequest.cruds', 'ServiceRequest', 'cruds'],
    ['system/Task.rs', 'Task', 'rs'],
    ['system/Patient.r', 'Patient', 'r'],
    ['system/*.cud', '*', 'cud'],
    ['system/Binary.read', 'Binary', 'rs'],
    ['system/Communication.write', 'Communication', 'cud'],
    ['system/*.*', '*', 'cruds'],
  ])('reads %s', (scope, resource, letters) => {
    const parsed = parseSmartScope(scope);
    expect(parsed?.resource).toBe(resource);
    expect([...(parsed?.interactions ?? [])].join('')).toBe(letters);
  });

  it('knows every resource the facade serves', () => {
    for (const resource of SMART_RESOURCES) expect(parseSmartScope(`system/${resource}.rs`)).not.toBeNull();
  });

  it.each([
    'system/Observation.rs', // not served
    'system/task.rs', // resource types are case-sensitive
    'system/Task.sr', // v2 letters out of order
    'system/Task.rr',
    'system/Task.x',
    'system/Task.',
    'system/Task',
    'system/Task.rs?status=requested', // v2 query parameters: not supported
    'patient/Task.rs', // other contexts
    'user/Task.rs',
    'openid',
    'launch/patient',
    '',
  ])('refuses %j', (scope) => {
    expect(parseSmartScope(scope)).toBeNull();
  });
});

describe('scopePermits', () => {
  it('restricts nothing without scopes', () => {
    expect(granted(undefined, 'Task')).toBe('cruds');
  });

  it('grants the v2 letters of the scope naming the resource, or *', () => {
    expect(granted(['system/ServiceRequest.cruds', 'system/Task.rs'], 'ServiceRequest')).toBe('cruds');
    expect(granted(['system/ServiceRequest.cruds', 'system/Task.rs'], 'Task')).toBe('rs');
    expect(granted(['system/ServiceRequest.cruds', 'system/Task.rs'], 'Patient')).toBe('');
    expect(granted(['system/*.rs', 'system/Task.u'], 'Task')).toBe('rus');
  });

  it('reads v1 read as read and search, write as create, update and delete, * as all', () => {
    expect(granted(['system/Task.read'], 'Task')).toBe('rs');
    expect(granted(['system/Task.write'], 'Task')).toBe('cud');
    expect(granted(['system/*.*'], 'Binary')).toBe('cruds');
  });

  it('grants nothing for an empty list or scopes that are not system scopes', () => {
    expect(granted([], 'Task')).toBe('');
    expect(granted(['openid', 'patient/Task.cruds', 'user/*.cruds'], 'Task')).toBe('');
  });
});
