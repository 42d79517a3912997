// Least privilege over time: host access CORS Lens asked for goes back to the browser when no
// override needs it any more; host access granted any other way is never touched.
import { fakeBrowser } from '@webext-core/fake-browser';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { ASKED_BY_US_KEY, ASKS_KEY } from '../../extension/background/host-access.ts';
import type { Override } from '../../src/overrides/index.ts';
import { hostPatternsFor, isCovered } from '../../src/overrides/host-patterns.ts';
import type { OverrideDraft } from '../../src/protocol/messages.ts';
import { pageEnvFor } from './fakes/page-env.ts';
import { World } from './fakes/world.ts';

const SITE = 'http://localhost:5173';
const API = 'http://127.0.0.1:3000';

/** The options page's flow: ask for the hosts (the user accepts), then create the override. */
async function relax(w: World, draft: OverrideDraft): Promise<Override> {
  const env = pageEnvFor(w);
  const patterns = hostPatternsFor({ site: draft.site, apiOrigins: draft.apiOrigins ?? 'any' });
  expect(await env.requestHostAccess(patterns)).toBe(true);
  return w.call('createOverride', draft);
}

async function askedByUs(): Promise<string[]> {
  const raw = (await fakeBrowser.storage.local.get(ASKED_BY_US_KEY))[ASKED_BY_US_KEY];
  return (raw as string[] | undefined) ?? [];
}

let w: World;
beforeEach(async () => {
  // The store build: nothing granted up front, every host optional.
  w = new World({ granted: [] });
  await w.start();
});

describe('giving back host access', () => {
  it('records what a CORS Lens prompt granted, and gives it back when the override is deleted', async () => {
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    expect(w.granted.sort()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(await askedByUs()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);

    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toEqual([]);
    expect(w.removals).toEqual([['http://127.0.0.1/*', 'http://localhost/*']]);
    expect(await askedByUs()).toEqual([]);
  });

  it('never removes host access the user granted in the browser settings', async () => {
    // Granted in chrome://extensions "Site access" before CORS Lens ever asked.
    await w.grant(['http://localhost/*']);
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    // Only the host the prompt added is ours.
    expect(await askedByUs()).toEqual(['http://127.0.0.1/*']);
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toEqual(['http://localhost/*']);
  });

  it('never removes a grant made outside a CORS Lens prompt, even for a host an override used', async () => {
    // No prompt: the user granted it in the browser, then relaxed with access already there.
    await w.grant(['http://*/*']);
    const o = await w.call('createOverride', { site: SITE, duration: 60 });
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toEqual(['http://*/*']);
    expect(w.removals).toEqual([]);
  });

  it('keeps a host a second override still needs', async () => {
    const a = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await relax(w, { site: 'http://localhost:4000', apiOrigins: [API], duration: 60 });
    await w.call('deleteOverride', { id: a.id });
    await w.settle();
    expect(w.granted.sort()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    expect(w.removals).toEqual([]);
  });

  it('gives back what an override used when its time runs out (the expiry alarm)', async () => {
    await relax(w, { site: SITE, apiOrigins: [API], duration: 15 });
    await w.openTab(`${SITE}/`);
    await w.advance(15 * 60_000 + 1);
    expect(await w.call('listOverrides', undefined)).toEqual([]);
    expect(w.granted).toEqual([]);
  });

  it('gives back what a tab-bound override used when its tab closes', async () => {
    const tab = await w.openTab(`${SITE}/`);
    await relax(w, { site: SITE, apiOrigins: [API], duration: 'tab-close', tabId: tab });
    expect(w.granted).toHaveLength(2);
    await w.closeTab(tab);
    expect(w.granted).toEqual([]);
  });

  it('keeps access for a paused override: resuming it asks for nothing', async () => {
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await w.call('updateOverride', { id: o.id, patch: { paused: true } });
    await w.settle();
    expect(w.granted).toHaveLength(2);
    expect(w.removals).toEqual([]);
  });

  it('keeps the broad grant "any" needs, and gives back narrow ones it makes redundant', async () => {
    const narrow = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await relax(w, { site: 'http://localhost:4000', duration: 60 });
    expect(w.granted).toContain('http://*/*');
    await w.call('deleteOverride', { id: narrow.id });
    await w.settle();
    // http://*/* serves the remaining "any" override; the narrow hosts add nothing to it.
    expect(w.granted.sort()).toEqual(['http://*/*', 'https://*/*']);
  });

  it('does not take back a grant before the page had time to create its override', async () => {
    const env = pageEnvFor(w);
    const patterns = ['http://127.0.0.1/*', 'http://localhost/*'];
    await env.requestHostAccess(patterns);
    // permissions.onAdded ran a reconcile already; the override arrives later.
    expect(w.granted).toEqual(patterns);
    await w.advance(30_000);
    await w.call('createOverride', { site: SITE, apiOrigins: [API], duration: 60 });
    await w.advance(2 * 60_000);
    expect(w.granted).toEqual(patterns);
  });

  it('gives back a grant whose override never came, once the grace is over', async () => {
    const env = pageEnvFor(w);
    await env.requestHostAccess(['http://localhost/*']);
    expect(w.granted).toEqual(['http://localhost/*']);
    await w.advance(2 * 60_000);
    expect(w.granted).toEqual([]);
  });

  it('keeps what a pending override waits for (createOverrideWhenGranted)', async () => {
    const a = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    // Another site is staged and needs http://*/* ("any"), which is not granted yet.
    const staged = await w.call('createOverrideWhenGranted', {
      site: 'http://localhost:4000',
      apiOrigins: [API],
      duration: 60,
    });
    expect(staged.pendingId).toBeUndefined();
    await w.call('deleteOverride', { id: a.id });
    await w.settle();
    // Created at once (its hosts were granted) and still needs them.
    expect(w.granted.sort()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  });

  it('with the setting off keeps everything; turning it on gives back at once', async () => {
    await w.call('updateSettings', { giveBackHostAccess: false });
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toHaveLength(2);
    expect(await w.call('getSettings', undefined)).toEqual({ giveBackHostAccess: false });
    await w.call('updateSettings', { giveBackHostAccess: true });
    await w.settle();
    expect(w.granted).toEqual([]);
  });

  it('survives worker death: an override that ended while the worker was gone is cleaned up on wake', async () => {
    await relax(w, { site: SITE, apiOrigins: [API], duration: 15 });
    // The worker dies; the alarm fires later and wakes a new one.
    w.clock.advance(16 * 60_000);
    await w.killWorker();
    await w.settle();
    expect(w.granted).toEqual([]);
    // Idempotent: another reconcile removes nothing more.
    const before = w.removals.length;
    await w.bg.reconcile();
    await w.settle();
    expect(w.removals).toHaveLength(before);
  });

  it('survives a browser restart: the record is in storage.local, like the grants', async () => {
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await w.restartBrowser();
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toEqual([]);
  });

  it('forgets a host the user revoked, so a later grant made elsewhere stays theirs', async () => {
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    await w.revoke(['http://localhost/*']);
    expect(await askedByUs()).toEqual(['http://127.0.0.1/*']);
    await w.grant(['http://localhost/*']);
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toEqual(['http://localhost/*']);
  });

  it('retries at the next reconcile when the browser refuses to remove', async () => {
    const o = await relax(w, { site: SITE, apiOrigins: [API], duration: 60 });
    w.refuseRemovals = true;
    await w.call('deleteOverride', { id: o.id });
    await w.settle();
    expect(w.granted).toHaveLength(2);
    expect(w.warnings).toContain('Could not give back host access');
    expect(await askedByUs()).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
    w.refuseRemovals = false;
    await w.killWorker();
    await w.settle();
    expect(w.granted).toEqual([]);
  });

  it("the test build: host access from the manifest is never CORS Lens's to give back", async () => {
    const tb = new World();
    await tb.start();
    const env = pageEnvFor(tb);
    await env.requestHostAccess(hostPatternsFor({ site: SITE, apiOrigins: 'any' }));
    const made = await tb.call('createOverride', { site: SITE, duration: 60 });
    await tb.call('deleteOverride', { id: made.id });
    await tb.settle();
    expect(tb.granted).toEqual(['http://*/*', 'https://*/*']);
    expect(tb.removals).toEqual([]);
    expect(tb.warnings).toEqual([]);
  });
});

describe('granted-by-us only ever holds what overrides need', () => {
  const SITES = ['http://localhost:5173', 'http://localhost:4000', 'https://app.test'];
  const APIS = [[API], ['https://api.test'], 'any' as const, [API, 'https://api.test']];
  type Op =
    | { kind: 'relax'; site: number; api: number; duration: 1 | 60 | 'tab-close' }
    | { kind: 'delete'; pick: number }
    | { kind: 'pause'; pick: number }
    | { kind: 'userGrant'; pattern: number }
    | { kind: 'userRevoke'; pattern: number }
    | { kind: 'advance'; ms: number }
    | { kind: 'closeTab' }
    | { kind: 'kill' }
    | { kind: 'setting'; on: boolean };
  const USER_PATTERNS = ['http://localhost/*', 'https://api.test/*', 'http://*/*'];

  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant('relax' as const),
      site: fc.nat(2),
      api: fc.nat(3),
      duration: fc.constantFrom(1 as const, 60 as const, 'tab-close' as const),
    }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat(3) }),
    fc.record({ kind: fc.constant('pause' as const), pick: fc.nat(3) }),
    fc.record({ kind: fc.constant('userGrant' as const), pattern: fc.nat(2) }),
    fc.record({ kind: fc.constant('userRevoke' as const), pattern: fc.nat(2) }),
    fc.record({ kind: fc.constant('advance' as const), ms: fc.constantFrom(30_000, 61_000) }),
    fc.constant({ kind: 'closeTab' as const }),
    fc.constant({ kind: 'kill' as const }),
    fc.record({ kind: fc.constant('setting' as const), on: fc.boolean() }),
  );

  it('after every step: ours ⊆ granted, each of ours serves a need, user grants stay', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 14 }), async (ops) => {
        const world = new World({ granted: [] });
        await world.start();
        /**
         * Granted by the user outside CORS Lens (and not revoked since), with the number of removals
         * made before: a pattern CORS Lens gave back earlier may be granted by the user later.
         */
        const userGranted = new Map<string, number>();
        let settingOn = true;
        for (const o of ops) {
          const list = await world.call('listOverrides', undefined);
          // Which override needs are covered before the step: no step but a revoke may uncover them.
          const coveredBefore = new Map(
            list.map((x) => [x.id, hostPatternsFor(x).filter((p) => isCovered(p, world.granted))]),
          );
          const picked = list[o.kind === 'delete' || o.kind === 'pause' ? o.pick % 4 : 0];
          switch (o.kind) {
            case 'relax': {
              const site = SITES[o.site]!;
              const tab = await world.openTab(`${site}/`);
              const apiOrigins = APIS[o.api]!;
              const env = pageEnvFor(world);
              await env.requestHostAccess(hostPatternsFor({ site, apiOrigins }));
              await world.call('createOverride', {
                site,
                apiOrigins,
                duration: o.duration,
                tabId: tab,
              });
              break;
            }
            case 'delete':
              if (picked) await world.call('deleteOverride', { id: picked.id });
              break;
            case 'pause':
              if (picked) {
                await world.call('updateOverride', {
                  id: picked.id,
                  patch: { paused: !picked.paused },
                });
              }
              break;
            case 'userGrant': {
              const p = USER_PATTERNS[o.pattern]!;
              // A host the user grants while it is already granted is indistinguishable from ours.
              if (!world.granted.includes(p)) {
                userGranted.set(p, world.removals.length);
                await world.grant([p]);
              }
              break;
            }
            case 'userRevoke': {
              const p = USER_PATTERNS[o.pattern]!;
              userGranted.delete(p);
              await world.revoke([p]);
              break;
            }
            case 'advance':
              await world.advance(o.ms);
              break;
            case 'closeTab': {
              const first = [...world.tabs.keys()][0];
              if (first !== undefined) await world.closeTab(first);
              break;
            }
            case 'kill':
              await world.killWorker();
              break;
            case 'setting':
              settingOn = o.on;
              await world.call('updateSettings', { giveBackHostAccess: o.on });
              break;
          }
          await world.settle();

          const ours = await askedByUs();
          const granted = world.granted;
          // What the record holds is granted right now.
          for (const p of ours) expect(granted).toContain(p);
          // The user's own grants are never removed.
          for (const p of userGranted.keys()) expect(granted).toContain(p);
          // No removal took a pattern while it was the user's.
          for (const [p, before] of userGranted) {
            expect(world.removals.slice(before).flat()).not.toContain(p);
          }
          const overrides = await world.call('listOverrides', undefined);
          if (o.kind !== 'userRevoke') {
            // Every override that is still there keeps the access it had.
            for (const x of overrides) {
              for (const p of coveredBefore.get(x.id) ?? []) {
                expect(isCovered(p, granted), `${x.site} lost ${p}`).toBe(true);
              }
            }
          }
          if (settingOn) {
            // Granted-by-us ⊆ needed: each pattern we hold covers a need nothing else covers.
            // Needed = the overrides' patterns and those of prompts still in their grace period.
            const rawAsks = (await fakeBrowser.storage.session.get(ASKS_KEY))[ASKS_KEY];
            const asks = (rawAsks as { patterns: string[]; until: number }[] | undefined) ?? [];
            const allNeeds = [
              ...overrides.flatMap(hostPatternsFor),
              ...asks.filter((a) => a.until > world.clock.now()).flatMap((a) => a.patterns),
            ];
            for (const p of ours) {
              const without = granted.filter((g) => g !== p);
              const serves = allNeeds.some((q) => isCovered(q, [p]) && !isCovered(q, without));
              expect(serves, `${p} is held without a need`).toBe(true);
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
