// Practitioners, roles and search: the practitioners feature's API types.
export {};
