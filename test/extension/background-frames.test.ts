// Frames of another origin in a relaxed tab (issue 10, item 8): the background learns them from
// document loads (onBeforeRequest, main_frame/sub_frame) and the rules leave their exchanges alone
// there. Judged by replaying a response through the installed rules (the DNR evaluator).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Header } from '../../src/cors/types.ts';
import { evaluateResponse } from '../../src/overrides/dnr-engine.ts';
import { FRAME_GRACE_MS } from '../../extension/background/frame-origins.ts';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const API = 'http://localhost:3000';
const PORT_FRAME = 'http://localhost:8080';
const SUB_FRAME = 'http://evil.localhost:5173';

let w: World;
beforeEach(async () => {
  w = new World();
  await w.start();
});

/** ACAO after the installed rules, for a fetch by `initiator` in `tabId` answered `acao`. */
function acaoAfter(tabId: number, initiator: string, headers: Header[]): string[] {
  const out = evaluateResponse(
    w.dnr.rules,
    { url: `${API}/items`, method: 'GET', type: 'xmlhttprequest', tabId, initiator },
    headers,
  );
  return out.headers
    .filter((h) => h.name.toLowerCase() === 'access-control-allow-origin')
    .map((h) => h.value);
}

const echo = (origin: string): Header[] => [{ name: 'Access-Control-Allow-Origin', value: origin }];
const STAR: Header[] = [{ name: 'Access-Control-Allow-Origin', value: '*' }];

async function relaxedTab(): Promise<number> {
  const tab = await w.openTab(`${SITE}/`);
  await w.call('createOverride', { site: SITE, duration: 60 });
  return tab;
}

describe('frames of another origin in a relaxed tab', () => {
  it('listens to document loads of relaxed tabs only', async () => {
    const other = await w.openTab('http://localhost:4000/');
    const tab = await relaxedTab();
    expect(w.webRequest.frameTabs()).toEqual([tab]);
    expect(other).not.toBe(tab);
    await w.call('deleteOverride', { id: (await w.call('listOverrides', undefined))[0]!.id });
    expect(w.webRequest.frameTabs()).toEqual([]);
  });

  it('before a frame is known its echo is rewritten; once seen, it is left as the server sent it', async () => {
    const tab = await relaxedTab();
    // The problem being solved: an echo without Vary looks like a server set up for another port.
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([SITE]);
    w.webRequest.frame(tab, `${PORT_FRAME}/widget.html`);
    await w.settle();
    expect(await w.bg.frames.known()).toEqual({ [tab]: [PORT_FRAME] });
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([PORT_FRAME]);
    // `*` for its uncredentialed requests stays too; the site's own answers are still fixed.
    expect(acaoAfter(tab, PORT_FRAME, STAR)).toEqual(['*']);
    expect(acaoAfter(tab, SITE, [])).toEqual([SITE]);
    expect(acaoAfter(tab, SITE, echo('http://localhost:9999'))).toEqual([SITE]);
    // The popup says what that costs in this tab.
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.limitations?.join(' ')).toContain(`A frame of ${PORT_FRAME} is open in this tab`);
  });

  it('a subdomain frame is excluded by initiator, whatever its server answers', async () => {
    const tab = await relaxedTab();
    w.webRequest.frame(tab, `${SUB_FRAME}/x`);
    await w.settle();
    for (const answer of [echo(SUB_FRAME), STAR, [], echo('null')]) {
      expect(acaoAfter(tab, SUB_FRAME, answer)).toEqual(answer.map((h) => h.value));
    }
    // The site keeps every fix: once the API failed one of its requests, `*` is replaced there.
    expect(acaoAfter(tab, SITE, STAR)).toEqual(['*']);
    w.webRequest.error(tab, `${API}/items`, 'GET', 'net::ERR_FAILED', SITE);
    await w.settle();
    expect(acaoAfter(tab, SITE, STAR)).toEqual([SITE]);
    const state = await w.call('getTabState', { tabId: tab });
    expect(state.limitations ?? []).toEqual([]);
  });

  it('ignores frames of the site itself and of unrelated hosts; other tabs are unaffected', async () => {
    const tab = await relaxedTab();
    const second = await w.openTab(`${SITE}/other`);
    const before = w.dnr.updates.length;
    w.webRequest.frame(tab, `${SITE}/inner.html`);
    w.webRequest.frame(tab, 'http://example.test/ad.html');
    w.webRequest.frame(tab, 'about:blank');
    await w.settle();
    expect(await w.bg.frames.known()).toEqual({});
    expect(w.dnr.updates.length).toBe(before);
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    // The API failed a request of the site: its `*` gets replaced, but not in the frame's tab.
    w.webRequest.error(second, `${API}/items`, 'GET', 'net::ERR_FAILED', SITE);
    await w.settle();
    // The trade-off stays in the tab that holds the frame.
    expect(acaoAfter(second, PORT_FRAME, echo(PORT_FRAME))).toEqual([SITE]);
    expect(acaoAfter(second, SITE, STAR)).toEqual([SITE]);
    expect(acaoAfter(tab, SITE, STAR)).toEqual(['*']);
  });

  it('a frame loaded before the tab was relaxed shows itself by its first failed request', async () => {
    const tab = await relaxedTab();
    // Failures of the site itself, of unrelated origins, or without an initiator teach nothing.
    w.webRequest.error(tab, `${API}/items`, 'GET', 'net::ERR_FAILED', SITE);
    w.webRequest.error(tab, `${API}/items`, 'GET', 'net::ERR_FAILED', 'http://example.test');
    w.webRequest.error(tab, `${API}/items`, 'GET');
    await w.settle();
    expect(await w.bg.frames.known()).toEqual({});
    w.webRequest.error(tab, `${API}/items`, 'GET', 'net::ERR_FAILED', PORT_FRAME);
    await w.settle();
    expect(await w.bg.frames.known()).toEqual({ [tab]: [PORT_FRAME] });
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([PORT_FRAME]);
  });

  it('a worker restart keeps the known frames and listens again', async () => {
    const tab = await relaxedTab();
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    await w.settle();
    const rules = JSON.stringify(w.dnr.rules);
    const updates = w.dnr.updates.length;
    await w.killWorker();
    expect(w.webRequest.frameTabs()).toEqual([tab]);
    expect(await w.bg.frames.known()).toEqual({ [tab]: [PORT_FRAME] });
    // Nothing to change: the restarted worker compiles the same rules.
    expect(w.dnr.updates.length).toBe(updates);
    expect(JSON.stringify(w.dnr.rules)).toBe(rules);
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([PORT_FRAME]);
    // A frame seen by the new worker is added to the stored ones.
    w.webRequest.frame(tab, `${SUB_FRAME}/`);
    await w.settle();
    expect((await w.bg.frames.known())[tab]).toEqual([PORT_FRAME, SUB_FRAME]);
  });

  it('a browser restart forgets them with the session rules', async () => {
    const tab = await relaxedTab();
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    await w.settle();
    await w.restartBrowser();
    expect(await w.bg.frames.known()).toEqual({});
    expect(tab).toBeGreaterThan(0);
  });

  it('closing the tab or leaving the site forgets its frames', async () => {
    const tab = await relaxedTab();
    const other = await w.openTab(`${SITE}/`);
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    w.webRequest.frame(other, `${PORT_FRAME}/`);
    await w.settle();
    await w.closeTab(tab);
    expect(Object.keys(await w.bg.frames.known())).toEqual([String(other)]);
    // A page load that never shows (a download, a 204) leaves the frames as they are.
    w.webRequest.frame(other, 'http://localhost:4000/file.zip', 'main');
    await w.settle();
    expect(Object.keys(await w.bg.frames.known())).toEqual([String(other)]);
    w.webRequest.frame(other, 'http://localhost:4000/', 'main');
    await w.navigate(other, 'http://localhost:4000/');
    expect(await w.bg.frames.known()).toEqual({});
    expect(w.dnr.rules.some((r) => r.priority === 120)).toBe(false);
  });

  it('a reload keeps the frames shielded until they load again; those that do not go after the grace', async () => {
    const tab = await relaxedTab();
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    w.webRequest.frame(tab, `${SUB_FRAME}/`);
    await w.settle();
    w.clock.advance(1000);
    w.webRequest.frame(tab, `${SITE}/`, 'main');
    await w.navigate(tab, `${SITE}/`);
    // Still shielded while the new page loads: its frames' first requests must not break.
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([PORT_FRAME]);
    expect(acaoAfter(tab, SUB_FRAME, [])).toEqual([]);
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    await w.settle();
    await w.advance(FRAME_GRACE_MS + 100);
    expect((await w.bg.frames.known())[tab]).toEqual([PORT_FRAME]);
    expect(acaoAfter(tab, PORT_FRAME, echo(PORT_FRAME))).toEqual([PORT_FRAME]);
    // The subdomain frame did not come back: it gets the site's rules again.
    expect(acaoAfter(tab, SUB_FRAME, [])).toEqual([SITE]);
  });

  it('storage.session faults: a failed write loses nothing in memory and is reported', async () => {
    const tab = await relaxedTab();
    const session = w.ports().session;
    const failing = { ...session, set: async () => Promise.reject(new Error('quota')) };
    const { FrameOrigins } = await import('../../extension/background/frame-origins.ts');
    let changes = 0;
    const warnings: string[] = [];
    const frames = new FrameOrigins({
      webRequest: w.webRequest,
      session: failing,
      clock: w.clock,
      onChange: () => void changes++,
      warn: (m) => void warnings.push(m),
    });
    frames.sync([{ tabId: tab, site: SITE }]);
    w.webRequest.frame(tab, `${PORT_FRAME}/`);
    await w.settle();
    expect(await frames.known()).toEqual({ [tab]: [PORT_FRAME] });
    expect(changes).toBe(1);
    expect(warnings).toContain('Could not store the frames of relaxed tabs');
  });
});
