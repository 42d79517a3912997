/**
 * String key → a few values, stored without an array while there is only one value: most URLs in a
 * HAR occur once, and 20,000 one-element arrays are pure garbage-collector work.
 */
export class Multimap<T> {
  private readonly map = new Map<string, T | T[]>();

  constructor(
    /** Oldest values are dropped beyond this many per key. */
    private readonly capPerKey: number,
  ) {}

  add(key: string, value: T): void {
    const current = this.map.get(key);
    if (current === undefined) {
      this.map.set(key, value);
    } else if (Array.isArray(current)) {
      current.push(value);
      if (current.length > this.capPerKey) current.shift();
    } else {
      this.map.set(key, [current, value]);
    }
  }

  /** The value with the lowest finite score (`Infinity` = not a candidate); earliest wins ties. */
  best(key: string, score: (value: T) => number): T | undefined {
    const current = this.map.get(key);
    if (current === undefined) return undefined;
    if (!Array.isArray(current)) return score(current) < Infinity ? current : undefined;
    let best: T | undefined;
    let bestScore = Infinity;
    for (const value of current) {
      const s = score(value);
      if (s < bestScore) {
        best = value;
        bestScore = s;
      }
    }
    return best;
  }

  /** The first value (in insertion order) that matches. */
  first(key: string, matches: (value: T) => boolean): T | undefined {
    const current = this.map.get(key);
    if (current === undefined) return undefined;
    if (!Array.isArray(current)) return matches(current) ? current : undefined;
    return current.find(matches);
  }

  remove(key: string, value: T): void {
    const current = this.map.get(key);
    if (current === value) {
      this.map.delete(key);
    } else if (Array.isArray(current)) {
      const i = current.indexOf(value);
      if (i >= 0) current.splice(i, 1);
      if (current.length === 0) this.map.delete(key);
    }
  }
}
