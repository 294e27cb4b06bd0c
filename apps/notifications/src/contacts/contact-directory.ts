import { Inject, Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { PractitionerResource } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { NotificationsEnv } from '../config';

/** How a practitioner is reached: contact details live in the directory only (its README). */
export interface Contact {
  practitionerId: string;
  phone: string | null;
  email: string | null;
  /** ISO 639 codes, the practitioner's first choice first. */
  languages: string[];
}

export class ContactsUnavailable extends Error {}

/**
 * Asks the directory for a practitioner's contact details when a message is about to be sent (the
 * directory keeps phone numbers and emails out of its events), with this service's own token
 * (client credentials at the gateway). Answers are cached for `CONTACT_CACHE_SECONDS`; none is
 * logged.
 */
@Injectable()
export class ContactDirectory {
  private readonly logger = new Logger(ContactDirectory.name);
  private token?: { value: string; expiresAt: number };
  /** By practitioner id; `contact: null` remembers that the directory does not know them. */
  private readonly cache: LRUCache<string, { contact: Contact | null }> | null;

  constructor(@Inject(SERVICE_ENV) private readonly env: NotificationsEnv) {
    // A ttl of 0 means "for ever" to lru-cache: CONTACT_CACHE_SECONDS=0 keeps no cache at all.
    this.cache = env.CONTACT_CACHE_SECONDS
      ? new LRUCache({ max: 10_000, ttl: env.CONTACT_CACHE_SECONDS * 1000 })
      : null;
  }

  /** Whether contact details can be asked for at all (the service has credentials). */
  get configured(): boolean {
    return Boolean(this.env.SERVICE_CLIENT_ID && this.env.SERVICE_CLIENT_SECRET);
  }

  /**
   * The practitioner's contact details; null when the directory does not know them.
   * @throws ContactsUnavailable when the directory or the token endpoint cannot answer (retry later)
   */
  async contactOf(practitionerId: string, now = Date.now()): Promise<Contact | null> {
    const cached = this.cache?.get(practitionerId);
    if (cached) return cached.contact;
    if (!this.configured)
      throw new ContactsUnavailable('SERVICE_CLIENT_ID / SERVICE_CLIENT_SECRET are not set');
    let response = await this.get(practitionerId, await this.accessToken(now));
    if (response.status === 401) {
      this.token = undefined;
      response = await this.get(practitionerId, await this.accessToken(now));
    }
    let contact: Contact | null = null;
    if (response.status === 200) {
      const practitioner = (await response.json()) as PractitionerResource;
      contact = {
        practitionerId,
        phone: practitioner.phone || null,
        email: practitioner.email ?? null,
        languages: practitioner.languages ?? [],
      };
    } else if (response.status === 404) {
      await response.body?.cancel();
    } else {
      await response.body?.cancel();
      throw new ContactsUnavailable(`the directory answered ${response.status}`);
    }
    this.cache?.set(practitionerId, { contact });
    return contact;
  }

  private async get(practitionerId: string, token: string): Promise<Response> {
    try {
      return await fetch(
        new URL(`/v1/practitioners/${encodeURIComponent(practitionerId)}`, this.env.DIRECTORY_URL),
        {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(5000),
          redirect: 'error',
        },
      );
    } catch (error) {
      throw new ContactsUnavailable(`the directory did not answer: ${(error as Error).name}`);
    }
  }

  private async accessToken(now: number): Promise<string> {
    if (this.token && this.token.expiresAt > now) return this.token.value;
    let response: Response;
    try {
      response = await fetch(this.env.SERVICE_TOKEN_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.env.SERVICE_CLIENT_ID!,
          client_secret: this.env.SERVICE_CLIENT_SECRET!,
        }),
        signal: AbortSignal.timeout(5000),
        redirect: 'error',
      });
    } catch (error) {
      throw new ContactsUnavailable(`the token endpoint did not answer: ${(error as Error).name}`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      this.logger.warn(`the token endpoint refused this service's credentials (${response.status})`);
      throw new ContactsUnavailable(`the token endpoint answered ${response.status}`);
    }
    const body = (await response.json()) as { access_token: string; expires_in: number };
    // Renewed a minute before it expires.
    this.token = { value: body.access_token, expiresAt: now + Math.max(0, body.expires_in - 60) * 1000 };
    return this.token.value;
  }
}
