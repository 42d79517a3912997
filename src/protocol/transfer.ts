// Moved to src/overrides/transfer.ts (the override model owns import/export). This alias keeps
// branches written before the move compiling; import from src/overrides in new code.
export * from '../overrides/transfer.ts';
