import { createServer, type Server } from 'node:http';
import { TOPICS } from '@referral/contracts';
import type { TestDatabase } from '@referral/testing';
import { startIssuedTestService, type IssuedTestService, type TestIssuer } from '@referral/testing-service';
import { AppModule } from '../../src/app.module';
import { NotificationsEnv } from '../../src/config';
import { entities } from '../../src/entities';
import { migrations } from '../../src/migrations';

export interface Contact {
  phone: string | null;
  email: string | null;
  languages: string[];
}

/**
 * The directory's contact endpoint and the gateway's token endpoint, as the notifications service
 * sees them (the end-to-end tests use the real ones): contact details of the practitioners registered
 * here, to a bearer token this stand-in issued.
 */
export class ContactsStub {
  readonly contacts = new Map<string, Contact>();
  down = false;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/v1/auth/token') {
        response.end(JSON.stringify({ access_token: 'stub-token', token_type: 'Bearer', expires_in: 900 }));
        return;
      }
      const id = /^\/v1\/practitioners\/([^/]+)$/.exec(request.url ?? '')?.[1];
      const contact = id && this.contacts.get(id);
      if (this.down) response.statusCode = 503;
      else if (request.headers.authorization !== 'Bearer stub-token') response.statusCode = 401;
      else if (!contact) response.statusCode = 404;
      response.end(JSON.stringify(contact ? { id, ...contact } : {}));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * The notifications service reading referral and practitioner events, with contact details from
 * `contacts` and its dispatch worker driven by the test (`DISPATCH_INTERVAL_MS=0`). With `options`:
 * on that database, trusting that issuer (another instance), and consuming only those topics (none: a
 * test that feeds no events need not apply the topics' history).
 */
export function startNotificationsWithContacts(
  contacts: ContactsStub,
  env: Record<string, string> = {},
  options: { database?: TestDatabase; issuer?: TestIssuer; consumes?: string[] } = {},
): Promise<IssuedTestService> {
  const { consumes = [TOPICS.referral, TOPICS.directoryPractitioner], ...shared } = options;
  return startIssuedTestService({
    ...shared,
    name: 'notifications',
    envClass: NotificationsEnv,
    appModule: AppModule,
    entities,
    migrations,
    consumes,
    env: {
      DIRECTORY_URL: contacts.url,
      SERVICE_TOKEN_URL: `${contacts.url}/v1/auth/token`,
      SERVICE_CLIENT_ID: 'notifications',
      SERVICE_CLIENT_SECRET: 'notifications-secret',
      CONTACT_CACHE_SECONDS: '0',
      DISPATCH_INTERVAL_MS: '0',
      ...env,
    },
  });
}
