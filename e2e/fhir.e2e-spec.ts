import { testInfrastructure, type RunningStack } from '@referral/testing';
import { FHIR_DIRECTORY, fhirDirectory } from './fhir/directory';
import { FHIR_DOCUMENTS, fhirDocuments } from './fhir/documents';
import { FHIR_LOOP, FHIR_LOOP_ENV, fhirLoop } from './fhir/loop';
import { OneValidatorRun } from './support/fhir';
import { startE2eStack } from './support/stack';

/**
 * The FHIR R4 facade end to end, with an off-the-shelf FHIR client: the referral loop, the directory
 * and terminology, documents (e2e/fhir/). One stack for the three suites (starting one is ~40 s of
 * CI), one HAPI validator run for what they all got back. Each suite has its own organizations,
 * practitioners and clients and asserts about its own objects, so none needs the stack to itself.
 * The hooks are the file's, not an outer describe's: every test keeps its name.
 */
let stack: RunningStack;
const validation = new OneValidatorRun();

beforeAll(async () => {
  stack = await startE2eStack(await testInfrastructure(), { env: FHIR_LOOP_ENV });
}, 240_000);

afterAll(async () => {
  await stack?.stop();
}, 120_000);

describe(FHIR_LOOP, () => fhirLoop(() => stack, validation));
describe(FHIR_DIRECTORY, () => fhirDirectory(() => stack, validation));
describe(FHIR_DOCUMENTS, () => fhirDocuments(() => stack, validation));
// After every suite: the validation tests, each of its suite (the first to run validates them all).
validation.declareTests();
