import { join } from 'node:path';
import { packageRoot } from '../source/engine/paths.js';
import { spawnInPty } from '../test/support/ui/pty.js';
import { cleanEnvironment, median, type Row } from './measure.js';

/**
 * The dashboard's first frame in a real pseudo-terminal (120×40), from spawn to the chain on
 * screen, against a Node process that prints one word through the same pseudo-terminal driver.
 */
async function timeToText(args: readonly string[], text: string): Promise<number> {
  const start = process.hrtime.bigint();
  const session = spawnInPty({
    command: process.execPath,
    args,
    columns: 120,
    rows: 40,
    env: cleanEnvironment(),
    cwd: packageRoot(),
  });
  try {
    await session.waitForText(text, { timeoutMs: 20_000 });
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    session.kill();
  }
}

export async function benchFirstFrame(rounds = 9): Promise<Row[]> {
  const cli = join(packageRoot(), 'dist', 'bundle', 'cli.js');
  const goal = 'stream clickstream events from kafka into snowflake and model them with dbt';
  const baseline: number[] = [];
  const frame: number[] = [];
  await timeToText([cli, goal, '--out', '/tmp/skillchain-bench-first-frame'], 'Chain:'); // warm caches
  for (let round = 0; round < rounds; round++) {
    baseline.push(await timeToText(['-e', "process.stdout.write('ready\\n')"], 'ready'));
    frame.push(
      await timeToText([cli, goal, '--out', '/tmp/skillchain-bench-first-frame'], 'Chain:'),
    );
  }
  const base = median(baseline);
  return [
    { name: 'node prints a word (baseline)', medianMs: base, ratio: 1 },
    { name: 'dashboard: chain screen drawn', medianMs: median(frame), ratio: median(frame) / base },
  ];
}
