/**
 * CPU time of this process and of the servers it started (the Temporal dev server and
 * embedded PostgreSQL are its child processes), from /proc on Linux. On 2 cores with
 * everything CPU-bound, CPU milliseconds per instance are what throughput divides into.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuTimes {
  /** This process: the worker (workflow threads and activities), the client, bpmn-engine. */
  bench: number;
  temporal: number;
  postgres: number;
  /** Every other descendant (e.g. tsx's esbuild). */
  other: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function cpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  const times: CpuTimes = { bench: (usage.user + usage.system) / 1000, temporal: 0, postgres: 0, other: 0 };
  if (process.platform !== 'linux') return times;
  const stats = new Map<number, { ppid: number; comm: string; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // After the command: state ppid ... utime(14) stime(15) cutime(16) cstime(17), counted from 1.
    const ms = [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index] ?? 0), 0) * TICK_MS;
    stats.set(Number(entry), { ppid: Number(fields[1]), comm, ms });
  }
  const inTree = (pid: number): boolean => {
    for (let at = stats.get(pid)?.ppid; at !== undefined && at > 1; at = stats.get(at)?.ppid) if (at === process.pid) return true;
    return false;
  };
  for (const [pid, { comm, ms }] of stats) {
    if (!inTree(pid)) continue;
    // `temporal`: the dev server; `server`: Temporal's own server (bench/production-stack.ts).
    if (comm === 'temporal' || comm === 'server') times.temporal += ms;
    else if (comm === 'postgres') times.postgres += ms;
    else times.other += ms;
  }
  return times;
}

export function cpuSince(before: CpuTimes): CpuTimes {
  const now = cpuTimes();
  return { bench: now.bench - before.bench, temporal: now.temporal - before.temporal, postgres: now.postgres - before.postgres, other: now.other - before.other };
}
