import { afterEach, describe, expect, test, vi } from 'vitest';
import { applyOverrides } from '../../../extension/devtools/model/engine.ts';
import { makeRecord } from '../../../extension/devtools/model/exchange-record.ts';
import type { Exchange } from '../../../src/cors/types.ts';
import { API, NOW, SITE, h, override } from '../../unit/overrides/fixtures.ts';

// A server that already answers `*` to an uncredentialed GET: Chrome's rules leave it alone
// (response-header conditions), Firefox's cannot tell and overwrite it. The panel's replay must
// follow the browser it runs in, or it would call this response "relaxed" in the wrong browser.
const exchange: Exchange = {
  initiatorOrigin: SITE,
  credentials: 'omit',
  initiator: 'fetch',
  startedAt: new Date(NOW).toISOString(),
  legs: [
    {
      request: { url: `${API}/api/items`, method: 'GET', headers: [h('Origin', SITE)] },
      response: { status: 200, headers: [h('Access-Control-Allow-Origin', '*')] },
    },
  ],
};
const record = makeRecord(1, exchange, [override({ credentials: false })], 7, false);

describe('the panel replays overrides as the browser it runs in compiles them', () => {
  afterEach(() => vi.unstubAllGlobals());

  test('Chromium: a response that already passes is untouched', () => {
    // Chromium: no runtime.getBrowserInfo (and a user agent that claims Firefox changes nothing).
    vi.stubGlobal('chrome', { runtime: {} });
    vi.stubGlobal('navigator', {
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Firefox/153.0',
    });
    expect(applyOverrides(record)).toBeUndefined();
  });

  test('Firefox: no response-header conditions, so the origin is set anyway', () => {
    // Gecko: detected by its API (runtime.getBrowserInfo), not by the user-agent string.
    vi.stubGlobal('browser', { runtime: { getBrowserInfo: () => Promise.resolve({}) } });
    vi.stubGlobal('navigator', { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0' });
    const replayed = applyOverrides(record);
    const acao = replayed?.legs[0]?.response?.headers.filter(
      (x) => x.name.toLowerCase() === 'access-control-allow-origin',
    );
    expect(acao?.map((x) => x.value)).toEqual([SITE]);
  });
});
