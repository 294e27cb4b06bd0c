// Case files: the case-files feature's API types.
export {};
