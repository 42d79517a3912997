// Adding iframes to a page in an end-to-end test, and finding them as Playwright frames.
import type { Frame, Page } from 'playwright-core';

/** Appends one iframe per URL and waits until each has loaded; returns them in order. */
export async function addIframes(page: Page, sources: readonly string[]): Promise<Frame[]> {
  await page.evaluate(
    (srcs) =>
      Promise.all(
        srcs.map(
          (src) =>
            new Promise((done) => {
              const f = document.createElement('iframe');
              f.src = src;
              f.onload = done;
              document.body.append(f);
            }),
        ),
      ),
    [...sources],
  );
  return sources.map((src) => {
    const frame = page.frames().find((f) => f.url() === src);
    if (!frame) throw new Error(`no frame shows ${src}`);
    return frame;
  });
}
