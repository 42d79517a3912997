// The lint rule that keeps browser calls behind extension/platform/ (eslint.config.js): it must fail
// on `chrome.` and `browser.` anywhere else in extension/ and src/, and stay quiet inside platform/.
// (`npm run lint` applies it to the tree.)
import { ESLint } from 'eslint';
import { describe, expect, test } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../../../', import.meta.url).pathname });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const CALLS = [
  'export const tab = () => chrome.tabs.create({ url: "about:blank" });\n',
  'export const id = () => browser.runtime.id;\n',
  'export const api = typeof chrome !== "undefined" && chrome.devtools;\n',
];

describe('the browser boundary lint rule', () => {
  test.for(['extension/devtools/model/x.ts', 'extension/background/x.ts', 'src/cors/x.ts'])(
    'fails on chrome./browser. in %s',
    async (file) => {
      for (const code of CALLS) {
        expect(await ruleIds(code, file)).toContain('no-restricted-globals');
      }
    },
  );

  test('allows them in extension/platform/', async () => {
    for (const code of CALLS) {
      expect(await ruleIds(code, 'extension/platform/x.ts')).toEqual([]);
    }
  });
});

test('the lint forbids dangerouslySetInnerHTML, the sink AMO warns about in preact (docs/firefox.md)', async () => {
  const code = 'export const X = () => <div dangerouslySetInnerHTML={{ __html: "<b>x</b>" }} />;\n';
  expect(await ruleIds(code, 'extension/ui/x.tsx')).toContain('no-restricted-syntax');
  expect(
    await ruleIds('export const X = () => <div>{"<b>x</b>"}</div>;\n', 'extension/ui/x.tsx'),
  ).toEqual([]);
});
