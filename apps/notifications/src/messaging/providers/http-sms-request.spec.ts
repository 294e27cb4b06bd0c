import { DEFAULT_SMS_HTTP_BODY_TEMPLATE } from '../../config';
import { authHeader, providerMessageId, renderSmsBody } from './http-sms-request';

describe('HTTP SMS gateway request', () => {
  it('fills the default body template', () => {
    expect(
      JSON.parse(
        renderSmsBody(DEFAULT_SMS_HTTP_BODY_TEMPLATE, { to: '+923001234567', text: 'Hi', from: 'Referrals' }),
      ),
    ).toEqual({ to: '+923001234567', from: 'Referrals', text: 'Hi' });
  });

  it('JSON-escapes each value, so no text changes the structure of the body', () => {
    const text = 'He said "stop" \\ then\n{"to":"+920000000000"}\u0000 آپ کا ریفرل 😀';
    const body = renderSmsBody(
      '{"message":{"recipients":["{{to}}"],"body":"{{text}}"},"sender":"{{from}}"}',
      {
        to: '+923001234567',
        text,
        from: 'Ref"x',
      },
    );
    expect(JSON.parse(body)).toEqual({
      message: { recipients: ['+923001234567'], body: text },
      sender: 'Ref"x',
    });
  });

  it('fills a placeholder used twice and leaves other braces alone', () => {
    expect(
      renderSmsBody('{"a":"{{to}}","b":"{{to}}","c":"{{other}}"}', { to: '1', text: '', from: '' }),
    ).toBe('{"a":"1","b":"1","c":"{{other}}"}');
  });

  it.each([
    [undefined, {}],
    ['', {}],
    ['Bearer abc.def', { authorization: 'Bearer abc.def' }],
    ['Basic dXNlcjpwYXNz', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['X-Api-Key: s3cr3t:with:colons', { 'x-api-key': 's3cr3t:with:colons' }],
    ['Authorization: Token abc', { authorization: 'Token abc' }],
  ])('sends SMS_HTTP_AUTH_HEADER %p as %p', (setting, headers) => {
    expect(authHeader(setting)).toEqual(headers);
  });

  it.each([
    ['{"id":"msg-1"}', 'id', 'msg-1'],
    ['{"id":42}', 'id', '42'],
    ['{"data":{"messageId":"abc"}}', 'data.messageId', 'abc'],
    ['{"data":{}}', 'data.messageId', null],
    ['{"id":""}', 'id', null],
    ['{"id":{"x":1}}', 'id', null],
    ['accepted', 'id', null],
    ['', 'id', null],
  ])('reads the message id of %p at %p', (body, field, id) => {
    expect(providerMessageId(body, field)).toBe(id);
  });
});
