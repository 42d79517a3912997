// End-to-end files in vitest's order (longest first, from its results cache), except that the two
// override-matrix files always start first: together they are half of the suite's CPU time and the
// longest files by far, so a run that started them late (no cache yet, e.g. a fresh checkout, or
// a new file that vitest puts first as "unknown") ended on them alone.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const FIRST = /[/\\]override-rules[^/\\]*\.e2e\.ts$/;

export default class OverrideMatrixFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [
      ...sorted.filter((spec) => FIRST.test(spec.moduleId)),
      ...sorted.filter((spec) => !FIRST.test(spec.moduleId)),
    ];
  }
}
