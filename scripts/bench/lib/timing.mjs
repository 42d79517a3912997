// Timing helpers shared by the benchmarks.
import { performance } from 'node:perf_hooks';

/**
 * Wall-clock and CPU milliseconds of one call. CPU time (this process, all threads, so parallel GC
 * counts) is much less disturbed than wall time when other jobs share the machine; benchmarks
 * print both.
 */
export function timeOnce(fn) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000 };
}

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
