import { CaseFileVersionEntity } from './case-file-version.entity';
import { CaseFileEntity } from './case-file.entity';

/** The case-files feature's TypeORM entities. */
export const caseFileEntities = [CaseFileEntity, CaseFileVersionEntity];
