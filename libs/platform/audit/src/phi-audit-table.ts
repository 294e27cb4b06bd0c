import type { QueryRunner } from 'typeorm';

/**
 * What an entry says was done to the object. To add an action: append it here, and give every service
 * that has the table a migration calling `allowPhiAuditActions` with the whole new list written out.
 */
export const PHI_AUDIT_ACTIONS = ['read', 'create', 'update', 'delete', 'download', 'search'] as const;
export type PhiAuditAction = (typeof PHI_AUDIT_ACTIONS)[number];

export function isPhiAuditAction(action: unknown): action is PhiAuditAction {
  return PHI_AUDIT_ACTIONS.includes(action as PhiAuditAction);
}

/** The name PostgreSQL would give the column's CHECK: the same in every database, old or new. */
const ACTION_CHECK = 'phi_audit_log_action_check';
const ACTION_NAME = /^[a-z]+(-[a-z]+)*$/;

/**
 * Written out rather than taken from PHI_AUDIT_ACTIONS: a migration that has run must create the same
 * table when it runs again on a fresh database, whatever the constant says later.
 */
const FIRST_ACTIONS = ['read', 'create', 'update', 'delete', 'download', 'search'];

function actionCheck(actions: readonly string[]): string {
  for (const action of actions) {
    if (!ACTION_NAME.test(action)) throw new Error(`PHI audit action must be kebab-case, got ${action}`);
  }
  return `CONSTRAINT ${ACTION_CHECK} CHECK (action IN (${actions.map((a) => `'${a}'`).join(', ')}))`;
}

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
      action                text NOT NULL,
      object_type           text NOT NULL,
      object_id             text NOT NULL,
      request_id            text,
      trace_id              text,
      details               jsonb,
      ${actionCheck(FIRST_ACTIONS)}
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

/** For a later migration that extends the set: the CHECK then allows exactly `actions`. */
export async function allowPhiAuditActions(queryRunner: QueryRunner, actions: readonly string[]) {
  await queryRunner.query(`ALTER TABLE phi_audit_log DROP CONSTRAINT ${ACTION_CHECK}`);
  await queryRunner.query(`ALTER TABLE phi_audit_log ADD ${actionCheck(actions)}`);
}

export async function dropPhiAuditTable(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query('DROP TABLE phi_audit_log');
  await queryRunner.query('DROP FUNCTION phi_audit_log_is_append_only()');
}
