import type { OpenApiOptions } from '@referral/platform-http';
import { TOKEN_PATH } from './auth/token.controller';

/** The public API's one document, served by the gateway at `/docs/openapi.json`. */
export const GATEWAY_OPENAPI: OpenApiOptions = {
  title: 'Specialist referral API',
  version: '1',
  description: [
    'Primary-care clinics send patient cases to specialists and get their advice back; partner hospitals integrate over this API and webhooks.',
    '',
    `Get a token with OAuth 2.0 client credentials at \`POST ${TOKEN_PATH}\` and send it as \`Authorization: Bearer <token>\`.`,
    'Errors are RFC 9457 `application/problem+json` with a stable `type` per error code. Creating POSTs take an `Idempotency-Key`; the referral workflow actions accept one too, to retry safely.',
  ].join('\n'),
  tokenUrl: TOKEN_PATH,
  tags: [
    { name: 'auth', description: 'Tokens, signing keys and API clients' },
    {
      name: 'directory',
      description: 'Specialties, organizations, practitioners (PMDC licences) and their roles',
    },
    {
      name: 'patients',
      description: 'Patients of the referring organization; the CNIC is stored encrypted and shown masked',
    },
    {
      name: 'case-files',
      description: 'Case files: versioned clinical content (ETag / If-Match) and who read or changed it',
    },
    { name: 'referrals', description: 'The e-consult workflow: submit, claim, answer, close' },
    { name: 'notifications', description: 'In-app notifications' },
  ],
};
