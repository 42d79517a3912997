// Types of timing.mjs, for the TypeScript benchmarks.
export function timeOnce(fn: () => unknown): { wall: number; cpu: number };
export function median(values: readonly number[]): number;
