import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AgeBand, CaseFileEventData, CaseFileSummary, Sex } from '@referral/contracts';

/** What the projection holds of one case file. */
export interface ProjectedCaseFile {
  caseFileId: string;
  organizationId: string;
  patientId: string;
  patientSex: Sex | null;
  patientAgeBand: AgeBand | null;
  /** `YYYY-MM-DD` (Asia/Karachi): the first day the band no longer holds; null: it never changes. */
  ageBandUntil: string | null;
  attachmentIds: string[];
}

// Constant texts: node-postgres can keep them prepared per connection.
const APPLY = `INSERT INTO case_file_projection AS p
    (case_file_id, organization_id, patient_id, patient_sex, patient_age_band, age_band_until,
     attachment_ids, version)
  VALUES ($1, $2, $3, $4, $5, $6::date, $7::uuid[], $8)
  ON CONFLICT (case_file_id) DO UPDATE SET
    patient_sex = COALESCE(EXCLUDED.patient_sex, p.patient_sex),
    patient_age_band = COALESCE(EXCLUDED.patient_age_band, p.patient_age_band),
    age_band_until = CASE WHEN EXCLUDED.patient_age_band IS NULL THEN p.age_band_until
                          ELSE EXCLUDED.age_band_until END,
    attachment_ids = ARRAY(SELECT DISTINCT a FROM unnest(p.attachment_ids || EXCLUDED.attachment_ids) AS a),
    version = GREATEST(p.version, EXCLUDED.version)`;

const REMEMBER = `INSERT INTO case_file_projection AS p
    (case_file_id, organization_id, patient_id, patient_sex, patient_age_band, age_band_until,
     attachment_ids, version)
  VALUES ($1, $2, $3, $4, $5, $6::date, $7::uuid[], $8)
  ON CONFLICT (case_file_id) DO UPDATE SET
    patient_sex = EXCLUDED.patient_sex,
    patient_age_band = EXCLUDED.patient_age_band,
    age_band_until = GREATEST(EXCLUDED.age_band_until, CASE WHEN p.patient_age_band = EXCLUDED.patient_age_band
                                                             THEN p.age_band_until END),
    attachment_ids = ARRAY(SELECT DISTINCT a FROM unnest(p.attachment_ids || EXCLUDED.attachment_ids) AS a),
    version = GREATEST(p.version, EXCLUDED.version)`;

const FIND = `SELECT case_file_id AS "caseFileId", organization_id AS "organizationId",
    patient_id AS "patientId", patient_sex AS "patientSex", patient_age_band AS "patientAgeBand",
    to_char(age_band_until, 'YYYY-MM-DD') AS "ageBandUntil", attachment_ids AS "attachmentIds"
  FROM case_file_projection WHERE case_file_id = $1`;

/**
 * The case files as `case-files.case-file.v1` told them (never read from the case-files database): the
 * owning organization and patient (which never change), the patient's sex and age band (carried by
 * `case_file.created` from the version that added them; sex and age of a patient never change in
 * case-files), and every attachment id an event named. Applying an event twice changes nothing.
 */
@Injectable()
export class CaseFileProjection {
  constructor(private readonly dataSource: DataSource) {}

  async apply(manager: EntityManager, data: CaseFileEventData): Promise<void> {
    await manager.query(APPLY, [
      data.caseFileId,
      data.organizationId,
      data.patientId,
      data.patientAgeBand ? (data.patientSex ?? null) : null,
      data.patientSex ? (data.patientAgeBand ?? null) : null,
      data.patientSex && data.patientAgeBand ? (data.patientAgeBandUntil ?? null) : null,
      data.attachmentId ? [data.attachmentId] : [],
      data.version,
    ]);
  }

  /**
   * What case-files' summary told (the caller's own case file, asked at a submission): kept in the
   * submission's transaction, the sex for good and the age band until the next day in Asia/Karachi
   * (`today` + 1: case-files computes the band as of its today), so that another submission on the
   * case file that day needs no summary.
   */
  async remember(manager: EntityManager, summary: CaseFileSummary, today: string): Promise<void> {
    await manager.query(REMEMBER, [
      summary.caseFileId,
      summary.organizationId,
      summary.patientId,
      summary.patientSex,
      summary.patientAgeBand,
      nextDay(today),
      summary.attachmentIds,
      summary.version,
    ]);
  }

  /** The case file as projected; null when no event about it was consumed. */
  async find(caseFileId: string): Promise<ProjectedCaseFile | null> {
    const rows: ProjectedCaseFile[] = await this.dataSource.query(FIND, [caseFileId]);
    return rows[0] ?? null;
  }
}

/** The patient's sex and age band on `today` (`YYYY-MM-DD`, Asia/Karachi), when the projection knows them. */
export function patientOf(
  caseFile: ProjectedCaseFile,
  today: string,
): { patientSex: Sex; patientAgeBand: AgeBand } | null {
  if (!caseFile.patientSex || !caseFile.patientAgeBand) return null;
  if (caseFile.ageBandUntil !== null && today >= caseFile.ageBandUntil) return null;
  return { patientSex: caseFile.patientSex, patientAgeBand: caseFile.patientAgeBand };
}

/** The day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
