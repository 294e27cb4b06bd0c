import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rate limit's counters, shared by every gateway instance: allowed requests per API client and
 * minute (`minute` = Unix time in minutes). Updated in place on every request, so the table keeps
 * free room on its pages for HOT updates; windows older than the previous minute are purged.
 * UNLOGGED: no WAL, so counting a request waits for no disk flush (bench/README.md: the cost per
 * request); a crash (or a failover to a standby) empties the table, i.e. forgets at most a minute.
 */
export class RateLimitWindow1764180200000 implements MigrationInterface {
  name = 'RateLimitWindow1764180200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE rate_limit_window (
        client_id text    NOT NULL,
        minute    bigint  NOT NULL,
        count     integer NOT NULL,
        PRIMARY KEY (client_id, minute)
      ) WITH (fillfactor = 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE rate_limit_window');
  }
}
