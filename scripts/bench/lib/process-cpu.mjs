// CPU time of a process tree on Linux (/proc), for benchmarks: what a browser spends per request
// is much less disturbed by other jobs on the machine than wall time. undefined elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

function table() {
  const out = new Map();
  let dirs;
  try {
    dirs = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const d of dirs) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after the command name, which may contain spaces: state ppid ... utime(12) stime(13).
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** The pid of the Chromium browser process started with `--user-data-dir=<profileDir>`. */
export function browserPid(profileDir) {
  let dirs;
  try {
    dirs = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const d of dirs) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (
        args.includes(`--user-data-dir=${profileDir}`) &&
        !args.some((a) => a.startsWith('--type='))
      ) {
        return Number(d);
      }
    } catch {
      // The process ended meanwhile.
    }
  }
  return undefined;
}

/** Milliseconds of CPU the process and all its descendants used so far (undefined: unknown). */
export function treeCpuMs(rootPid) {
  const t = rootPid === undefined ? undefined : table();
  if (!t) return undefined;
  const children = new Map();
  for (const [pid, { ppid }] of t) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  let ticks = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    ticks += t.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks * TICK_MS;
}
