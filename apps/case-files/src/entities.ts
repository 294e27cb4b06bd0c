/** The TypeORM entities of the case-files database. */
export const entities = [];
