// Longest files first, from the first run of a clean clone on. Vitest orders by the durations in its
// cache, which a clean clone (CI) does not have: it then ran the unit projects by name and the
// files by size, so the two longest unit files (about 20 s each) started last and ended the run on one
// worker, and in the end-to-end run the 30-second files could start last too. `durations.json`
// holds every file's duration from a full run (`node scripts/save-test-durations.mjs` writes it);
// the cache, when there is one, wins.
//
// Projects (unit config) stay together, the one with the longest file first: a worker that switched
// projects would import the modules again (tried: the run took more CPU). Vitest runs the projects
// by name otherwise, so the `unit` project, which holds the longest files, came last.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import committed from './durations.json' with { type: 'json' };

const COMMITTED: Readonly<Record<string, number>> = committed;

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const key = (spec: TestSpecification) =>
      `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
    const cached = (spec: TestSpecification) => this.ctx.cache.getFileTestResults(key(spec));
    // A file known to neither goes first: it is new, and could be long.
    const duration = (spec: TestSpecification): number =>
      cached(spec)?.duration ?? COMMITTED[key(spec)] ?? Number.POSITIVE_INFINITY;
    const longest = new Map<string, number>();
    for (const spec of files) {
      const name = spec.project.name;
      longest.set(name, Math.max(longest.get(name) ?? 0, duration(spec)));
    }
    const failed = (spec: TestSpecification) => (cached(spec)?.failed ? 1 : 0);
    return [...files].sort(
      (a, b) =>
        longest.get(b.project.name)! - longest.get(a.project.name)! ||
        a.project.name.localeCompare(b.project.name) ||
        // Last run's failures first: the answer a developer waits for.
        failed(b) - failed(a) ||
        duration(b) - duration(a),
    );
  }
}
