// Re-records test/fixtures/recorded/differential.json from a live run in Chromium and prints the
// agreement of every comparison pass. Run it through record.mjs (see there).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../harness/index.ts';
import { CASES } from './cases.ts';
import { compareAll, report } from './compare.ts';
import { runLive } from './live-run.ts';
import type { Recording } from './recording.ts';

export const FIXTURE_PATH = resolve(REPO_ROOT, 'test/fixtures/recorded/differential.json');

/** JSON with one case and one HAR entry per line: small diffs when a re-recording changes little. */
export function serializeRecording(recording: Recording): string {
  // Named fields only: a live run carries more (its CDP wire log) than a recording stores.
  const { format, recordedAt, userAgent, origins, cases, entries } = recording;
  const head = { format, recordedAt, userAgent, origins };
  const list = (items: readonly unknown[]) =>
    `[\n${items.map((item) => `    ${JSON.stringify(item)}`).join(',\n')}\n  ]`;
  const top = Object.entries(head).map(
    ([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${[...top, `  "cases": ${list(cases)}`, `  "entries": ${list(entries)}`].join(',\n')}\n}\n`;
}

export function readRecording(path = FIXTURE_PATH): Recording {
  return JSON.parse(readFileSync(path, 'utf8')) as Recording;
}

/** `--replay`: compare the stored recording again (after an engine change), without a browser. */
export async function main(args: readonly string[] = []): Promise<void> {
  if (args.includes('--replay')) {
    const recording = readRecording();
    console.log(`Replaying ${recording.cases.length} cases recorded ${recording.recordedAt}\n`);
    console.log(report(compareAll(recording)));
    return;
  }
  const started = Date.now();
  const recording = await runLive(CASES);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  writeFileSync(FIXTURE_PATH, serializeRecording(recording));
  console.log(
    `Recorded ${recording.cases.length} cases, ${recording.entries.length} HAR entries in ${seconds} s (${recording.userAgent})`,
  );
  console.log(`→ ${FIXTURE_PATH}\n`);
  console.log(report(compareAll(recording)));
}
