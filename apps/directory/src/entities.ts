/** The TypeORM entities of the directory database. */
export const entities = [];
