import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import { metricsRegistry } from '@referral/platform-observability';
import type { CaseFilesEnv } from '../config';
import { CnicCrypto } from './cnic-crypto';

const reencrypted = new Counter({
  name: 'cnic_reencryptions_total',
  help: 'Patients whose CNIC the re-encryption job moved to the current key (reencrypted) or could not decrypt (failed)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

const notUnderCurrentKey = new Gauge({
  name: 'cnic_rows_not_under_current_key',
  help: 'Patients whose CNIC is under a key other than the current one, by key id, after the last re-encryption run (a key not configured counts too)',
  labelNames: ['key_id'] as const,
  registers: [metricsRegistry],
});

/** What one run did: counts and key ids only, never a CNIC. */
export interface CnicReencryptionRun {
  /** Moved to the current key by this instance. */
  reencrypted: number;
  /** Under a configured older key but not decrypting (altered, or on another patient's row): left as they are. */
  failed: number;
  /** Still under a configured older key after the run (another instance's batches, or failures). */
  remaining: number;
  /** Rows under key ids CNIC_ENCRYPTION_KEY does not list, by key id: nothing here can read them. */
  unknownKeys: Record<string, number>;
}

const FIRST_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Key rotation (README, The CNIC): every instance moves the CNICs still under an older key of
 * CNIC_ENCRYPTION_KEY to the current key, every CNIC_REENCRYPT_INTERVAL_SECONDS, until none is left.
 * Batches of CNIC_REENCRYPT_BATCH_SIZE rows in id order, each in one transaction, locked with
 * `FOR UPDATE SKIP LOCKED`: instances share the work without waiting on each other, and a stop (or a
 * crash) loses at most a batch, which the next run takes again (the state is the rows' key ids).
 * A row that does not decrypt is logged by patient id and skipped; rows under a key id that is not
 * configured are counted and logged as an error naming the key id. The CNIC is never logged.
 */
@Injectable()
export class CnicReencryption implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(CnicReencryption.name);
  private readonly task = new PeriodicTask(
    async () => (await this.runOnce(), false),
    (error) => this.logger.error(`CNIC re-encryption failed: ${error.message}`),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: CnicCrypto,
    @Inject(SERVICE_ENV) private readonly env: CaseFilesEnv,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.env.CNIC_REENCRYPT_INTERVAL_SECONDS * 1000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over the rows under older keys, then the counts of what is left. */
  async runOnce(): Promise<CnicReencryptionRun> {
    const current = this.crypto.currentKey;
    const older = this.crypto.keyIds.filter((id) => id !== current);
    let moved = 0;
    let failed = 0;
    let after = FIRST_UUID;
    while (older.length > 0 && !this.task.isStopped) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const rows: { id: string; cnic_key_id: string; cnic_ciphertext: Buffer }[] = await manager.query(
          `SELECT id, cnic_key_id, cnic_ciphertext FROM patient
            WHERE cnic_key_id = ANY($1) AND id > $2
            ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
          [older, after, this.env.CNIC_REENCRYPT_BATCH_SIZE],
        );
        let count = 0;
        for (const row of rows) {
          let cnic: string;
          try {
            cnic = this.crypto.decrypt({ keyId: row.cnic_key_id, ciphertext: row.cnic_ciphertext }, row.id);
          } catch (error) {
            failed++;
            this.logger.error(
              `CNIC re-encryption: patient ${row.id} under key ${row.cnic_key_id} does not decrypt (${(error as Error).message}); left as it is`,
            );
            continue;
          }
          const encrypted = this.crypto.encrypt(cnic, row.id);
          await manager.query('UPDATE patient SET cnic_ciphertext = $2, cnic_key_id = $3 WHERE id = $1', [
            row.id,
            encrypted.ciphertext,
            encrypted.keyId,
          ]);
          count++;
        }
        return { selected: rows.length, moved: count, last: rows.at(-1)?.id };
      });
      moved += batch.moved;
      if (batch.selected < this.env.CNIC_REENCRYPT_BATCH_SIZE || !batch.last) break;
      after = batch.last;
    }
    reencrypted.inc({ outcome: 'reencrypted' }, moved);
    reencrypted.inc({ outcome: 'failed' }, failed);
    return this.report({ reencrypted: moved, failed, ...(await this.left(current, older)) });
  }

  /**
   * Rows not under the current key, by key id: configured older keys, and unknown ones (`<` or `>`
   * rather than `<>`, so that the index patient_cnic_key_id reads only those rows).
   */
  private async left(
    current: string,
    older: string[],
  ): Promise<Pick<CnicReencryptionRun, 'remaining' | 'unknownKeys'>> {
    const rows: { key_id: string; n: string }[] = await this.dataSource.query(
      `SELECT cnic_key_id AS key_id, count(*) AS n FROM patient
        WHERE cnic_key_id < $1 OR cnic_key_id > $1 GROUP BY cnic_key_id`,
      [current],
    );
    notUnderCurrentKey.reset();
    let remaining = 0;
    const unknownKeys: Record<string, number> = {};
    for (const { key_id: keyId, n } of rows) {
      notUnderCurrentKey.set({ key_id: keyId }, Number(n));
      if (older.includes(keyId)) remaining += Number(n);
      else unknownKeys[keyId] = Number(n);
    }
    return { remaining, unknownKeys };
  }

  private report(run: CnicReencryptionRun): CnicReencryptionRun {
    const unknown = Object.entries(run.unknownKeys);
    if (run.reencrypted > 0 || run.failed > 0) {
      this.logger.log(
        `CNIC re-encryption: ${run.reencrypted} moved to key ${this.crypto.currentKey}, ${run.failed} failed, ${run.remaining} left under older keys`,
      );
    }
    if (unknown.length > 0) {
      this.logger.error(
        `CNIC re-encryption: ${unknown.map(([id, n]) => `${n} under key ${id}`).join(', ')}, which CNIC_ENCRYPTION_KEY does not list: those CNICs cannot be read or re-encrypted until the key is listed again (after the current key)`,
      );
    }
    return run;
  }
}
