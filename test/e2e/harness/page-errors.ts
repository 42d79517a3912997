import type { Page } from 'playwright-core';

/**
 * Start recording a page's console errors and uncaught exceptions. Returns a live array: attach
 * before navigating, read after.
 */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.stack ?? error.message}`));
  return errors;
}
