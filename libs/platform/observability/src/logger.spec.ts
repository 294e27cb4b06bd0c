import { Writable } from 'node:stream';
import { createLogger, type Logger } from './logger';

/** The JSON lines a logger writes. */
function capture(log: (logger: Logger) => void): string {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  log(createLogger('test', 'info', stream));
  return lines.join('');
}

describe('createLogger', () => {
  it('removes secrets, CNICs and failed-query values wherever they appear', () => {
    const text = capture((logger) =>
      logger.error(
        {
          client_secret: 's3cret-value',
          body: { cnic: '35202-1234567-3' },
          err: Object.assign(new Error('duplicate key value violates unique constraint'), {
            parameters: ['Bibi Zainab', '+923001234567'],
            detail: 'Key (pmdc_number)=(PMDC-12345-P) already exists.',
            driverError: { detail: 'Key (pmdc_number)=(PMDC-12345-P) already exists.' },
          }),
        },
        'unhandled error',
      ),
    );
    const entry = JSON.parse(text);
    expect(entry).toMatchObject({ service: 'test', level: 'error', msg: 'unhandled error' });
    for (const leaked of ['s3cret-value', '35202', 'Bibi', '+9230', 'PMDC-12345-P']) {
      expect(text).not.toContain(leaked);
    }
    expect(entry.err.message).toBe('duplicate key value violates unique constraint');
  });
});
