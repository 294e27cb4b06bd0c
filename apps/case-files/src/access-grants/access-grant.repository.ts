import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '@referral/platform-database';
import { AccessGrantEntity } from './access-grant.entity';
import type { AccessGrant } from './grant-rule';

@Injectable()
export class AccessGrantRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The referral's grant, locked until the transaction ends: its events apply one after the other. */
  findForUpdate(manager: EntityManager, referralId: string): Promise<AccessGrantEntity | null> {
    return manager.findOne(AccessGrantEntity, { where: { referralId }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Writes the grant. Two first events of one referral racing (no row to lock yet) both insert; the
   * condition keeps the newer one whichever commits last.
   */
  async save(manager: EntityManager, grant: AccessGrant): Promise<void> {
    await manager.query(
      `INSERT INTO case_file_access_grant AS g (referral_id, case_file_id, practitioner_id, granted_at,
                                                 revoked_at, expires_at, last_event_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (referral_id) DO UPDATE
          SET case_file_id = EXCLUDED.case_file_id, practitioner_id = EXCLUDED.practitioner_id,
              granted_at = EXCLUDED.granted_at, revoked_at = EXCLUDED.revoked_at,
              expires_at = EXCLUDED.expires_at, last_event_at = EXCLUDED.last_event_at
        WHERE g.last_event_at <= EXCLUDED.last_event_at`,
      [
        grant.referralId,
        grant.caseFileId,
        grant.practitionerId,
        grant.grantedAt,
        grant.revokedAt,
        grant.expiresAt,
        grant.lastEventAt,
      ],
    );
  }

  /** Whether the practitioner reads the case file through any of its referrals now. */
  async grantsRead(
    caseFileId: string,
    practitionerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM case_file_access_grant
        WHERE case_file_id = $1 AND practitioner_id = $2
          AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3)
        LIMIT 1`,
      [caseFileId, practitionerId, this.clock.now()],
    );
    return rows.length > 0;
  }

  /**
   * Whether the practitioner reads the patient now: through a grant on any case file of theirs, under
   * the same condition as `grantsRead` (held, or closed within the follow-up days).
   */
  async grantsPatientRead(
    patientId: string,
    practitionerId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM case_file_access_grant g JOIN case_file c ON c.id = g.case_file_id
        WHERE c.patient_id = $1 AND g.practitioner_id = $2
          AND g.revoked_at IS NULL AND (g.expires_at IS NULL OR g.expires_at > $3)
        LIMIT 1`,
      [patientId, practitionerId, this.clock.now()],
    );
    return rows.length > 0;
  }
}
