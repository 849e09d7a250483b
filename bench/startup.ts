import { join } from 'node:path';
import { packageRoot } from '../source/engine/paths.js';
import { median, printTable, timeProcess, type Row } from './measure.js';

/**
 * Start-up cost of the CLI against a bare `node` start (DESIGN §7: a small multiple of it).
 * `skills` includes loading the catalogue (from the content-keyed cache after the first run).
 */
export function benchStartup(rounds = 15): Row[] {
  const cli = join(packageRoot(), 'dist', 'bundle', 'cli.js');
  const cases: { name: string; args: string[] }[] = [
    { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
    { name: 'skillchain --version', args: [cli, '--version'] },
    { name: 'skillchain --help', args: [cli, '--help'] },
    { name: 'skillchain skills (catalogue loaded)', args: [cli, 'skills'] },
  ];
  timeProcess(process.execPath, [cli, 'skills']); // warm the catalogue cache and the disk cache
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    cases.forEach((item, index) => samples[index]?.push(timeProcess(process.execPath, item.args)));
  }
  const base = median(samples[0] ?? []);
  return cases.map((item, index) => {
    const value = median(samples[index] ?? []);
    return { name: item.name, medianMs: value, ratio: value / base };
  });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  printTable('Start-up', 'node -e 0', benchStartup());
}
