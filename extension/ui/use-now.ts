import { useEffect, useState } from 'preact/hooks';

/** The current time, re-rendering every `everyMs` (live countdowns). */
export function useNow(now: () => number, everyMs = 1000): number {
  const [time, setTime] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setTime(now()), everyMs);
    return () => clearInterval(id);
  }, [now, everyMs]);
  return time;
}
