import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganizationEventData } from '@referral/contracts';
import type { ProjectionOutcome } from './practitioner-projection';

/**
 * The directory's organizations (`directory.organization.v1`) in `directory_organization`: an
 * organization is known from its `organization.created` on, whether or not it has practitioners; a
 * snapshot older than the one held is ignored.
 */
@Injectable()
export class OrganizationProjection {
  async apply(manager: EntityManager, data: OrganizationEventData): Promise<ProjectionOutcome> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO directory_organization AS o (organization_id, active, last_event_at)
       VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (organization_id) DO UPDATE SET
         active = EXCLUDED.active,
         last_event_at = EXCLUDED.last_event_at
       WHERE o.last_event_at <= EXCLUDED.last_event_at
       RETURNING organization_id`,
      [data.organizationId, data.active, data.occurredAt],
    );
    return rows.length === 1 ? 'applied' : 'stale';
  }

  /**
   * An organization the directory's API answered (its `updatedAt` as the snapshot's time), unless the
   * projection holds a newer one: for organizations whose events Kafka no longer keeps.
   */
  async remember(
    manager: EntityManager,
    organizationId: string,
    active: boolean,
    asOf: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO directory_organization AS o (organization_id, active, last_event_at)
       VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (organization_id) DO UPDATE SET
         active = EXCLUDED.active,
         last_event_at = EXCLUDED.last_event_at
       WHERE o.last_event_at < EXCLUDED.last_event_at`,
      [organizationId, active, asOf],
    );
  }

  /** Whether the directory announced this organization (active or not). */
  async knows(manager: EntityManager, organizationId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM directory_organization WHERE organization_id = $1`,
      [organizationId],
    );
    return rows.length > 0;
  }
}
