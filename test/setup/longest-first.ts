// Runs the project holding the longest test files first. Vitest runs the projects one after the
// other, by name, so the longest `unit` files (the megabyte parsers, the override matrix) started
// only after every `extension`, `isolated` and `ui` file and ended the run on one worker while the
// other sat idle. Files of one project stay together (a worker that switched projects would import
// the modules again: tried, the run took more CPU), and within a project vitest's order (longest
// first) is kept.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export default class LongestProjectFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const duration = (spec: TestSpecification): number => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      return this.ctx.cache.getFileTestResults(key)?.duration ?? 0;
    };
    const longest = new Map<string, number>();
    for (const spec of sorted) {
      const name = spec.project.name;
      longest.set(name, Math.max(longest.get(name) ?? 0, duration(spec)));
    }
    const rank = (spec: TestSpecification) => longest.get(spec.project.name) ?? 0;
    // Array.prototype.sort is stable: files keep their order within a project.
    return sorted.sort((a, b) => rank(b) - rank(a));
  }
}
