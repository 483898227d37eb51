/**
 * Clocks for the ingest benchmark: wall time, CPU time (this process with all its threads, and the child
 * processes it has waited for), and the main thread's event-loop delay.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const CLOCK_TICKS = (() => {
  try {
    return Number.parseInt(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim(), 10) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds of waited-for child processes (and their own waited-for children), Linux only. */
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

export interface Measured<T> {
  value: T;
  wallMs: number;
  /** CPU seconds of this process (every thread: workers, libuv pool) during the run. */
  cpuSeconds: number;
  /** CPU seconds of child processes that ended during the run. */
  childCpuSeconds: number;
  lag: LagStats | null;
}

export interface LagStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export async function measure<T>(work: () => Promise<T>, options: { lag?: boolean } = {}): Promise<Measured<T>> {
  const histogram = options.lag ? monitorEventLoopDelay({ resolution: 5 }) : null;
  histogram?.enable();
  const cpu = process.cpuUsage();
  const children = childrenCpuSeconds();
  const started = performance.now();
  const value = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  histogram?.disable();
  // The histogram counts the timer's resolution in every sample: remove it to keep only the lag.
  const lagOf = (ns: number): number => round(Math.max(0, ns / 1e6 - 5), 1);
  return {
    value,
    wallMs,
    cpuSeconds: (used.user + used.system) / 1e6,
    childCpuSeconds: childrenCpuSeconds() - children,
    lag: histogram ? { p50Ms: lagOf(histogram.percentile(50)), p99Ms: lagOf(histogram.percentile(99)), maxMs: lagOf(histogram.max) } : null,
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
