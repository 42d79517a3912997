import { createAssemblerCore } from './assembler.ts';
import { describeType } from './error-sink.ts';
import { httpOriginOf } from './origin.ts';
import { salvageArray } from './salvage.ts';
import { SKIP_REASONS, type HarReadOptions, type HarReadResult, type SkipReason } from './types.ts';

/**
 * Reads a HAR 1.2 file (Chrome, Firefox, or anything close) into exchanges. Never throws: problems
 * are listed in `errors` with their path, and every usable entry is kept, including the complete
 * entries of a file that was cut off.
 */
export function readHar(
  text: string,
  opts: Omit<HarReadOptions, 'pathPrefix'> = {},
): HarReadResult {
  if (typeof text !== 'string') return fatal('', `expected text, got ${describeType(text)}.`);
  // Windows tools like to start UTF-8 files with a byte-order mark, which JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fatal('', 'the input is empty: expected a HAR file (JSON).');
  let root: unknown;
  try {
    root = JSON.parse(body);
  } catch (e) {
    // V8 quotes the offending text, newlines included: keep the message on one line.
    return readDamaged(body, (e as Error).message.replace(/\s+/g, ' ').trim(), opts);
  }
  return readHarObject(root, opts);
}

/** Same as `readHar`, from an already parsed object (a HAR file, or the log of `getHAR()`). */
export function readHarObject(
  root: unknown,
  opts: Omit<HarReadOptions, 'pathPrefix'> = {},
): HarReadResult {
  if (!isObject(root)) {
    return fatal(
      '',
      `not a HAR file: expected {"log": {"entries": [...]}}, got ${describeType(root)}.`,
    );
  }
  // `chrome.devtools.network.getHAR()` hands over the log itself: accept that shape too.
  const logAtRoot = root.log === undefined && Array.isArray(root.entries);
  const log = logAtRoot ? root : root.log;
  if (!isObject(log)) {
    const message =
      log === undefined
        ? 'not a HAR file: there is no "log" (expected {"log": {"entries": [...]}}).'
        : `not a HAR file: expected an object, got ${describeType(log)}.`;
    return fatal('log', message);
  }
  const entriesPath = logAtRoot ? 'entries' : 'log.entries';
  if (!Array.isArray(log.entries)) {
    return fatal(
      entriesPath,
      `not a HAR file: expected an array, got ${describeType(log.entries)}.`,
    );
  }
  const pageOrigins = pageOriginsOf(log.pages);
  return harEntriesToExchanges(log.entries, { ...opts, pageOrigins, pathPrefix: entriesPath });
}

/**
 * Folds HAR entries (from a file or from `chrome.devtools.network`) into exchanges. For entries that
 * arrive one at a time, use `createHarAssembler`, which gives the same result incrementally.
 */
export function harEntriesToExchanges(
  entries: unknown[],
  opts: HarReadOptions = {},
): HarReadResult {
  const core = createAssemblerCore(opts);
  if (!Array.isArray(entries)) {
    const result = core.snapshot();
    result.errors.push({
      path: opts.pathPrefix ?? 'log.entries',
      message: `expected an array of entries, got ${describeType(entries)}.`,
    });
    return result;
  }
  for (const entry of entries) core.ingest(entry);
  return core.snapshot();
}

function readDamaged(text: string, parseError: string, opts: HarReadOptions): HarReadResult {
  const entries = salvageArray(text, 'entries');
  if (entries === undefined) return fatal('', notJsonMessage(text, parseError));
  const pages = salvageArray(text, 'pages');
  const core = createAssemblerCore({
    ...opts,
    pageOrigins: pageOriginsOf(pages?.items),
    pathPrefix: 'log.entries',
  });
  entries.items.forEach((item, i) => {
    const damage = entries.damaged.get(i);
    if (damage === undefined) core.ingest(item);
    else core.ingestDamaged(damage);
  });
  const result = core.snapshot();
  const readable = entries.items.length - entries.damaged.size;
  result.errors.unshift({
    path: '',
    message: entries.complete
      ? `not valid JSON (${parseError}); read the ${readable} entries that were intact.`
      : `the file is cut off (${parseError}); read the ${readable} complete entries before the cut.`,
  });
  return result;
}

function notJsonMessage(text: string, parseError: string): string {
  const start = text.trimStart();
  if (start.startsWith('<')) {
    return 'this is HTML or XML, not a HAR file. In DevTools, use the Network panel\'s "Export HAR" button.';
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    const cut = !/[}\]]\s*$/.test(text) ? ', the file looks cut off' : '';
    return `not valid JSON (${parseError})${cut}, and no HAR entries could be recovered.`;
  }
  return `not a HAR file: it is not JSON (${parseError}).`;
}

/** `pageref` → origin, from pages whose title is their URL (Chromium's and Firefox's exports). */
function pageOriginsOf(pages: unknown): Record<string, string> {
  const origins: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!Array.isArray(pages)) return origins;
  for (const page of pages) {
    if (!isObject(page) || typeof page.id !== 'string' || typeof page.title !== 'string') continue;
    const origin = httpOriginOf(page.title);
    if (origin !== null) origins[page.id] = origin;
  }
  return origins;
}

function fatal(path: string, message: string): HarReadResult {
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Record<SkipReason, number>;
  return { exchanges: [], errors: [{ path, message }], entries: [], skipped };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
