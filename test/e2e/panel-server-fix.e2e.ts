// "Server fix for what this override does" in the DevTools panel, for real: a site relaxed in the
// built extension, a preflighted request that teaches the override a method and a header, the
// relaxed request selected in the CORS panel inside DevTools, and its Fixes tab. The generated
// config must carry the override's site, API origins, credentials, learned method and header and
// exposed header, for Express (ES module and CommonJS) and for nginx, and Copy must put the code on
// the browser's clipboard. (popup and options page: server-fix-view.e2e.ts)
import { expect, it } from 'vitest';
import { STACKS } from '../../src/fixes/stacks/index.ts';
import {
  fetchFromPage,
  useBrowser,
  useFrontend,
  useServer,
  type ExtensionFrame,
} from './harness/index.ts';
import { TargetSessions, type TargetSession } from './harness/target-sessions.ts';
import { CorsLensDriver } from './overrides-driver.ts';

const browser = useBrowser({ devtools: true });
const TITLE = 'Server fix for what this override does';

const site = useFrontend();
// No CORS at all, an Express app's headers: the unconfigured server of a fresh project.
const api = useServer({ '/api/items': { headers: { 'X-Powered-By': 'Express' }, body: '[]' } });
/** A second API server the override allows: the view offers a picker between the two. */
const other = useServer({ '*': { body: '{}' } });

/** Clicks like a user (a user activation: copying needs one), in the panel's own frame. */
async function userClick(panel: TargetSession, selector: string): Promise<void> {
  const expression = `document.querySelector(${JSON.stringify(selector)}).click()`;
  const answer = await panel.send<{ exceptionDetails?: unknown }>('Runtime.evaluate', {
    expression,
    userGesture: true,
  });
  if (answer.exceptionDetails) throw new Error(`no ${selector} to click`);
}

/** What the view shows, read from the panel's DOM (the accessible names are the contract). */
function readView(panel: ExtensionFrame, title: string) {
  return panel.evaluate(
    ({ view, title }) => {
      const region = document.querySelector(`section[aria-label="${view}"]`);
      if (!region) return undefined;
      const stack = region.querySelector('select');
      return {
        summary: region.closest('details')?.querySelector('summary')?.textContent,
        open: region.closest('details')?.open,
        stack: stack?.value,
        stackLabel: stack?.closest('label')?.textContent?.trim().split(/\s/)[0],
        servers: [...region.querySelectorAll('select')].slice(1).flatMap((s) => {
          return [...s.options].map((o) => o.value);
        }),
        covers: region.querySelector('.server-fix-covers')?.textContent,
        code: region.querySelector(`pre[aria-label="${title} configuration"]`)?.textContent,
        cjs: region.querySelector(`section[aria-label="${title}, CommonJS (require)"] pre`)
          ?.textContent,
        copyLabels: [...region.querySelectorAll('button')].map((b) => b.textContent),
      };
    },
    { view: TITLE, title },
  );
}

function choose(panel: ExtensionFrame, index: number, value: string) {
  return panel.evaluate(
    ({ view, index, value }) => {
      const select = document
        .querySelector(`section[aria-label="${view}"]`)!
        .querySelectorAll('select')[index]!;
      select.value = value;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { view: TITLE, index, value },
  );
}

it('the Fixes tab of a relaxed request shows the server config of its override, and copies it', async () => {
  const lens = new CorsLensDriver(browser);
  const page = await browser.newPage();
  const panel = await browser.devtools(page).showPanel();
  const sessions = await TargetSessions.open(browser.context);
  try {
    await site.open(page);
    const created = await lens.relax(page, { apiOrigins: [api.origin, other.origin] });
    expect(created.credentials).toBe(true);
    // Set on the options page: a response header the app reads.
    await lens.call('updateOverride', {
      id: created.id,
      patch: { exposeHeaders: ['X-Total-Count'] },
    });

    // A method and a header the override does not allow yet: the first preflight teaches them,
    // the retry passes, relaxed.
    const purge = () =>
      fetchFromPage(page, api.url('/api/items'), {
        method: 'PURGE',
        credentials: 'include',
        headers: { 'X-Request-Id': '42' },
      });
    await purge();
    await expect
      .poll(
        async () => {
          const [o] = await lens.call('listOverrides', undefined);
          return [...(o?.learned.methods ?? []), ...(o?.learned.requestHeaders ?? [])];
        },
        { timeout: 30_000 },
      )
      .toEqual(['PURGE', 'x-request-id']);
    expect((await purge()).body).toBe('[]');

    // The relaxed row, then its Fixes tab.
    await panel.waitFor(
      () =>
        [...document.querySelectorAll<HTMLElement>('[role=option]')].some((r) =>
          r.textContent?.includes('Relaxed'),
        ),
      undefined,
      30_000,
    );
    // The blocked first try has no override to make permanent: no server-fix view there.
    await panel.evaluate(() => {
      [...document.querySelectorAll<HTMLElement>('[role=option]')]
        .find((r) => r.textContent?.includes('Blocked'))!
        .click();
    });
    await openFixesTab(panel);
    expect(await panel.evaluate(() => document.querySelector('.fix') !== null)).toBe(true);
    expect(await readView(panel, STACKS.express.title)).toBeUndefined();

    await panel.evaluate(() => {
      [...document.querySelectorAll<HTMLElement>('[role=option]')]
        .findLast((r) => r.textContent?.includes('Relaxed'))!
        .click();
    });
    await openFixesTab(panel);
    await panel.waitFor(
      (view) => document.querySelector(`section[aria-label="${view}"]`),
      TITLE,
      30_000,
    );

    await choose(panel, 0, 'express');
    const express = (await readView(panel, STACKS.express.title))!;
    expect(express.summary).toBe(TITLE);
    expect(express.open).toBe(true); // unfolded in the panel
    expect(express.stack).toBe('express');
    expect(express.stackLabel).toBe('Stack'); // the picker is a labelled control
    expect(express.servers).toEqual([api.origin, other.origin]);
    expect(express.covers).toContain(`This configures ${api.origin} to allow ${site.origin}`);
    for (const [form, code, load] of [
      ['ES module', express.code, "import cors from 'cors';"],
      ['CommonJS', express.cjs, "const cors = require('cors');"],
    ] as const) {
      expect(code, form).toContain(load);
      expect(code, form).toContain(`origin: ['${site.origin}']`);
      expect(code, form).toContain('credentials: true');
      expect(code, form).toMatch(/methods: \[[^\]]*'PURGE'/);
      expect(code, form).toMatch(/allowedHeaders: \[[^\]]*'x-request-id'/);
      expect(code, form).toContain("exposedHeaders: ['x-total-count']");
    }
    expect(express.copyLabels).toEqual(['Copy', 'Copy CommonJS (require)']);

    // Copy, as a user clicks it: the button says so (for a moment: every label it shows is
    // recorded, so a slow machine cannot miss it) and the clipboard holds the code.
    const copy = `section[aria-label="${TITLE}"] .code-head .copy-button`;
    await panel.evaluate((selector) => {
      const button = document.querySelector(selector)!;
      const seen: string[] = [];
      (globalThis as unknown as { copyLabels: string[] }).copyLabels = seen;
      new MutationObserver(() => seen.push(button.textContent ?? '')).observe(button, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    }, copy);
    await userClick(await sessions.attach(panel.targetId), copy);
    await panel.waitFor(
      () => (globalThis as unknown as { copyLabels: string[] }).copyLabels.length > 0,
      undefined,
      30_000,
    );
    expect(
      await panel.evaluate(() => (globalThis as unknown as { copyLabels: string[] }).copyLabels[0]),
    ).toBe('Copied');
    expect(await clipboardText(page)).toBe(express.code);

    // A stack that is not Node: nginx configures the API server the picker names.
    await choose(panel, 0, 'nginx');
    const nginx = (await readView(panel, STACKS.nginx.title))!;
    expect(nginx.cjs).toBeUndefined(); // one form only
    expect(nginx.code).toContain(`# In the server { } that serves ${api.origin}:`);
    expect(nginx.code).toContain(`"${site.origin}" $http_origin;`);
    expect(nginx.code).toContain('Access-Control-Allow-Credentials "true"');
    expect(nginx.code).toMatch(/Allow-Methods "[^"]*PURGE/);
    expect(nginx.code).toMatch(/Allow-Headers "[^"]*x-request-id/);
    expect(nginx.code).toContain('Access-Control-Expose-Headers "x-total-count"');
    await choose(panel, 1, other.origin);
    const second = (await readView(panel, STACKS.nginx.title))!;
    expect(second.code).toContain(`# In the server { } that serves ${other.origin}:`);
    expect(second.covers).toContain(`This configures ${other.origin} to allow ${site.origin}`);
  } finally {
    await sessions.dispose();
    await lens.deleteAll();
  }
});

async function openFixesTab(panel: ExtensionFrame): Promise<void> {
  await panel.waitFor(() => document.querySelector('.detail .tabs'), undefined, 30_000);
  await panel.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.tabs [role=tab]')]
      .find((t) => t.textContent === 'Fixes')!
      .click(),
  );
  await panel.waitFor(() => document.querySelector('.fixes-tab'), undefined, 30_000);
}

/** The browser's clipboard, read back the way a user would paste it: into a field of a page. */
async function clipboardText(page: import('playwright-core').Page): Promise<string> {
  await page.bringToFront();
  await page.evaluate(() => {
    const area = document.createElement('textarea');
    area.id = 'paste-here';
    document.body.append(area);
    area.focus();
  });
  await page.keyboard.press('Control+V');
  return page.evaluate(() => (document.getElementById('paste-here') as HTMLTextAreaElement).value);
}
