/**
 * Validation of overrides from untrusted places: an import file, storage written by an older
 * version, a message from a page. Every problem becomes an InputError naming the field; nothing
 * throws. A list validates as a whole: one bad entry and the caller keeps what it had.
 */
// The engine's own HTTP vocabulary, so an override allows exactly what the diagnosis checks.
import { isForbiddenHeader, isForbiddenMethod } from '../cors/forbidden.ts';
import { isToken } from '../cors/headers.ts';
import { isSafelistedMethod } from '../cors/safelist.ts';
import type { InputError } from '../cors/types.ts';
import { LIMITS } from './defaults.ts';
import { parseApiOrigin, parseSiteOrigin, redirectTargetOf } from './origin.ts';
import type { Override, OverrideEnd, OverrideScope } from './types.ts';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function isTabId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Validates a list of strings with a per-item check; returns the cleaned, de-duplicated list. */
function stringList(
  raw: unknown,
  path: string,
  errors: InputError[],
  max: number,
  item: (value: string, path: string) => string | { error: string },
): string[] {
  if (!Array.isArray(raw)) {
    errors.push({ path, message: 'Expected a list.' });
    return [];
  }
  if (raw.length > max) {
    errors.push({ path, message: `At most ${max} entries (got ${raw.length}).` });
    return [];
  }
  const out: string[] = [];
  raw.forEach((value, i) => {
    const p = join(path, i);
    if (typeof value !== 'string') {
      errors.push({ path: p, message: 'Expected a string.' });
      return;
    }
    const result = item(value, p);
    if (typeof result === 'string') {
      if (!out.includes(result)) out.push(result);
    } else errors.push({ path: p, message: result.error });
  });
  return out;
}

/** A method to allow: a token, not forbidden. Case is kept: Allow-Methods matches case-sensitively. */
export function checkMethod(value: string): string | { error: string } {
  const m = value.trim();
  if (m === '*') {
    return { error: 'List methods by name: with credentials "*" is a literal, not a wildcard.' };
  }
  if (!isToken(m)) return { error: `"${value}" is not a valid method name.` };
  if (isForbiddenMethod(m))
    return { error: `Browsers never send ${m.toUpperCase()} from scripts.` };
  return m;
}

/** A request header name to allow: a token, lower-cased, not one the browser owns. */
export function checkRequestHeader(value: string): string | { error: string } {
  const h = value.trim().toLowerCase();
  if (h === '*') {
    return { error: 'List header names: with credentials "*" is a literal, not a wildcard.' };
  }
  if (!isToken(h) || h.length > LIMITS.headerNameLength) {
    return { error: `"${value}" is not a valid header name.` };
  }
  // No value: a method-override header is forbidden only for some values, so it stays allowable.
  if (isForbiddenHeader(h)) {
    return { error: `Scripts cannot set ${h}: the browser controls it, nothing to allow.` };
  }
  return h;
}

/** A response header name to expose to scripts. */
export function checkExposeHeader(value: string): string | { error: string } {
  const h = value.trim().toLowerCase();
  if (h === '*') {
    return { error: 'List header names: with credentials "*" is a literal, not a wildcard.' };
  }
  if (!isToken(h) || h.length > LIMITS.headerNameLength) {
    return { error: `"${value}" is not a valid header name.` };
  }
  return h;
}

function validateScope(
  raw: unknown,
  path: string,
  errors: InputError[],
): OverrideScope | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'Expected { kind: "site" } or { kind: "tab", tabId }.' });
    return undefined;
  }
  if (raw.kind === 'site') return { kind: 'site' };
  if (raw.kind === 'tab') {
    if (!isTabId(raw.tabId)) {
      errors.push({
        path: join(path, 'tabId'),
        message: 'Expected a tab id (a whole number ≥ 0).',
      });
      return undefined;
    }
    return { kind: 'tab', tabId: raw.tabId };
  }
  errors.push({ path: join(path, 'kind'), message: 'Expected "site" or "tab".' });
  return undefined;
}

/**
 * What a check may need beyond the value itself. `now` is given on every path that takes an override
 * in (a new draft, an import, a patch): the limits that depend on time hold there, all in this file.
 * Storage written by this version already passed them, so a read from storage leaves it out (a
 * clock set back must not quarantine good data).
 */
export interface ValidateContext {
  now?: number;
}

const MINUTE_MS = 60_000;

/** The latest end an override may have when it is made, imported or edited at `now`. */
export function latestEnd(now: number): number {
  return now + LIMITS.durationMinutes * MINUTE_MS;
}

export function tooLongMessage(): string {
  return `At most ${LIMITS.durationMinutes / 60 / 24} days from now: overrides are for a debugging session.`;
}

function validateEnd(
  raw: unknown,
  path: string,
  errors: InputError[],
  context: ValidateContext,
): OverrideEnd | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'Expected { kind: "at", at } or { kind: "tab-close", tabId }.' });
    return undefined;
  }
  if (raw.kind === 'at') {
    if (!isTime(raw.at)) {
      errors.push({ path: join(path, 'at'), message: 'Expected a time in epoch milliseconds.' });
      return undefined;
    }
    if (context.now !== undefined && raw.at > latestEnd(context.now)) {
      errors.push({ path: join(path, 'at'), message: tooLongMessage() });
      return undefined;
    }
    return { kind: 'at', at: raw.at };
  }
  if (raw.kind === 'tab-close') {
    if (!isTabId(raw.tabId)) {
      errors.push({
        path: join(path, 'tabId'),
        message: 'Expected a tab id (a whole number ≥ 0).',
      });
      return undefined;
    }
    return { kind: 'tab-close', tabId: raw.tabId };
  }
  errors.push({ path: join(path, 'kind'), message: 'Expected "at" or "tab-close".' });
  return undefined;
}

function validateBoolean(raw: Raw, key: string, path: string, errors: InputError[]): boolean {
  const value = raw[key];
  if (typeof value !== 'boolean') {
    errors.push({ path: join(path, key), message: 'Expected true or false.' });
    return false;
  }
  return value;
}

/**
 * Checks one override. `path` prefixes error paths (e.g. `[3]` inside a list). The returned value
 * is normalized (origins, header-name case, de-duplicated lists) and only present without errors.
 */
export function validateOverride(
  raw: unknown,
  path = '',
  context: ValidateContext = {},
): { value?: Override; errors: InputError[] } {
  const errors: InputError[] = [];
  if (!isRecord(raw)) {
    return { errors: [{ path: path || '(root)', message: 'Expected an override object.' }] };
  }
  const id = raw.id;
  if (typeof id !== 'string' || id === '' || id.length > LIMITS.idLength) {
    errors.push({
      path: join(path, 'id'),
      message: `Expected a non-empty id of at most ${LIMITS.idLength} characters.`,
    });
  }
  let site = '';
  if (typeof raw.site !== 'string') {
    errors.push({ path: join(path, 'site'), message: 'Expected the site origin as a string.' });
  } else {
    const parsed = parseSiteOrigin(raw.site);
    if (parsed.origin === undefined) {
      errors.push({ path: join(path, 'site'), message: parsed.error ?? 'Not a valid origin.' });
    } else site = parsed.origin;
  }
  let apiOrigins: string[] | 'any' = 'any';
  if (raw.apiOrigins !== 'any') {
    const p = join(path, 'apiOrigins');
    if (Array.isArray(raw.apiOrigins) && raw.apiOrigins.length === 0) {
      errors.push({ path: p, message: 'List at least one API origin, or choose "any".' });
    }
    apiOrigins = stringList(raw.apiOrigins, p, errors, LIMITS.apiOrigins, (value) => {
      const parsed = parseApiOrigin(value);
      if (parsed.origin === undefined) return { error: parsed.error ?? 'Not a valid origin.' };
      if (parsed.origin === site) {
        return { error: 'This is the site itself: same-origin requests need no CORS headers.' };
      }
      return parsed.origin;
    });
  }
  const credentials = validateBoolean(raw, 'credentials', path, errors);
  const methods = stringList(
    raw.methods,
    join(path, 'methods'),
    errors,
    LIMITS.methods,
    checkMethod,
  );
  const requestHeaders = stringList(
    raw.requestHeaders,
    join(path, 'requestHeaders'),
    errors,
    LIMITS.requestHeaders,
    checkRequestHeader,
  );
  const exposeHeaders = stringList(
    raw.exposeHeaders,
    join(path, 'exposeHeaders'),
    errors,
    LIMITS.exposeHeaders,
    checkExposeHeader,
  );
  let learned: Override['learned'] = { methods: [], requestHeaders: [] };
  const learnedPath = join(path, 'learned');
  if (!isRecord(raw.learned)) {
    errors.push({ path: learnedPath, message: 'Expected { methods: [], requestHeaders: [] }.' });
  } else {
    learned = {
      methods: stringList(
        raw.learned.methods,
        join(learnedPath, 'methods'),
        errors,
        LIMITS.learnedMethods,
        (v) => {
          const m = checkMethod(v);
          if (typeof m === 'string' && isSafelistedMethod(m))
            return { error: `${m} needs no entry.` };
          return m;
        },
      ),
      requestHeaders: stringList(
        raw.learned.requestHeaders,
        join(learnedPath, 'requestHeaders'),
        errors,
        LIMITS.learnedHeaders,
        checkRequestHeader,
      ),
    };
    // Fields later releases added: absent from older stores and exports, so only checked when present.
    const given = raw.learned;
    const optional = (
      key: 'redirectOrigins' | 'redirectTargets' | 'failedOrigins',
      limit: number,
      check: Parameters<typeof stringList>[4],
    ) => {
      const value = given[key];
      if (value !== undefined) {
        learned[key] = stringList(value, join(learnedPath, key), errors, limit, check);
      }
    };
    optional('redirectOrigins', LIMITS.learnedRedirectOrigins, (v) => {
      const parsed = parseApiOrigin(v);
      return parsed.origin ?? { error: parsed.error ?? 'Not a valid origin.' };
    });
    optional('redirectTargets', LIMITS.learnedRedirectTargets, (v) =>
      redirectTargetOf(v) === v ? v : { error: 'Not an origin followed by a path.' },
    );
    optional('failedOrigins', LIMITS.learnedFailedOrigins, (v) => {
      const parsed = parseApiOrigin(v);
      return parsed.origin === v ? v : { error: parsed.error ?? 'Not a valid origin.' };
    });
  }
  const scope = validateScope(raw.scope, join(path, 'scope'), errors);
  const end = validateEnd(raw.end, join(path, 'end'), errors, context);
  const paused = validateBoolean(raw, 'paused', path, errors);
  const answerPreflights = validateBoolean(raw, 'answerPreflights', path, errors);
  if (!isTime(raw.createdAt)) {
    errors.push({
      path: join(path, 'createdAt'),
      message: 'Expected a time in epoch milliseconds.',
    });
  }
  if (errors.length > 0 || !scope || !end || typeof id !== 'string') return { errors };
  return {
    value: {
      id,
      site,
      apiOrigins,
      credentials,
      methods,
      requestHeaders,
      exposeHeaders,
      learned,
      scope,
      end,
      paused,
      answerPreflights,
      createdAt: raw.createdAt as number,
    },
    errors,
  };
}

/**
 * Checks a whole list (an import, or what storage holds). All or nothing: `value` is present only
 * when every entry is valid and no two share an id or a site.
 */
export function validateOverrideList(
  raw: unknown,
  context: ValidateContext = {},
): { value?: Override[]; errors: InputError[] } {
  if (!Array.isArray(raw)) {
    return { errors: [{ path: '(root)', message: 'Expected a list of overrides.' }] };
  }
  const errors: InputError[] = [];
  const value: Override[] = [];
  const ids = new Map<string, number>();
  const sites = new Map<string, number>();
  raw.forEach((entry, i) => {
    const result = validateOverride(entry, `[${i}]`, context);
    errors.push(...result.errors);
    if (!result.value) return;
    const o = result.value;
    const sameId = ids.get(o.id);
    if (sameId !== undefined) {
      errors.push({ path: `[${i}].id`, message: `Same id as entry [${sameId}].` });
    } else ids.set(o.id, i);
    const sameSite = sites.get(o.site);
    if (sameSite !== undefined) {
      errors.push({
        path: `[${i}].site`,
        message: `${o.site} already has an override (entry [${sameSite}]); one per site.`,
      });
    } else sites.set(o.site, i);
    value.push(o);
  });
  return errors.length > 0 ? { errors } : { value, errors };
}
