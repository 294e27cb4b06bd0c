/** The TypeORM entities of the gateway database. */
export const entities = [];
