/** Resource use of another process (the embedded database), read from Linux's /proc; undefined elsewhere. */
import fs from 'node:fs';

/** Memory and CPU of a process. */
export interface ProcessStats {
  /** Resident set size now, bytes. */
  rss: number;
  /** Highest RSS so far (VmHWM), bytes. */
  maxRss: number;
  /** User + system CPU time so far, ms. */
  cpuMs: number;
}

/** Kernel clock ticks per second: 100 on every Linux this runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The process's figures, or undefined when /proc does not have it. */
export function processStats(pid: number): ProcessStats | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? Number.NaN) * 1024;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    return { rss: kb('VmRSS'), maxRss: kb('VmHWM'), cpuMs: (ticks / TICKS_PER_SECOND) * 1000 };
  } catch {
    return undefined;
  }
}

/** The pid of a running process whose command line contains `fragment`, if exactly one does. */
export function findProcess(fragment: string): number | undefined {
  let found: number[] = [];
  try {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
        if (cmdline.includes(fragment)) found.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
  } catch {
    found = []; // no /proc: not Linux
  }
  return found.length === 1 ? found[0] : undefined;
}
