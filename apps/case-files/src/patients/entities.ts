/** The patients feature's TypeORM entities. */
// Entity classes, listed here as they are added (the array's type widens with the first one).
export const patientEntities = [] as (new () => object)[];
