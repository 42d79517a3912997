// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'dist/**',
      'dist-*/**',
      'release/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        ...globals.browser,
        ...globals.node,
        ...globals.webextensions,
        ...globals.serviceworker,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // The polyfill throws when imported outside an extension; one adapter folder owns it.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'webextension-polyfill', message: 'Import it from extension/platform only.' },
          ],
        },
      ],
    },
  },
  {
    // The browser boundary: only extension/platform/ calls chrome.* / browser.*; everything else
    // gets what it needs through the interfaces platform/ implements (PanelClient, PageEnv,
    // BackgroundPorts), so it runs under test without a browser. Tests and scripts are outside.
    files: ['extension/**'],
    ignores: ['extension/platform/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'chrome', message: 'Call the browser through extension/platform/ only.' },
        { name: 'browser', message: 'Call the browser through extension/platform/ only.' },
      ],
    },
  },
  {
    files: ['extension/platform/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // preact's one HTML-from-string sink (the reason `lint:firefox` sets its chunk aside, and AMO's
    // validator warns about it: docs/firefox.md) is reachable only through this prop.
    files: ['extension/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Render text, not HTML strings (see docs/firefox.md, AMO review).',
        },
      ],
    },
  },
  {
    // src/ is the pure engine: it must run in Node, in the service worker and in the panel alike.
    files: ['src/**'],
    languageOptions: { globals: { ...globals.es2021 } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['webextension-polyfill', 'preact', 'preact/*', '**/extension/**', 'node:*'],
              message: 'src/ is pure: no browser, UI or Node imports.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'chrome', 'browser', 'window', 'document', 'process'],
    },
  },
);
