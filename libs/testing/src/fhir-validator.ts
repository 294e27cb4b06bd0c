import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { workspaceRoot } from './infrastructure';

const run = promisify(execFile);

/** One finding of HAPI FHIR's instance validator (severities as FHIR's issue-severity). */
export interface FhirValidationIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** A FHIRPath-like location, e.g. `Task.restriction.period`; null when the file is not a resource. */
  location: string | null;
  message: string;
  /** The validator's message id (e.g. `Terminology_PassThrough_TX_Message`), to tell kinds apart. */
  messageId: string | null;
}

/** What the validator says of one resource, in the order the resources were given. */
export interface ValidationResult {
  file: string;
  resourceType: string | null;
  id: string | null;
  issues: FhirValidationIssue[];
}

export interface FhirValidationOptions {
  /**
   * Conformance resources the validator should know without validating them: our CodeSystems (then a
   * code of ours that the CodeSystem lacks is an error; without it, the validator cannot check our
   * codes and says so as a warning), ValueSets, profiles.
   */
  context?: readonly object[];
}

const SCRIPT = path.join(workspaceRoot, 'deploy/fhir-validator/validate.sh');

/**
 * Validates FHIR R4 resources with HAPI FHIR's instance validator (deploy/fhir-validator), offline,
 * in one JVM for the whole batch: starting the validator is most of the cost (10-20 s, ~500 MB), so
 * a spec validates everything it has in one call. Fetches the validator's jars on first use (CI does
 * that beforehand: prereq_fhir_validator). Resolves with one result per resource, in order; rejects
 * only when the validator could not run. The caller judges the issues (see {@link fhirErrors}).
 */
export async function validateFhirResources(
  resources: readonly object[],
  options: FhirValidationOptions = {},
): Promise<ValidationResult[]> {
  if (resources.length === 0) return [];
  const dir = await mkdtemp(path.join(tmpdir(), 'fhir-validation-'));
  try {
    const write = async (folder: string, items: readonly object[]) => {
      const files = items.map((resource, i) => {
        const { resourceType, id } = resource as { resourceType?: unknown; id?: unknown };
        const name = [resourceType, id].filter((part) => typeof part === 'string' && part).join('-');
        // Zero-padded index first: the validator reads a folder in name order, which is input order.
        return path.join(folder, `${String(i).padStart(4, '0')}-${name.replace(/[^\w.-]/g, '_')}.json`);
      });
      await Promise.all(files.map((file, i) => writeFile(file, JSON.stringify(items[i], null, 2))));
      return files;
    };
    const inputs = await write(dir, resources);
    const args = ['run'];
    if (options.context?.length) {
      const contextDir = await mkdtemp(path.join(dir, 'context-'));
      await write(contextDir, options.context);
      args.push('--context', contextDir);
    }
    let stdout: string;
    try {
      ({ stdout } = await run('bash', [SCRIPT, ...args, ...inputs], {
        maxBuffer: 64 * 1024 * 1024,
        timeout: 300_000,
      }));
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      throw new Error(`the FHIR validator could not run: ${message}\n${(stderr ?? '').slice(-4000)}`);
    }
    const results = JSON.parse(stdout) as ValidationResult[];
    if (results.length !== resources.length) {
      throw new Error(`the FHIR validator answered for ${results.length} of ${resources.length} resources`);
    }
    return results.map((result, i) => ({ ...result, file: path.basename(inputs[i]) }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The issues that make a resource invalid (fatal and error), each with the resource it is in. */
export function fhirErrors(
  results: readonly ValidationResult[],
): (FhirValidationIssue & { resource: string })[] {
  return results.flatMap((result) =>
    result.issues
      .filter((issue) => issue.severity === 'fatal' || issue.severity === 'error')
      .map((issue) => ({
        ...issue,
        // Type/id, or the file when it is not a resource at all.
        resource: result.resourceType ? `${result.resourceType}/${result.id ?? '(no id)'}` : result.file,
      })),
  );
}

/**
 * The errors, one readable line each (`Task/123 Task.status [error] minimum required = 1 ...`), or ''
 * when there is none: `expect(formatFhirErrors(results)).toBe('')` fails showing every error.
 */
export function formatFhirErrors(results: readonly ValidationResult[]): string {
  return fhirErrors(results)
    .map((e) => `${e.resource} ${e.location ?? '(file)'} [${e.severity}] ${e.message}`)
    .join('\n');
}
