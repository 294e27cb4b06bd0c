import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { CaseFileSummary } from '@referral/contracts';

/**
 * A stand-in for the case-files service's internal summary endpoint in the referrals service's own
 * integration tests (the end-to-end tests use the real one): answers
 * `GET /v1/case-files/{id}/summary` for the case files registered here, to a bearer token of the
 * owning organization (its `org` claim; the token's signature is the real service's business), 404
 * otherwise. Records how many times it was asked.
 */
export class CaseFilesStub {
  readonly caseFiles = new Map<string, CaseFileSummary>();
  requests = 0;
  /** When set, every request is answered with this status (e.g. 500: case-files is failing). */
  failWith?: number;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.requests++;
      const match = /^\/v1\/case-files\/([^/]+)\/summary$/.exec(request.url ?? '');
      const summary = match ? this.caseFiles.get(match[1]) : undefined;
      const org = organizationOf(request.headers.authorization);
      response.setHeader('content-type', 'application/json');
      if (this.failWith) {
        response.statusCode = this.failWith;
        response.end('{}');
      } else if (!summary || summary.organizationId !== org) {
        response.statusCode = 404;
        response.end(JSON.stringify({ status: 404 }));
      } else {
        response.end(JSON.stringify(summary));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  /** A case file of the organization (a synthetic patient); its id. */
  add(organizationId: string, patient: Partial<CaseFileSummary> = {}): string {
    const caseFileId = randomUUID();
    this.caseFiles.set(caseFileId, {
      caseFileId,
      patientId: randomUUID(),
      organizationId,
      patientSex: 'female',
      patientAgeBand: '25-44',
      version: 1,
      attachmentIds: [],
      ...patient,
    });
    return caseFileId;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function organizationOf(authorization: string | undefined): string | undefined {
  const token = authorization?.replace(/^Bearer /, '');
  try {
    return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')).org;
  } catch {
    return undefined;
  }
}
