/**
 * `cors-lens check --config FILE`: a JSON list of checks with the verdict each should get, for CI.
 * `url`, `origin` and `method` may be lists and `credentials` may be `[false, true]`: a check then
 * stands for every combination. Problems are reported with their place in the file, all at once.
 */
import { CORS_ERRORS, type CorsErrorName, type Header, type Verdict } from '../cors/types.ts';
import type { ProbeSpec } from '../probe/index.ts';
import { parseHeader } from './check-args.ts';

export interface Expectation {
  verdict: Verdict;
  reason?: CorsErrorName;
}

export interface ConfiguredCheck {
  /** The check's `name`, or a label built from it: `PUT http://… from http://… (credentials)`. */
  name: string;
  spec: ProbeSpec;
  expect?: Expectation;
}

export type ConfigResult =
  { checks: ConfiguredCheck[]; problems: [] } | { checks: []; problems: string[] };

const VERDICTS: readonly Verdict[] = ['allowed', 'blocked', 'not-cors', 'network-error'];
const KEYS = new Set([
  'name',
  'url',
  'origin',
  'method',
  'headers',
  'data',
  'credentials',
  'preflightOnly',
  'forcePreflight',
  'mode',
  'expect',
]);
/** Beyond this many checks a file is almost surely a mistake (a runaway product). */
const MAX_CHECKS = 1000;

export function parseCheckConfig(text: string): ConfigResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail([`not JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  const list = isObject(data) && Array.isArray(data.checks) ? data.checks : data;
  if (!Array.isArray(list)) return fail(['expected a list of checks, or { "checks": [ … ] }.']);
  const problems: string[] = [];
  const checks: ConfiguredCheck[] = [];
  list.forEach((item: unknown, i) => {
    const at = `[${i}]`;
    if (!isObject(item)) {
      problems.push(`${at}: a check is an object such as { "url": …, "origin": …, "expect": … }.`);
      return;
    }
    for (const key of Object.keys(item))
      if (!KEYS.has(key)) problems.push(`${at}.${key}: unknown field.`);
    const urls = strings(item.url, `${at}.url`, problems, true);
    const origins = strings(item.origin, `${at}.origin`, problems, true);
    const methods = strings(item.method ?? 'GET', `${at}.method`, problems, false);
    const creds = booleans(item.credentials ?? false, `${at}.credentials`, problems);
    const headers = headerList(item.headers, `${at}.headers`, problems);
    const expect = expectation(item.expect, `${at}.expect`, problems);
    const name =
      item.name === undefined ? undefined : stringField(item.name, `${at}.name`, problems);
    const data =
      item.data === undefined ? undefined : stringField(item.data, `${at}.data`, problems);
    for (const flag of ['preflightOnly', 'forcePreflight'] as const)
      if (item[flag] !== undefined && typeof item[flag] !== 'boolean')
        problems.push(`${at}.${flag}: true or false.`);
    if (item.mode !== undefined && item.mode !== 'cors' && item.mode !== 'no-cors')
      problems.push(`${at}.mode: "cors" or "no-cors".`);
    for (const url of urls)
      for (const origin of origins)
        for (const method of methods)
          for (const credentials of creds) {
            const spec: ProbeSpec = {
              url,
              origin: origin.replace(/\/$/, ''),
              method,
              headers,
              credentials: credentials ? 'include' : 'same-origin',
            };
            if (data !== undefined) spec.body = data;
            if (item.preflightOnly === true) spec.preflightOnly = true;
            if (item.forcePreflight === true) spec.forcePreflight = true;
            if (item.mode === 'no-cors') spec.mode = 'no-cors';
            const check: ConfiguredCheck = { name: name ?? label(spec), spec };
            if (expect) check.expect = expect;
            checks.push(check);
          }
  });
  if (checks.length > MAX_CHECKS)
    problems.push(`${checks.length} checks after expanding the lists; at most ${MAX_CHECKS}.`);
  if (problems.length === 0 && checks.length === 0) problems.push('the file lists no checks.');
  return problems.length > 0 ? fail(problems) : { checks, problems: [] };
}

export function label(spec: ProbeSpec): string {
  const creds = spec.credentials === 'include' ? ' (credentials)' : '';
  return `${spec.method} ${spec.url} from ${spec.origin}${creds}`;
}

function fail(problems: string[]): ConfigResult {
  return { checks: [], problems };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringField(v: unknown, at: string, problems: string[]): string | undefined {
  if (typeof v === 'string') return v;
  problems.push(`${at}: a string.`);
  return undefined;
}

function strings(v: unknown, at: string, problems: string[], required: boolean): string[] {
  if (v === undefined) {
    if (required) problems.push(`${at}: required.`);
    return [];
  }
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((s) => typeof s !== 'string' || s === '')) {
    problems.push(`${at}: a non-empty string or a list of them.`);
    return [];
  }
  return list as string[];
}

function booleans(v: unknown, at: string, problems: string[]): boolean[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((b) => typeof b !== 'boolean')) {
    problems.push(`${at}: true, false, or [false, true].`);
    return [];
  }
  return [...new Set(list as boolean[])];
}

/** `{ "Name": "value" }` or `["Name: value", …]` (the list keeps order and repeats). */
function headerList(v: unknown, at: string, problems: string[]): Header[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) {
    const out: Header[] = [];
    v.forEach((line, i) => {
      const h = typeof line === 'string' ? parseHeader(line) : 'a "Name: value" string.';
      if (typeof h === 'string') problems.push(`${at}[${i}]: ${h}`);
      else out.push(h);
    });
    return out;
  }
  if (isObject(v)) {
    const out: Header[] = [];
    for (const [name, value] of Object.entries(v)) {
      if (typeof value === 'string') out.push({ name, value });
      else problems.push(`${at}.${name}: a string value.`);
    }
    return out;
  }
  problems.push(`${at}: { "Name": "value" } or ["Name: value", …].`);
  return [];
}

/** `"allowed"`, or `{ "verdict": "blocked", "reason": "MissingAllowOriginHeader" }`. */
function expectation(v: unknown, at: string, problems: string[]): Expectation | undefined {
  if (v === undefined) return undefined;
  const verdict = typeof v === 'string' ? v : isObject(v) ? v.verdict : undefined;
  if (typeof verdict !== 'string' || !(VERDICTS as readonly string[]).includes(verdict)) {
    problems.push(`${at}: the verdict is one of ${VERDICTS.join(', ')}.`);
    return undefined;
  }
  const out: Expectation = { verdict: verdict as Verdict };
  if (isObject(v) && v.reason !== undefined) {
    if (typeof v.reason !== 'string' || !(CORS_ERRORS as readonly string[]).includes(v.reason))
      problems.push(
        `${at}.reason: one of Chromium's CORS error names, e.g. MissingAllowOriginHeader.`,
      );
    else out.reason = v.reason as CorsErrorName;
  }
  return out;
}
