// Adding iframes to a page in an end-to-end test, and finding them as Playwright frames.
import type { Frame, Page } from 'playwright-core';

/**
 * Runs in the page: appends one iframe per URL and resolves once each has loaded. Pass it to any
 * `evaluate` (Playwright's, or a bare page's from harness/pipe-browser.ts).
 */
export const appendIframes = (sources: string[]): Promise<void> =>
  Promise.all(
    sources.map(
      (src) =>
        new Promise((done) => {
          const f = document.createElement('iframe');
          f.src = src;
          f.onload = done;
          document.body.append(f);
        }),
    ),
  ).then(() => undefined);

/** Appends one iframe per URL and waits until each has loaded; returns them in order. */
export async function addIframes(page: Page, sources: readonly string[]): Promise<Frame[]> {
  await page.evaluate(appendIframes, [...sources]);
  return sources.map((src) => {
    const frame = page.frames().find((f) => f.url() === src);
    if (!frame) throw new Error(`no frame shows ${src}`);
    return frame;
  });
}
