// Timing helpers shared by the benchmarks.
import { performance } from 'node:perf_hooks';

/**
 * Milliseconds one call takes. The heap is collected first (when node runs with --expose-gc, as
 * scripts/bench.mjs arranges), so a step never pays for the garbage the previous step left.
 */
export function timeOnce(fn) {
  globalThis.gc?.();
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
