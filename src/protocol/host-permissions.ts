// Moved to src/overrides/host-patterns.ts (the override model owns its host patterns). This alias
// keeps branches written before the move compiling; import from src/overrides in new code.
export * from '../overrides/host-patterns.ts';
