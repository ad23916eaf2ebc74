// Timing for the benchmarks: wall clock and this process's CPU time, since the machine is shared and noisy; and where results go.
import { mkdirSync, writeFileSync } from 'node:fs';

/** Wall-clock and CPU milliseconds of one call. */
export interface Timed {
  ms: number;
  cpuMs: number;
}

/** Runs `fn` once and returns its value with wall and CPU (user + system) milliseconds. */
export function timeCpu<T>(fn: () => T): Timed & { value: T } {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const value = fn();
  const ms = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** Writes a benchmark's result as `bench-results/<name>.json` (what the README quotes) and says where. */
export function writeBenchResult(name: string, result: unknown): void {
  mkdirSync('bench-results', { recursive: true });
  const file = `bench-results/${name}.json`;
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`result: ${file}`);
}
