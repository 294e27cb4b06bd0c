import { Injectable } from '@nestjs/common';
import {
  pageOf,
  pageSize,
  type ListReferralsQuery,
  type MessageThread,
  type PageQuery,
  type ReferralHistory,
  type ReferralPage,
  type ReferralResource,
} from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import {
  decodeKeysetCursor,
  decodeSequenceCursor,
  encodeKeysetCursor,
  encodeSequenceCursor,
} from '@referral/platform-database';
import { readCursor } from '@referral/platform-http';
import { referralNotFound } from './referral-problems';
import { toHistoryEntry, toMessageResource, toReferralResource } from './referral-resource';
import type { ReferralEntity } from './referral.entity';
import { ReferralRepository } from './referral.repository';

/**
 * Reading referrals as API.md's "Who sees referrals" allows: lists a page at a time (keyset cursors),
 * and every read of patient data recorded in the PHI audit.
 */
@Injectable()
export class ReferralReads {
  constructor(
    private readonly referrals: ReferralRepository,
    private readonly audit: PhiAudit,
  ) {}

  async list(caller: Caller, query: ListReferralsQuery): Promise<ReferralPage> {
    const before = readCursor(query.cursor, decodeKeysetCursor);
    const limit = pageSize(query);
    const rows = await this.referrals.list(caller, { ...query, before, limit });
    await this.audit.recordNow(caller, {
      action: 'search',
      objectType: 'referral',
      objectId: 'list',
      details: { results: Math.min(rows.length, limit) },
    });
    return pageOf(rows, limit, toReferralResource, encodeKeysetCursor);
  }

  async read(caller: Caller, id: string): Promise<ReferralResource> {
    const referral = await this.visible(caller, id);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral', objectId: id });
    return toReferralResource(referral);
  }

  async history(caller: Caller, id: string, query: PageQuery): Promise<ReferralHistory> {
    const afterSeq = readCursor(query.cursor, decodeSequenceCursor);
    await this.visible(caller, id);
    const limit = pageSize(query);
    const rows = await this.referrals.history(id, { afterSeq, limit });
    return pageOf(rows, limit, toHistoryEntry, (last) => encodeSequenceCursor(last.seq));
  }

  /** The thread, for its two sides only (isOnThread). */
  async messages(caller: Caller, id: string, query: PageQuery): Promise<MessageThread> {
    const after = readCursor(query.cursor, decodeKeysetCursor);
    const referral = await this.referrals.findVisible(id, caller);
    if (!referral || !isOnThread(caller, referral)) throw referralNotFound(id);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral-messages', objectId: id });
    const limit = pageSize(query);
    const rows = await this.referrals.messages(id, { after, limit });
    return pageOf(rows, limit, toMessageResource, encodeKeysetCursor);
  }

  private async visible(caller: Caller, id: string): Promise<ReferralEntity> {
    const referral = await this.referrals.findVisible(id, caller);
    if (!referral) throw referralNotFound(id);
    return referral;
  }
}

/**
 * The two sides of the thread: the referring organization's clinicians (and its partner system), and
 * the specialist holding or chosen for it.
 */
function isOnThread(caller: Caller, referral: ReferralEntity): boolean {
  return (
    referral.referringOrganizationId === caller.organizationId ||
    (caller.practitionerId !== null &&
      [referral.holderPractitionerId, referral.targetPractitionerId].includes(caller.practitionerId))
  );
}
