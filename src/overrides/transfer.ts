/**
 * Export and import of overrides as JSON. Pure: the background passes `now` and an id maker.
 *
 * An import is all or nothing: every entry must validate (validateOverrideList) and be usable here
 * (no tab from another browser session, not already ended), or nothing changes and every problem is
 * reported with its entry and field. A valid import merges by site: an imported override replaces
 * the one for the same site, the others stay. The limits that hold for a new override hold here
 * too (validateOverrideList with `now`: an end at most a week away). A shared file must not relax a
 * public site behind the user's back: overrides for sites that are not local development sites
 * (src/overrides/local-site.ts) arrive paused, listed in `paused`, for the options page to review.
 */
import type { InputError } from '../cors/types.ts';
import type { Override } from './types.ts';
import { isLocalDevSite } from './local-site.ts';
import { validateOverrideList } from './validate.ts';

export const EXPORT_FORMAT = 'cors-lens-overrides';
export const EXPORT_VERSION = 1;

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  overrides: Override[];
}

/** Bound to a tab id, which means nothing in another browser session. */
export function isTabBound(o: Override): boolean {
  return o.scope.kind === 'tab' || o.end.kind === 'tab-close';
}

/** The export document; tab-bound overrides are left out (they end with their tab). */
export function exportOverrides(overrides: readonly Override[], now: number): string {
  const doc: ExportDocument = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    overrides: overrides.filter((o) => !isTabBound(o)),
  };
  return JSON.stringify(doc, null, 2);
}

export interface ImportResult {
  /** The merged list to store; absent when anything was wrong. */
  value?: Override[];
  imported: number;
  /** Sites that arrive paused because they are not local development sites. */
  paused: string[];
  errors: InputError[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where the list is: a bare array, or our export document. */
function listOf(parsed: unknown): { list?: unknown; errors: InputError[] } {
  if (Array.isArray(parsed)) return { list: parsed, errors: [] };
  if (isRecord(parsed) && 'overrides' in parsed) {
    if (parsed.format !== undefined && parsed.format !== EXPORT_FORMAT) {
      return { errors: [{ path: 'format', message: `Expected "${EXPORT_FORMAT}".` }] };
    }
    if (parsed.version !== undefined && parsed.version !== EXPORT_VERSION) {
      return {
        errors: [
          {
            path: 'version',
            message: `This file is version ${String(parsed.version)}; this CORS Lens reads version ${EXPORT_VERSION}.`,
          },
        ],
      };
    }
    return { list: parsed.overrides, errors: [] };
  }
  return {
    errors: [
      {
        path: '(root)',
        message: 'Expected a CORS Lens export ({ "overrides": [...] }) or a list of overrides.',
      },
    ],
  };
}

export function importOverrides(
  json: string,
  existing: readonly Override[],
  now: number,
  newId: () => string,
): ImportResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return failed([{ path: '(root)', message: `Not valid JSON: ${why}` }]);
  }
  const { list, errors: shapeErrors } = listOf(parsed);
  if (shapeErrors.length > 0) return failed(shapeErrors);
  const checked = validateOverrideList(list, { now });
  if (!checked.value) return failed(checked.errors);
  const errors: InputError[] = [];
  checked.value.forEach((o, i) => {
    if (o.scope.kind === 'tab') {
      errors.push({
        path: `[${i}].scope`,
        message: 'A one-tab scope cannot be imported: the tab belongs to another browser session.',
      });
    }
    if (o.end.kind === 'tab-close') {
      errors.push({
        path: `[${i}].end`,
        message:
          '"Until the tab closes" cannot be imported: the tab belongs to another browser session.',
      });
    } else if (o.end.at <= now) {
      errors.push({
        path: `[${i}].end.at`,
        message: `Already ended (${new Date(o.end.at).toISOString()}); set a later end.`,
      });
    }
  });
  if (errors.length > 0) return failed(errors);

  const paused = checked.value.filter((o) => !isLocalDevSite(o.site)).map((o) => o.site);
  const incoming = checked.value.map((o) => (paused.includes(o.site) ? { ...o, paused: true } : o));
  const incomingSites = new Set(incoming.map((o) => o.site));
  const kept = existing.filter((o) => !incomingSites.has(o.site));
  const keptIds = new Set(kept.map((o) => o.id));
  const merged = [...kept, ...incoming.map((o) => (keptIds.has(o.id) ? { ...o, id: newId() } : o))];
  const final = validateOverrideList(merged);
  if (!final.value) return failed(final.errors);
  return { value: final.value, imported: incoming.length, paused, errors: [] };
}

function failed(errors: InputError[]): ImportResult {
  return { imported: 0, paused: [], errors };
}
