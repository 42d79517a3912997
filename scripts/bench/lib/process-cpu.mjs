// CPU time of a process tree on Linux (/proc), for benchmarks: what a browser spends per request
// is much less disturbed by other jobs on the machine than wall time. undefined elsewhere.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** The ids of the running processes, or undefined where there is no /proc. */
function pids() {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map(Number);
  } catch {
    return undefined;
  }
}

/** The text of /proc/<pid>/<file>, or undefined when the process ended meanwhile. */
function procFile(pid, file) {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function table() {
  const all = pids();
  if (!all) return undefined;
  const out = new Map();
  for (const pid of all) {
    const stat = procFile(pid, 'stat');
    if (stat === undefined) continue;
    // Fields after the command name, which may contain spaces: state ppid ... utime(12) stime(13).
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(pid, { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) });
  }
  return out;
}

/** The pid of the Chromium browser process started with `--user-data-dir=<profileDir>`. */
export function browserPid(profileDir) {
  return pids()?.find((pid) => {
    const args = procFile(pid, 'cmdline')?.split('\0') ?? [];
    return (
      args.includes(`--user-data-dir=${profileDir}`) && !args.some((a) => a.startsWith('--type='))
    );
  });
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
