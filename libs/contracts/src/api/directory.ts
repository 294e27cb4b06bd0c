// Organizations and specialties: the organizations feature's API types.
export {};
