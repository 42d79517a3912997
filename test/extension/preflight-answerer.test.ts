// "Answer preflights": only real, failed preflights in the opted-in override's tabs are answered.
import { beforeEach, describe, expect, it } from 'vitest';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const API = 'http://127.0.0.1:3000';

let w: World;
beforeEach(async () => {
  w = new World({ withDebugger: true });
  await w.start();
});

async function relaxWithAnswers(): Promise<number> {
  const tab = await w.openTab(`${SITE}/`);
  await w.call('createOverride', {
    site: SITE,
    duration: 60,
    apiOrigins: [API],
    answerPreflights: true,
  });
  return tab;
}

function paused(tabId: number, method: string, headers: Record<string, string>, status?: number) {
  w.bg.onDebuggerEvent(tabId, 'Fetch.requestPaused', {
    requestId: `r${Math.random()}`,
    request: { url: `${API}/items`, method, headers },
    responseStatusCode: status,
  });
}

const PREFLIGHT = {
  Origin: SITE,
  'Access-Control-Request-Method': 'PUT',
  'Access-Control-Request-Headers': 'x-custom',
};

describe('preflight answerer', () => {
  it('attaches only to the opted-in tabs, pausing requests to the API origins', async () => {
    const tab = await relaxWithAnswers();
    const other = await w.openTab('http://localhost:4000/');
    expect([...w.debugger!.attached]).toEqual([tab]);
    expect(w.debugger!.attached.has(other)).toBe(false);
    expect(w.debugger!.commands('Fetch.enable')[0]?.params).toEqual({
      patterns: [{ urlPattern: 'http://127.0.0.1/*', requestStage: 'Request' }],
    });
  });

  it('answers the site’s preflight before the server does (404, 301 or not), and learns from it', async () => {
    const tab = await relaxWithAnswers();
    paused(tab, 'OPTIONS', PREFLIGHT); // request stage: no status yet
    await w.settle();
    const [fulfil] = w.debugger!.commands('Fetch.fulfillRequest');
    expect(fulfil?.params?.responseCode).toBe(204);
    const headers = fulfil?.params?.responseHeaders as { name: string; value: string }[];
    const get = (n: string) => headers.find((h) => h.name === n)?.value;
    expect(get('Access-Control-Allow-Origin')).toBe(SITE);
    expect(get('Access-Control-Allow-Credentials')).toBe('true');
    expect(get('Access-Control-Allow-Methods')).toContain('PUT');
    expect(get('Access-Control-Allow-Headers')).toContain('x-custom');
    expect((await w.call('listOverrides', undefined))[0]!.learned.requestHeaders).toEqual([
      'x-custom',
    ]);
  });

  it('lets everything else through untouched', async () => {
    const tab = await relaxWithAnswers();
    // A response-stage pause (an attachment from before an update) the server answered 2xx.
    paused(tab, 'OPTIONS', PREFLIGHT, 204);
    paused(tab, 'OPTIONS', { Origin: SITE }); // a bare OPTIONS is not a preflight
    paused(tab, 'GET', { Origin: SITE }); // an actual request goes to the server (DNR rules)
    paused(tab, 'OPTIONS', { ...PREFLIGHT, Origin: 'http://evil.test' }); // another origin's
    await w.settle();
    expect(w.debugger!.commands('Fetch.fulfillRequest')).toEqual([]);
    expect(w.debugger!.commands('Fetch.continueRequest')).toHaveLength(4);
  });

  it('a request of the site a cross-origin redirect tainted gets ACAO null: its preflight, its response', async () => {
    const tab = await relaxWithAnswers();
    const tainted = { Origin: 'null', Referer: `${SITE}/page` };
    paused(tab, 'OPTIONS', { ...PREFLIGHT, ...tainted });
    await w.settle();
    const [fulfil] = w.debugger!.commands('Fetch.fulfillRequest');
    const lines = fulfil?.params?.responseHeaders as { name: string; value: string }[];
    expect(lines.find((h) => h.name === 'Access-Control-Allow-Origin')?.value).toBe('null');
    // Its actual request: continued with its response paused once more, then answered `null`.
    w.bg.onDebuggerEvent(tab, 'Fetch.requestPaused', {
      requestId: 'hop1',
      request: { url: `${API}/items`, method: 'GET', headers: tainted },
    });
    await w.settle();
    expect(w.debugger!.commands('Fetch.continueRequest').at(-1)?.params).toEqual({
      requestId: 'hop1',
      interceptResponse: true,
    });
    w.bg.onDebuggerEvent(tab, 'Fetch.requestPaused', {
      requestId: 'hop1',
      request: { url: `${API}/items`, method: 'GET', headers: tainted },
      responseStatusCode: 200,
      responseHeaders: [
        { name: 'Access-Control-Allow-Origin', value: '*' },
        { name: 'Content-Type', value: 'text/plain' },
      ],
    });
    await w.settle();
    expect(w.debugger!.commands('Fetch.continueResponse')[0]?.params).toEqual({
      requestId: 'hop1',
      responseCode: 200,
      responseHeaders: [
        { name: 'Content-Type', value: 'text/plain' },
        { name: 'Access-Control-Allow-Origin', value: 'null' },
        { name: 'Access-Control-Allow-Credentials', value: 'true' },
        { name: 'Vary', value: 'Origin' },
      ],
    });
  });

  it('an opaque origin without the site as Referer (another frame, no-referrer) is left alone', async () => {
    const tab = await relaxWithAnswers();
    paused(tab, 'OPTIONS', { ...PREFLIGHT, Origin: 'null', Referer: 'http://other.test/x' });
    paused(tab, 'OPTIONS', { ...PREFLIGHT, Origin: 'null' });
    paused(tab, 'GET', { Origin: 'null', Referer: 'http://other.test/x' });
    await w.settle();
    expect(w.debugger!.commands('Fetch.fulfillRequest')).toEqual([]);
    expect(w.debugger!.commands('Fetch.continueRequest').map((c) => c.params)).toEqual([
      { requestId: expect.any(String) },
      { requestId: expect.any(String) },
      { requestId: expect.any(String) },
    ]);
  });

  it('in an answered tab a bare * and null are replaced from the first try', async () => {
    const tab = await relaxWithAnswers();
    const rules = w.dnr.rules.filter(
      (r) =>
        r.condition.tabIds?.includes(tab) &&
        r.condition.responseHeaders?.[0]?.values?.includes('null'),
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.condition.responseHeaders?.[0]?.values).toEqual(['null', '\\*']);
    const [o] = await w.call('listOverrides', undefined);
    await w.call('updateOverride', { id: o!.id, patch: { answerPreflights: false } });
    expect(
      w.dnr.rules.filter((r) => r.condition.responseHeaders?.[0]?.values?.includes('null')),
    ).toEqual([]);
  });

  it('detaches when the override ends', async () => {
    await relaxWithAnswers();
    const [o] = await w.call('listOverrides', undefined);
    await w.call('updateOverride', { id: o!.id, patch: { answerPreflights: false } });
    expect(w.debugger!.attached.size).toBe(0);
  });

  it('after a worker restart, finds its attachment again instead of attaching twice', async () => {
    const tab = await relaxWithAnswers();
    await w.killWorker();
    expect([...w.debugger!.attached]).toEqual([tab]);
    expect(w.debugger!.commands('Fetch.enable')).toHaveLength(2);
    paused(tab, 'OPTIONS', PREFLIGHT, 405);
    await w.settle();
    expect(w.debugger!.commands('Fetch.fulfillRequest')).toHaveLength(1);
  });

  it('closing Chrome’s debugging bar turns the option off instead of re-attaching', async () => {
    const tab = await relaxWithAnswers();
    w.debugger!.attached.delete(tab);
    w.bg.onDebuggerDetach(tab, 'canceled_by_user');
    await w.settle();
    expect((await w.call('listOverrides', undefined))[0]!.answerPreflights).toBe(false);
    expect(w.debugger!.attached.size).toBe(0);
  });

  it('reports a tab it cannot attach to', async () => {
    w.debugger!.refuse.add(100);
    const tab = await relaxWithAnswers();
    expect(tab).toBe(100);
    expect((await w.call('getTabState', { tabId: tab })).problems?.[0]).toMatch(/chrome:\/\//);
  });

  it('without chrome.debugger the capability says so', async () => {
    const plain = new World();
    await plain.start();
    const caps = await plain.call('getCapabilities', undefined);
    expect(caps.answerPreflights).toBe(false);
    expect(caps.answerPreflightsNote).toMatch(/CORS_LENS_DEBUGGER=1/);
    expect(await w.call('getCapabilities', undefined)).toEqual({
      answerPreflights: true,
      relaxedCount: true,
    });
  });
});
