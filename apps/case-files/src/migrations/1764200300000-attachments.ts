import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments of case files and the staging area of resumable (tus) uploads.
 *
 * - `attachment`: what was attached (type detected from the content, size, SHA-256) and where its bytes
 *   are (`storage`: `postgres` or `s3`).
 * - `attachment_blob_chunk`: the bytes when stored in PostgreSQL, in chunks of a fixed size (the last
 *   one shorter), so a download streams and a `Range` reads only the chunks it covers.
 * - `upload` / `upload_chunk`: a tus upload in progress. Each received piece is committed as it arrives,
 *   so an interrupted upload resumes from the last byte received. Finished uploads become attachments
 *   and their chunks go; abandoned ones expire and are deleted.
 */
export class Attachments1764200300000 implements MigrationInterface {
  name = 'Attachments1764200300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE attachment (
        id                         uuid PRIMARY KEY,
        case_file_id               uuid NOT NULL REFERENCES case_file (id),
        organization_id            uuid NOT NULL,
        content_type               text NOT NULL,
        size                       bigint NOT NULL CHECK (size > 0),
        sha256                     text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        description                text CHECK (length(description) <= 500),
        storage                    text NOT NULL CHECK (storage IN ('postgres', 's3')),
        created_at                 timestamptz NOT NULL DEFAULT now(),
        created_by_client_id       text NOT NULL,
        created_by_practitioner_id uuid
      )`);
    await queryRunner.query('CREATE INDEX attachment_case_file ON attachment (case_file_id, created_at)');
    await queryRunner.query(`
      CREATE TABLE attachment_blob_chunk (
        blob_id uuid NOT NULL,
        seq     integer NOT NULL CHECK (seq >= 0),
        data    bytea NOT NULL,
        PRIMARY KEY (blob_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE upload (
        id                         uuid PRIMARY KEY,
        case_file_id               uuid NOT NULL REFERENCES case_file (id),
        organization_id            uuid NOT NULL,
        length                     bigint NOT NULL CHECK (length > 0),
        "offset"                   bigint NOT NULL DEFAULT 0 CHECK ("offset" >= 0 AND "offset" <= length),
        metadata                   jsonb NOT NULL DEFAULT '{}',
        created_at                 timestamptz NOT NULL DEFAULT now(),
        expires_at                 timestamptz NOT NULL,
        created_by_client_id       text NOT NULL,
        created_by_practitioner_id uuid
      )`);
    await queryRunner.query('CREATE INDEX upload_expires ON upload (expires_at)');
    await queryRunner.query(`
      CREATE TABLE upload_chunk (
        upload_id uuid NOT NULL REFERENCES upload (id) ON DELETE CASCADE,
        "offset"  bigint NOT NULL CHECK ("offset" >= 0),
        data      bytea NOT NULL,
        PRIMARY KEY (upload_id, "offset")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE upload_chunk');
    await queryRunner.query('DROP TABLE upload');
    await queryRunner.query('DROP TABLE attachment_blob_chunk');
    await queryRunner.query('DROP TABLE attachment');
  }
}
