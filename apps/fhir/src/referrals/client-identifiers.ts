import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@referral/platform-database';

export interface ClientIdentifier {
  system: string;
  value: string;
}

/** The identifiers clients gave the ServiceRequests they created (conditional create). */
@Injectable()
export class ClientIdentifiers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  async referralOf(organizationId: string, identifier: ClientIdentifier): Promise<string | undefined> {
    const rows: { referral_id: string }[] = await this.dataSource.query(
      'SELECT referral_id FROM client_identifier WHERE organization_id = $1 AND system = $2 AND value = $3',
      [organizationId, identifier.system, identifier.value],
    );
    return rows[0]?.referral_id;
  }

  /** Keeps the first referral recorded for the identifier; answers the one that is kept. */
  async record(organizationId: string, identifier: ClientIdentifier, referralId: string): Promise<string> {
    await this.dataSource.query(
      `INSERT INTO client_identifier (organization_id, system, value, referral_id, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [organizationId, identifier.system, identifier.value, referralId, this.clock.now()],
    );
    return (await this.referralOf(organizationId, identifier)) ?? referralId;
  }

  async of(referralIds: readonly string[]): Promise<Map<string, ClientIdentifier[]>> {
    const found = new Map<string, ClientIdentifier[]>();
    if (referralIds.length === 0) return found;
    const rows: { referral_id: string; system: string; value: string }[] = await this.dataSource.query(
      'SELECT referral_id, system, value FROM client_identifier WHERE referral_id = ANY($1::uuid[]) ORDER BY created_at',
      [referralIds],
    );
    for (const row of rows) {
      found.set(row.referral_id, [
        ...(found.get(row.referral_id) ?? []),
        { system: row.system, value: row.value },
      ]);
    }
    return found;
  }
}
