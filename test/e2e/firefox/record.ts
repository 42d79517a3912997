// Records the Firefox fixtures in test/fixtures/firefox/ from a real Firefox run: the console
// verdicts for the blocked-request cases, the exchanges as the server saw them, and Firefox's HAR
// of the same requests. Unit tests replay them (test/unit/firefox/), so the engine's Firefox
// readers are checked without a browser.
//
//   npm run build:firefox && npx tsx test/e2e/firefox/record.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer } from '../harness/server.ts';
import { firefoxCases } from './cases.ts';
import { consoleVerdicts } from './console-verdicts.ts';
import { launchFirefox } from './launch.ts';
import { caseRoutes, runCasesWithHar } from './run-cases.ts';

const OUT = fileURLToPath(new URL('../../fixtures/firefox/', import.meta.url));
const PAGE = {
  headers: { 'Content-Type': 'text/html' },
  body: '<!doctype html><title>dev site</title>',
};

const site = await startServer({ '/': PAGE });
const cases = firefoxCases(site.origin);
const api = await startServer(caseRoutes(cases));
const ff = await launchFirefox();
try {
  const verdicts = consoleVerdicts(ff.bidi);
  const { runs, har } = await runCasesWithHar(ff, site, api, '127.0.0.1', cases, verdicts);
  verdicts.stop();
  const browserVersion = await ff.browser.version();
  const blocked = runs.filter((r) => !r.outcome.ok).length;
  if (blocked !== runs.length) throw new Error(`only ${blocked} of ${runs.length} cases blocked`);
  mkdirSync(OUT, { recursive: true });
  const consoleFile = `${OUT}console-verdicts.json`;
  writeFileSync(
    consoleFile,
    `${JSON.stringify(
      {
        recordedWith: 'test/e2e/firefox/record.ts',
        browser: browserVersion,
        pageOrigin: site.origin,
        cases: runs.map((r) => ({
          name: r.case.name,
          init: r.case.init,
          chromium: r.case.chromium,
          firefox: r.case.firefox,
          url: r.url,
          error: r.outcome.error,
          verdict: r.verdict,
          lines: r.lines,
          exchange: r.exchange,
        })),
      },
      null,
      2,
    )}\n`,
  );
  writeFileSync(`${OUT}cors-cases.har`, `${JSON.stringify(har, null, 2)}\n`);
  spawnSync('npx', ['prettier', '--write', consoleFile], { stdio: 'inherit' });
  console.log(`recorded ${runs.length} cases with ${browserVersion} into ${OUT}`);
} finally {
  await ff.close();
  await Promise.all([site.close(), api.close()]);
}
