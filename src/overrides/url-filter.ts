/**
 * DNR `urlFilter` matching, as documented: `*` any run, `|` anchors the start or end, `||` anchors a
 * (sub)domain, `^` a separator (anything but a letter, digit or `_ - . %`, or the end).
 * https://developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest#property-RuleCondition-urlFilter
 */

const cache = new Map<string, RegExp | null>();

export function urlFilterToRegExp(filter: string, caseSensitive = false): RegExp | null {
  const key = `${caseSensitive ? 1 : 0}${filter}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let source = '';
  let rest = filter;
  if (rest.startsWith('||')) {
    source = '^[a-z][a-z0-9+.-]*:\\/\\/(?:[^/?#]*\\.)?';
    rest = rest.slice(2);
  } else if (rest.startsWith('|')) {
    source = '^';
    rest = rest.slice(1);
  }
  let end = '';
  if (rest.endsWith('|')) {
    end = '$';
    rest = rest.slice(0, -1);
  }
  for (const ch of rest) {
    if (ch === '*') source += '.*';
    else if (ch === '^') source += '(?:[^A-Za-z0-9_\\-.%]|$)';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  let re: RegExp | null;
  try {
    re = new RegExp(source + end, caseSensitive ? '' : 'i');
  } catch {
    re = null;
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, re);
  return re;
}

export function matchesUrlFilter(url: string, filter: string, caseSensitive = false): boolean {
  return urlFilterToRegExp(filter, caseSensitive)?.test(url) ?? false;
}
