import { Inject, Injectable, Logger } from '@nestjs/common';
import type { CaseFileSummary } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { ReferralsEnv } from '../config';
import { caseFilesUnavailable } from './referral-problems';

/**
 * Asks the case-files service (its internal `GET /v1/case-files/{id}/summary`) with the caller's own
 * token, so that case-files decides whether the caller may read the case file: 404 there is null here.
 */
@Injectable()
export class CaseFilesClient {
  private readonly logger = new Logger(CaseFilesClient.name);

  constructor(@Inject(SERVICE_ENV) private readonly env: ReferralsEnv) {}

  /** The summary, or null when there is no such case file or the caller may not read it. */
  async summary(caseFileId: string, authorization: string): Promise<CaseFileSummary | null> {
    const url = new URL(`/v1/case-files/${encodeURIComponent(caseFileId)}/summary`, this.env.CASE_FILES_URL);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(this.env.CASE_FILES_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      this.logger.warn(`case-files summary: ${(error as Error).name}: ${(error as Error).message}`);
      throw caseFilesUnavailable();
    }
    if (response.status === 404 || response.status === 403) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) {
      await response.body?.cancel();
      this.logger.warn(`case-files summary answered ${response.status}`);
      throw caseFilesUnavailable();
    }
    return (await response.json()) as CaseFileSummary;
  }
}
