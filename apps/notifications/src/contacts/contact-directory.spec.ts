import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { loadEnv } from '@referral/platform-config';
import { NotificationsEnv } from '../config';
import { ContactDirectory, ContactsUnavailable } from './contact-directory';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

/** A loopback HTTP server answering with `handler`, recording what it was asked. */
async function serve(handler: Handler): Promise<{ url: string; requests: string[]; server: Server }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''} ${body}`);
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests, server };
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};

describe('ContactDirectory: contact details from the directory, with the service’s own token', () => {
  const known = randomUUID();
  let tokens = 0;
  let gateway: Awaited<ReturnType<typeof serve>>;
  let directory: Awaited<ReturnType<typeof serve>>;
  let directoryStatus = 200;

  beforeAll(async () => {
    gateway = await serve((_request, body, response) => {
      const form = new URLSearchParams(body);
      if (form.get('client_id') !== 'notifications' || form.get('client_secret') !== 's3cret') {
        return json(response, 401, { error: 'invalid_client' });
      }
      json(response, 200, { access_token: `token-${++tokens}`, token_type: 'Bearer', expires_in: 900 });
    });
    directory = await serve((request, _body, response) => {
      if (directoryStatus !== 200) return json(response, directoryStatus, {});
      if (!request.headers.authorization?.startsWith('Bearer token-')) return json(response, 401, {});
      if (request.url !== `/v1/practitioners/${known}`) return json(response, 404, {});
      json(response, 200, { id: known, phone: '+923001234567', email: null, languages: ['ur', 'en'] });
    });
  });

  afterAll(() => {
    gateway.server.close();
    directory.server.close();
  });

  const contacts = (env: Record<string, string> = {}) =>
    new ContactDirectory(
      loadEnv(NotificationsEnv, {
        DATABASE_URL: 'postgres://x@127.0.0.1/x',
        KAFKA_BROKERS: '127.0.0.1:9',
        DIRECTORY_URL: directory.url,
        SERVICE_TOKEN_URL: `${gateway.url}/v1/auth/token`,
        SERVICE_CLIENT_ID: 'notifications',
        SERVICE_CLIENT_SECRET: 's3cret',
        ...env,
      }),
    );

  it('reads phone, email and languages with a client-credentials token, and caches both', async () => {
    const directoryOf = contacts();
    const before = { tokens, asked: directory.requests.length };
    expect(await directoryOf.contactOf(known)).toEqual({
      practitionerId: known,
      phone: '+923001234567',
      email: null,
      languages: ['ur', 'en'],
    });
    expect(await directoryOf.contactOf(known)).toMatchObject({ phone: '+923001234567' });
    expect(tokens - before.tokens).toBe(1);
    expect(directory.requests.length - before.asked).toBe(1);
    expect(gateway.requests.at(-1)).toContain('grant_type=client_credentials');
  });

  it('asks the directory every time when CONTACT_CACHE_SECONDS is 0 (a ttl of 0 is "for ever" to lru-cache)', async () => {
    const directoryOf = contacts({ CONTACT_CACHE_SECONDS: '0' });
    const asked = directory.requests.length;
    await directoryOf.contactOf(known);
    await directoryOf.contactOf(known);
    expect(directory.requests.length - asked).toBe(2);
  });

  it('answers null for a practitioner the directory does not know', async () => {
    expect(await contacts().contactOf(randomUUID())).toBeNull();
  });

  it('refuses to guess: no credentials, bad credentials, or a failing directory are ContactsUnavailable', async () => {
    await expect(
      contacts({ SERVICE_CLIENT_ID: '', SERVICE_CLIENT_SECRET: '' }).contactOf(known),
    ).rejects.toThrow(ContactsUnavailable);
    await expect(contacts({ SERVICE_CLIENT_SECRET: 'wrong' }).contactOf(known)).rejects.toThrow(
      ContactsUnavailable,
    );
    directoryStatus = 503;
    try {
      await expect(contacts().contactOf(known)).rejects.toThrow('the directory answered 503');
    } finally {
      directoryStatus = 200;
    }
    await expect(contacts({ DIRECTORY_URL: 'http://127.0.0.1:9' }).contactOf(known)).rejects.toThrow(
      ContactsUnavailable,
    );
  });
});
