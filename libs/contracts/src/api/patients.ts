// Patients: the patients feature's API types.
export {};
