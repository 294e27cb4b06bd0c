import { judge } from './delivery-worker';

const answered = (status: number) => ({ kind: 'answered' as const, status, durationMs: 12 });

describe('what an attempt’s outcome means', () => {
  it.each([200, 201, 202, 204, 299])('%i: succeeded', (status) => {
    expect(judge(answered(status))).toEqual({
      status: 'succeeded',
      responseStatus: status,
      error: null,
      gone: false,
    });
  });

  it('410: failed for good, the endpoint is gone', () => {
    expect(judge(answered(410))).toEqual({
      status: 'failed',
      responseStatus: 410,
      error: 'endpoint-gone',
      gone: true,
    });
  });

  it.each([301, 302, 303, 307, 308])('%i: a redirect, not followed, failed', (status) => {
    expect(judge(answered(status))).toMatchObject({
      status: 'failed',
      error: 'redirect-not-followed',
      gone: false,
    });
  });

  it.each([100, 400, 401, 404, 409, 429, 500, 502, 503])('%i: failed', (status) => {
    expect(judge(answered(status))).toMatchObject({
      status: 'failed',
      responseStatus: status,
      error: 'http-error',
    });
  });

  it.each(['timeout', 'connection-failed', 'address-refused'] as const)(
    'no answer (%s): failed without a status',
    (error) => {
      expect(judge({ kind: 'failed', error, detail: 'x', durationMs: 1000 })).toEqual({
        status: 'failed',
        responseStatus: null,
        error,
        gone: false,
      });
    },
  );
});
