import { spawnSync } from 'node:child_process';

/**
 * Benchmark helpers. The machine is shared and noisy, so every number is reported as a ratio
 * against a baseline measured in the same run, interleaved round by round, and summarised by the
 * median. Child processes run without NODE_EXTRA_CA_CERTS (it adds ~90 ms to every Node start).
 */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function cleanEnvironment(): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _dropped, ...env } = process.env;
  return { ...env, NO_COLOR: '1' };
}

/** Wall time of one process run, in milliseconds. */
export function timeProcess(command: string, args: readonly string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: cleanEnvironment(), stdio: 'ignore' });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} exited with ${String(result.status)}`);
  return elapsed;
}

export async function timeAsync(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export interface Row {
  name: string;
  medianMs: number;
  ratio: number;
}

export function printTable(title: string, baseline: string, rows: readonly Row[]): void {
  console.log(`\n${title} (ratio = median / median of "${baseline}", same run)`);
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(40)} ${row.medianMs.toFixed(1).padStart(8)} ms   ×${row.ratio.toFixed(2)}`,
    );
  }
}
