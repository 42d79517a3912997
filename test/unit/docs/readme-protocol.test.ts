// The README's message table is the protocol's documentation for extension pages, tests and
// scripts: every message of ProtocolMap (src/protocol/messages.ts) must have its row, and no row
// may name a message that does not exist.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

/** The keys of `interface ProtocolMap` (prettier-formatted: members at two spaces). */
function protocolMessages(): string[] {
  const source = read('src/protocol/messages.ts');
  const body = /^export interface ProtocolMap \{\n([\s\S]*?)^\}/m.exec(source)?.[1];
  if (!body) throw new Error('ProtocolMap not found in src/protocol/messages.ts');
  return [...body.matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]!);
}

/** First-column names of the README table whose header starts with `| Message`. */
function readmeMessages(): string[] {
  const lines = read('README.md').split('\n');
  const start = lines.findIndex((l) => /^\| Message\s+\|/.test(l));
  if (start < 0) throw new Error('README has no "| Message |" table');
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const name = /^\|\s*`(\w+)`/.exec(line)?.[1];
    if (name) rows.push(name);
  }
  return rows;
}

test('the README protocol table lists every message, and only those', () => {
  const messages = protocolMessages();
  expect(messages.length).toBeGreaterThan(15); // the parse found the interface
  expect(readmeMessages().sort()).toEqual([...messages].sort());
});
