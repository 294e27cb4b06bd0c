import { loggableUrl } from './request-log-redaction';

// Synthetic numbers: none belongs to a real person.
describe('loggableUrl', () => {
  it.each([
    ['/v1/patients?cnic=35202-1234567-3', '/v1/patients?cnic=…'],
    ['/v1/patients?cnic=3520212345673&limit=20', '/v1/patients?cnic=…&limit=…'],
    ['/v1/patients?c%6Enic=3520212345673', '/v1/patients?…'],
    ['/v1/patients?3520212345673', '/v1/patients?…'],
    ['/v1/patients/35202-1234567-3', '/v1/patients/*'],
    ['/v1/patients/3520212345673?x=1', '/v1/patients/*?x=…'],
    [
      '/v1/patients/0c4f7f0e-2f7e-4a57-9d43-8d6f0b1f2a10',
      '/v1/patients/0c4f7f0e-2f7e-4a57-9d43-8d6f0b1f2a10',
    ],
    ['/health/ready', '/health/ready'],
  ])('logs %s as %s', (url, logged) => {
    expect(loggableUrl(url)).toBe(logged);
  });
});
