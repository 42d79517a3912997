// Layout a user sees, measured in Chromium with the built extension at the widths people use: the
// options page's placeholders show whole, and the panel's sequence diagram wraps its header lines
// between tokens (after `: `, `, `, a space or a comma), never inside a header name or a path
// unless that token alone is wider than the line.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT, useBrowser } from './harness/index.ts';

const browser = useBrowser();

describe('options page', () => {
  test.each([1280, 820, 640, 400, 360])('every placeholder shows whole at %i px', async (width) => {
    const page = await browser.openExtensionPage('extension/options/index.html');
    await page.setViewportSize({ width, height: 800 });
    await page.getByRole('form', { name: 'Relax a site' }).waitFor();
    const fields = await page.$$eval('input[placeholder]', (inputs) =>
      (inputs as HTMLInputElement[]).map((input) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        return {
          placeholder: input.placeholder,
          text: context.measureText(input.placeholder).width,
          box: input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
        };
      }),
    );
    expect(fields.map((f) => f.placeholder)).toContain(
      'http://localhost:3000, https://api.example.com',
    );
    for (const f of fields)
      expect(f.text, `${f.placeholder} at ${width} px`).toBeLessThanOrEqual(f.box);
  });
});

/** A line break in the diagram, with what the test needs to judge it. */
interface LineBreak {
  line: string;
  /** Not after a space or a comma: inside a token. */
  midToken: boolean;
  token: string;
  tokenWidth: number;
  lineWidth: number;
}

/** Every line break in the diagram's labels and header lines. */
function lineBreaks(page: Page): Promise<LineBreak[]> {
  return page.$$eval('.seq-label, .seq-details code', (elements) => {
    const found: LineBreak[] = [];
    for (const element of elements) {
      const line = element.textContent ?? '';
      const message = element.closest('.seq-msg')!;
      const box = getComputedStyle(message);
      const lineWidth =
        message.clientWidth - parseFloat(box.paddingLeft) - parseFloat(box.paddingRight);
      const style = getComputedStyle(element);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      // The top of each visible character, in text order (across the element's text nodes).
      const chars: { char: string; top: number; index: number }[] = [];
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getBoundingClientRect();
          if (text[i] !== ' ' && rect.width > 0) {
            chars.push({ char: text[i]!, top: Math.round(rect.top), index: offset + i });
          }
        }
        offset += text.length;
      }
      for (let k = 1; k < chars.length; k++) {
        const [before, after] = [chars[k - 1]!, chars[k]!];
        if (after.top <= before.top) continue;
        const spaceBetween = after.index > before.index + 1;
        const midToken = !spaceBetween && before.char !== ',';
        // The token around the break: from the last space or comma before it to the next one.
        const start =
          Math.max(line.lastIndexOf(' ', before.index), line.lastIndexOf(',', before.index)) + 1;
        const rest = line.slice(after.index).search(/[ ,]/);
        const end = rest === -1 ? line.length : after.index + rest + 1;
        const token = line.slice(start, end);
        found.push({
          line,
          midToken,
          token,
          tokenWidth: context.measureText(token).width,
          lineWidth,
        });
      }
    }
    return found;
  });
}

describe('panel sequence diagram', () => {
  test('wraps header lines between tokens in a narrow panel', async () => {
    const page = await browser.openExtensionPage('extension/devtools/panel.html');
    await page.setViewportSize({ width: 480, height: 1000 });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Open HAR…' }).click();
    await (await chooser).setFiles(`${REPO_ROOT}/test/fixtures/har/chrome-preflights.har`);
    await page.waitForSelector('[role=option]');
    const blocked = page.locator('[role=option]', { hasText: 'Blocked' });
    const count = await blocked.count();
    expect(count).toBeGreaterThanOrEqual(3);
    let wraps = 0;
    for (let row = 0; row < count; row++) {
      await blocked.nth(row).click();
      await page.waitForSelector('.seq-details code');
      for (const width of [300, 340, 380, 420, 480, 560]) {
        await page.setViewportSize({ width, height: 1000 });
        const breaks = await lineBreaks(page);
        const wrong = breaks.filter((b) => b.midToken && b.tokenWidth <= b.lineWidth);
        expect(wrong, `row ${row} at ${width} px`).toEqual([]);
        wraps += breaks.length;
      }
    }
    // The widths are narrow enough that lines do wrap: the check above is not vacuous.
    expect(wraps).toBeGreaterThan(0);
  });
});
