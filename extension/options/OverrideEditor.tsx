/** Edit every field of one override; problems come back from the background per field. */
import { useState } from 'preact/hooks';
import type { Override } from '../../src/overrides/index.ts';
import { hostPatternsFor } from '../../src/overrides/host-patterns.ts';
import type { Capabilities } from '../../src/protocol/messages.ts';
import type { PageEnv } from '../ui/env.ts';
import { shownError, type ShownError } from '../ui/errors.ts';
import { ErrorNotice } from '../ui/IssueList.tsx';
import { Checkbox, FieldIssues, TextField } from './fields.tsx';
import { formatList, issuesFor, parseList } from './list-input.ts';

interface Props {
  override: Override;
  env: PageEnv;
  capabilities: Capabilities;
  onDone(): void;
}

type EndChoice = 'keep' | '15' | '60' | '480';

/** Fields that show their own problems; the rest are listed under the form. */
const FIELDS = ['site', 'apiOrigins', 'methods', 'requestHeaders', 'exposeHeaders', 'end'];

export function OverrideEditor({ override, env, capabilities, onDone }: Props) {
  const o = override;
  const [site, setSite] = useState(o.site);
  const [anyApi, setAnyApi] = useState(o.apiOrigins === 'any');
  const [apis, setApis] = useState(o.apiOrigins === 'any' ? '' : o.apiOrigins.join('\n'));
  const [credentials, setCredentials] = useState(o.credentials);
  const [methods, setMethods] = useState(formatList(o.methods));
  const [headers, setHeaders] = useState(formatList(o.requestHeaders));
  const [expose, setExpose] = useState(formatList(o.exposeHeaders));
  const [siteScope, setSiteScope] = useState(o.scope.kind === 'site');
  const [end, setEnd] = useState<EndChoice>('keep');
  const [answer, setAnswer] = useState(o.answerPreflights);
  const [error, setError] = useState<ShownError | undefined>();
  const [busy, setBusy] = useState(false);
  const issues = error?.issues ?? [];

  const save = (event: Event): void => {
    event.preventDefault();
    const apiOrigins = anyApi ? ('any' as const) : parseList(apis);
    const patch: Partial<Override> = {
      site: site.trim(),
      apiOrigins,
      credentials,
      methods: parseList(methods),
      requestHeaders: parseList(headers),
      exposeHeaders: parseList(expose),
      answerPreflights: answer,
    };
    if (o.scope.kind === 'tab' && siteScope) patch.scope = { kind: 'site' };
    if (end !== 'keep') patch.end = { kind: 'at', at: env.now() + Number(end) * 60_000 };
    // New hosts need access; ask now, inside the click (no prompt when already granted).
    const access = env.requestHostAccess(hostPatternsFor({ site: patch.site!, apiOrigins }));
    setBusy(true);
    setError(undefined);
    void (async () => {
      try {
        await access.catch(() => false);
        await env.client.call('updateOverride', { id: o.id, patch });
        onDone();
      } catch (e) {
        setError(shownError(e));
      } finally {
        setBusy(false);
      }
    })();
  };

  return (
    <form class="editor" onSubmit={save} aria-label={`Edit ${o.site}`}>
      <TextField value={site} onValue={setSite} issues={{ issues, field: 'site' }}>
        Site
      </TextField>
      <fieldset>
        <legend>API origins</legend>
        <label class="inline">
          <input
            type="radio"
            name={`api-${o.id}`}
            checked={anyApi}
            onChange={() => setAnyApi(true)}
          />
          Any cross-origin target
        </label>
        <label class="inline">
          <input
            type="radio"
            name={`api-${o.id}`}
            checked={!anyApi}
            onChange={() => setAnyApi(false)}
          />
          Only these (one per line; <code>https://*.example.com</code> for subdomains)
        </label>
        {!anyApi && (
          <textarea
            rows={3}
            aria-label="API origins"
            value={apis}
            onInput={(e) => setApis((e.target as HTMLTextAreaElement).value)}
          />
        )}
        <FieldIssues issues={issues} field="apiOrigins" />
      </fieldset>
      <Checkbox checked={credentials} onChecked={setCredentials}>
        Allow credentials (cookies, Authorization): echo the site's origin and send
        Access-Control-Allow-Credentials: true
      </Checkbox>
      <TextField value={methods} onValue={setMethods} issues={{ issues, field: 'methods' }}>
        Extra methods <span class="hint">(DELETE, PATCH and PUT are allowed already)</span>
      </TextField>
      <TextField value={headers} onValue={setHeaders} issues={{ issues, field: 'requestHeaders' }}>
        Extra request headers
      </TextField>
      <TextField value={expose} onValue={setExpose} issues={{ issues, field: 'exposeHeaders' }}>
        Response headers to expose to scripts
      </TextField>
      {o.scope.kind === 'tab' && (
        <Checkbox checked={siteScope} onChecked={setSiteScope}>
          Widen to every tab of the site (now: tab {o.scope.tabId} only)
        </Checkbox>
      )}
      {o.end.kind === 'at' && (
        <label>
          End
          <select
            value={end}
            onChange={(e) => setEnd((e.target as HTMLSelectElement).value as EndChoice)}
          >
            <option value="keep">Keep ({new Date(o.end.at).toLocaleTimeString()})</option>
            <option value="15">15 min from now</option>
            <option value="60">1 h from now</option>
            <option value="480">8 h from now</option>
          </select>
          <FieldIssues issues={issues} field="end" />
        </label>
      )}
      <fieldset class="answer">
        <legend>Answer failed preflights (Chrome)</legend>
        <Checkbox checked={answer} onChecked={setAnswer} disabled={!capabilities.answerPreflights}>
          Answer preflights the server fails (404, 405, 5xx) with 204 and this override's headers
        </Checkbox>
        <p class="muted small">
          Headers cannot fix a failed preflight's status; this uses chrome.debugger in this site's
          tabs. While it is on, Chrome shows “CORS Lens started debugging this browser” — closing
          that bar turns it off. Only real preflights (OPTIONS with Access-Control-Request-Method)
          the server failed are answered; every other request passes untouched.
        </p>
        {!capabilities.answerPreflights && (
          <p class="muted small">{capabilities.answerPreflightsNote}</p>
        )}
      </fieldset>
      {error && (
        <ErrorNotice
          error={error}
          issues={issues.filter((i) => !FIELDS.some((f) => issuesFor([i], f).length))}
        />
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          Save
        </button>
        <button type="button" onClick={onDone} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
