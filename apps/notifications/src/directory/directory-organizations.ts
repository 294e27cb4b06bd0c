import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OrganizationResource } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { NotificationsEnv } from '../config';

/** The directory could not be asked (unreachable, timed out, or answered 5xx or anything unexpected). */
export class DirectoryUnavailable extends Error {}

/**
 * Asks the directory (`GET /v1/organizations/{id}` at DIRECTORY_URL) about an organization with the
 * caller's own token, so that the directory decides what the caller may read (admins: every
 * organization): for organizations the projection has not heard of (created before the retention of
 * `directory.organization.v1`).
 */
@Injectable()
export class DirectoryOrganizations {
  private readonly logger = new Logger(DirectoryOrganizations.name);

  constructor(@Inject(SERVICE_ENV) private readonly env: NotificationsEnv) {}

  /**
   * The organization, or null when the directory answers 404 (no such organization, or not one the
   * caller may read).
   * @throws DirectoryUnavailable when the directory does not answer, or answers anything else
   */
  async find(organizationId: string, authorization: string): Promise<OrganizationResource | null> {
    const url = new URL(`/v1/organizations/${encodeURIComponent(organizationId)}`, this.env.DIRECTORY_URL);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(5000),
        redirect: 'error',
      });
    } catch (error) {
      this.logger.warn(`directory organization: ${(error as Error).name}: ${(error as Error).message}`);
      throw new DirectoryUnavailable(`the directory did not answer: ${(error as Error).name}`);
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      this.logger.warn(`directory organization answered ${response.status}`);
      throw new DirectoryUnavailable(`the directory answered ${response.status}`);
    }
    const organization = (await response.json()) as OrganizationResource;
    if (organization?.id?.toLowerCase() !== organizationId.toLowerCase()) {
      throw new DirectoryUnavailable('the directory answered another organization');
    }
    return organization;
  }
}
