// The example in test/README.md (imported there from './harness/index.ts'): the docs must run.
import { expect, test } from 'vitest';
import { corsVerdicts, createFrontend, fetchFromPage, startServer, useBrowser } from './index.ts';

const browser = useBrowser(); // the worker's Chromium, reset for this file; pages closed after each test

test('an API without CORS headers is blocked', async () => {
  const site = await createFrontend(); // http://localhost:PORT serving an empty page
  const api = await startServer({ '/data': { body: '[]' } }); // no CORS headers
  const page = await browser.newPage();
  await site.open(page);
  const cors = await corsVerdicts(page); // Chromium's own verdicts, over CDP
  expect((await fetchFromPage(page, api.url('/data'))).error).toBe('TypeError: Failed to fetch');
  expect((await cors.waitFor(api.url('/data'))).corsError).toBe('MissingAllowOriginHeader');
  expect(api.hits('/data')).toHaveLength(1); // the server was reached: CORS blocks the read
  await Promise.all([site.close(), api.close()]);
});
