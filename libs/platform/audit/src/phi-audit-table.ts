import type { QueryRunner } from 'typeorm';

/** What an entry says was done to the object. Extend here and in the table's CHECK together. */
export const PHI_AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'download', 'search'] as const;
export type PhiAuditAction = (typeof PHI_AUDIT_ACTIONS)[number];

/**
 * The append-only PHI access log of a service that holds patient data. Called from the service's own
 * migration, so the table belongs to that service's database. The database itself refuses UPDATE,
 * DELETE and TRUNCATE, whoever asks: an entry, once written, stays as written.
 */
export async function createPhiAuditTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`
    CREATE TABLE phi_audit_log (
      id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      occurred_at           timestamptz NOT NULL DEFAULT now(),
      actor_client_id       text NOT NULL,
      actor_practitioner_id uuid,
      organization_id       uuid NOT NULL,
      action                text NOT NULL CHECK (action IN (${PHI_AUDIT_ACTIONS.map((a) => `'${a}'`).join(', ')})),
      object_type           text NOT NULL,
      object_id             text NOT NULL,
      request_id            text,
      trace_id              text,
      details               jsonb
    )`);
  await queryRunner.query(
    `CREATE INDEX phi_audit_log_object ON phi_audit_log (object_type, object_id, occurred_at)`,
  );
  await queryRunner.query(`
    CREATE FUNCTION phi_audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'phi_audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END
    $$`);
  await queryRunner.query(`
    CREATE TRIGGER phi_audit_log_no_update_or_delete
      BEFORE UPDATE OR DELETE ON phi_audit_log
      FOR EACH ROW EXECUTE FUNCTION phi_audit_log_is_append_only()`);
  await queryRunner.query(`
    CREATE TRIGGER phi_audit_log_no_truncate
      BEFORE TRUNCATE ON phi_audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION phi_audit_log_is_append_only()`);
}

export async function dropPhiAuditTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE phi_audit_log');
  await queryRunner.query('DROP FUNCTION phi_audit_log_is_append_only()');
}
