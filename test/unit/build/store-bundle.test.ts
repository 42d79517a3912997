// The service worker's `corsLens` test hooks bypass the sender check that runtime messages need:
// they must exist in the test build only. Bundles the real background entry with the real
// config's constants, for the store build and for the test build, and looks for the global.
import { build, type Rolldown } from 'vite';
import { describe, expect, test } from 'vitest';
import { targetDefines } from '../../../scripts/target-defines.ts';

const ENTRY = new URL('../../../extension/background/index.ts', import.meta.url).pathname;

async function backgroundBundle(define: Record<string, string>): Promise<string> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    define,
    build: {
      write: false,
      minify: true,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'background' },
      rollupOptions: { external: ['webextension-polyfill'] },
    },
  })) as Rolldown.RolldownOutput[];
  return output
    .flatMap((o) => o.output)
    .map((chunk) => ('code' in chunk ? chunk.code : ''))
    .join('\n');
}

describe('the background bundle', () => {
  test('the store build has no corsLens global; the test build has it', async () => {
    const [store, firefox, testBuild] = await Promise.all([
      backgroundBundle(targetDefines('chrome')),
      backgroundBundle(targetDefines('firefox')),
      backgroundBundle(targetDefines('chrome', true)),
    ]);
    expect(testBuild).toContain('corsLens');
    expect(testBuild).toContain('setLearningWindowMs');
    for (const bundle of [store, firefox]) {
      expect(bundle).not.toContain('corsLens');
      expect(bundle).not.toContain('setLearningWindowMs');
      // Still the real worker: it registers its listeners.
      expect(bundle).toContain('onMessage');
    }
  }, 120_000);
});
