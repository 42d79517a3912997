/**
 * Export all overrides as JSON, import a file or pasted JSON. An import changes nothing unless every
 * entry is valid; otherwise each problem is listed with its entry and field.
 */
import { useState } from 'preact/hooks';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { ErrorNotice } from '../ui/IssueList.tsx';

interface Props {
  env: PageEnv;
  onImported(): void;
}

export function ImportExport({ env, onImported }: Props) {
  const [exported, setExported] = useState<string | undefined>();
  const [text, setText] = useState('');
  const [result, setResult] = useState<string | undefined>();
  const [error, setError] = useState<ShownError | undefined>();

  const doExport = (): void => {
    void env.client
      .call('exportOverrides', undefined)
      .then(setExported, (e: unknown) => setError(shownError(e)));
  };

  const readFile = (event: Event): void => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) void file.text().then(setText);
  };

  const doImport = (event: Event): void => {
    event.preventDefault();
    setError(undefined);
    setResult(undefined);
    void env.client.call('importOverrides', { json: text }).then(
      ({ imported, paused }) => {
        const review =
          paused.length > 0
            ? ` Paused for your review, because they are not local development sites: ${paused.join(', ')}. Check each one in the list above and resume it only if you trust it.`
            : '';
        setResult(`Imported ${imported} override${imported === 1 ? '' : 's'}.${review}`);
        setText('');
        onImported();
      },
      (e: unknown) => setError(shownError(e)),
    );
  };

  const href = exported
    ? `data:application/json;charset=utf-8,${encodeURIComponent(exported)}`
    : undefined;

  return (
    <section class="card transfer" aria-labelledby="transfer-title">
      <h2 id="transfer-title">Import and export</h2>
      <div class="transfer-grid">
        <div>
          <button type="button" onClick={doExport}>
            Export as JSON
          </button>
          {exported && (
            <>
              {' '}
              <a href={href} download="cors-lens-overrides.json">
                Download
              </a>
              <textarea
                class="mono"
                rows={6}
                readOnly
                aria-label="Exported overrides"
                value={exported}
              />
              <p class="muted small">
                Overrides bound to one tab are not exported: they end with their tab.
              </p>
            </>
          )}
        </div>
        <form onSubmit={doImport}>
          <label>
            Import from a file{' '}
            <input type="file" accept="application/json,.json" onChange={readFile} />
          </label>
          <textarea
            class="mono"
            rows={6}
            aria-label="Overrides to import (JSON)"
            placeholder='{ "overrides": [ … ] }'
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <button type="submit" disabled={text.trim() === ''}>
            Import
          </button>
          <p class="muted small">
            All or nothing: if any entry is wrong, nothing changes. An imported override replaces
            the one for the same site. Overrides for sites that are not local development sites
            arrive paused.
          </p>
          {result && (
            <p class="notice" role="status">
              {result}
            </p>
          )}
          {error && <ErrorNotice error={error} />}
        </form>
      </div>
    </section>
  );
}
