// Benchmark: where `cors-lens explain` spends its time per exchange, stage by stage, on a HAR where
// no exchange repeats (the `no-repeat` mixes of lib/big-har.ts), against JSON.parse of the same
// file. Each stage runs ONCE over every exchange, in a fresh process state, as in the CLI: caches
// keyed on repeated values (URLs, texts) and the JIT's warm-up count as they do there. Printed per
// exchange (µs) and as a ratio to JSON.parse. Run: npm run bench -- har-stages [--stagesMb 16]
// [--stagesMix blocked-no-repeat]
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBundled } from './lib/bundle.mjs';
import { writeBigHar } from './lib/big-har.ts';

export const description = 'explain, stage by stage, on a HAR where no exchange repeats';

function cpuMs(f) {
  const start = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(start);
  return [result, (used.user + used.system) / 1000];
}

export default async function run(options = {}) {
  const print = options.print ?? ((line) => console.log(line));
  const mb = Number(options.stagesMb ?? 16);
  const mix = options.stagesMix ?? 'blocked-no-repeat';
  const m = await importBundled('scripts/bench/lib/stages-entry.ts');
  const path = join(tmpdir(), `cors-lens-stages-${process.pid}.har`);
  try {
    await writeBigHar(path, mb * 1e6, { mix });
    const bytes = readFileSync(path);
    const text = bytes.toString('utf8');
    const [, parse] = cpuMs(() => JSON.parse(text));
    const [, stream] = cpuMs(() => {
      const reader = m.createHarStreamReader({ onExchange() {} });
      for (let at = 0; at < bytes.length; at += 1 << 20)
        reader.write(bytes.subarray(at, at + (1 << 20)));
      reader.end();
    });
    const [read] = cpuMs(() => m.readHar(text));
    const exchanges = read.exchanges;
    const rows = [
      ['JSON.parse', parse],
      ['stream reader', stream],
    ];
    const [diagnoses, diagnose] = cpuMs(() =>
      exchanges.map((e) => m.diagnose(e, { explanation: false })),
    );
    rows.push(['diagnose', diagnose]);
    const blocked = exchanges.flatMap((e, i) =>
      diagnoses[i].verdict === 'blocked' ? [[e, diagnoses[i]]] : [],
    );
    const [plans, plan] = cpuMs(() => blocked.map(([e, d]) => m.planFixes(e, d, {})));
    rows.push(['fixes: context and ranking', plan]);
    const [best, renderBest] = cpuMs(() =>
      plans.map((p) => (p.stacks.length > 0 ? [p.render(0)] : [])),
    );
    rows.push(['fixes: best fix written', renderBest]);
    const [three, renderThree] = cpuMs(() =>
      plans.map((p) => Array.from({ length: Math.min(3, p.stacks.length) }, (_, i) => p.render(i))),
    );
    rows.push(['fixes: 3 fixes written (--json)', renderThree]);
    const painter = m.paint(false);
    const [parts, printed] = cpuMs(() =>
      blocked.map(([e, d], i) =>
        m.printedPart(
          e,
          d,
          [...best[i], ...plans[i].stacks.slice(1).map((_, k) => plans[i].outline(k + 1))],
          {},
        ),
      ),
    );
    rows.push(['text: redaction of what is printed', printed]);
    rows.push([
      'text: blocked blocks',
      cpuMs(() => parts.map((p) => blockedBlock(m, p, painter)))[1],
    ]);
    // As the CLI writes a row: the row without its fixes through the walk and `jsonRow`, then
    // the fixes by `fix-json.ts`, each distinct text of them redacted and encoded once.
    const fixJson = m.createFixJson({});
    rows.push([
      '--json: rows written (3 fixes)',
      cpuMs(() =>
        blocked.map(([e, d], i) => {
          const { fixes: _none, ...head } = m.reportExchange(e, d, []);
          return fixJson.row(head, three[i], undefined);
        }),
      )[1],
    ]);

    print(
      `har-stages: ${mix}, ${(bytes.length / 1e6).toFixed(0)} MB, ${exchanges.length} exchanges, ${blocked.length} blocked; one pass each`,
    );
    for (const [label, ms] of rows) {
      const per =
        label === 'JSON.parse' || label === 'stream reader' || label === 'diagnose'
          ? exchanges.length
          : blocked.length;
      print(
        `  ${label.padEnd(38)}${ms.toFixed(0).padStart(7)} ms cpu ${((ms * 1000) / Math.max(1, per)).toFixed(0).padStart(6)} µs/exchange ${(ms / parse).toFixed(2).padStart(6)} × JSON.parse`,
      );
    }
    return { ok: true, rows: Object.fromEntries(rows) };
  } finally {
    rmSync(path, { force: true });
  }
}

function blockedBlock(m, part, painter) {
  return m.blockedBlock(part, '', painter).join('\n');
}
