/**
 * Render cost per keypress in the dashboard (DESIGN §7 "no visible flicker on a keypress").
 *
 * Mounts the real dashboard with Ink (not in debug mode: the production render path, with a fake
 * TTY that counts what would be written) at 120×40, walks to a select question, then measures
 * each keypress from the write to the moment the key queue is idle and React has drawn:
 *   - cursor moves (↓/↑ on a question's options: a widget-local update),
 *   - answers and backs (Enter / Esc: a workflow step that redraws the pane and the sidebar),
 * against a baseline measured in the same run: a one-line Ink app that increments a counter per
 * key. The report gives milliseconds and the ratio to the baseline; nothing is asserted.
 *
 * Started by bench/dashboard-keypress.ts, which selects React's production build first (as the
 * CLI does) — React reads NODE_ENV once, when it is first imported.
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { render, Text, useInput } from 'ink';
import { createElement, useState } from 'react';
import { loadEngineData } from '../source/engine/session.js';
import { DashboardApp } from '../source/ui/app/dashboard-app.js';
import { engineServices } from '../source/ui/app/services.js';
import type { InputController } from '../source/ui/keys/keypress-context.js';
import { createDashboardState } from '../source/ui/state/dashboard-reducer.js';

const ROUNDS = Number(process.argv[2] ?? '40');
const SIZE = { columns: 120, rows: 40 };
const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';

class FakeStdout extends EventEmitter {
  readonly isTTY = true;
  columns = SIZE.columns;
  rows = SIZE.rows;
  bytes = 0;
  write = (chunk: string, callback?: () => void) => {
    this.bytes += Buffer.byteLength(chunk);
    callback?.();
    return true;
  };
}

class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
  }
  read = () => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

interface Sample {
  ms: number;
  renders: number;
  renderMs: number;
  bytes: number;
}

function statistics(samples: readonly Sample[]) {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const mean = (values: readonly number[]) =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    meanMs: mean(sorted),
    p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    rendersPerKey: mean(samples.map((sample) => sample.renders)),
    inkRenderMs: mean(samples.map((sample) => sample.renderMs)),
    bytesPerKey: mean(samples.map((sample) => sample.bytes)),
  };
}

function mountWithMetrics(
  element: (onReady: (controller: InputController) => void) => ReturnType<typeof createElement>,
) {
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const renders: number[] = [];
  let controller: InputController | undefined;
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const instance = render(
    element((input) => {
      controller = input;
      resolveReady();
    }),
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: new FakeStdout() as unknown as NodeJS.WriteStream,
      exitOnCtrlC: false,
      patchConsole: false,
      onRender: ({ renderTime }) => renders.push(renderTime),
    },
  );
  const press = async (sequence: string): Promise<Sample> => {
    const renderCount = renders.length;
    const bytes = stdout.bytes;
    const started = performance.now();
    stdin.write(sequence);
    await controller?.whenIdle();
    // Ink draws at most 30 frames a second: wait out its trailing frame so it is counted.
    await new Promise((resolve) => setTimeout(resolve, 40));
    const ms = performance.now() - started - 40;
    const frameTimes = renders.slice(renderCount);
    return {
      ms,
      renders: frameTimes.length,
      renderMs: frameTimes.reduce((sum, value) => sum + value, 0),
      bytes: stdout.bytes - bytes,
    };
  };
  return {
    ready,
    press,
    unmount: () => {
      instance.unmount();
    },
  };
}

/** The baseline: the smallest Ink app that redraws on a key. */
function Counter({ onReady }: { onReady: (controller: InputController) => void }) {
  const [count, setCount] = useState(0);
  useInput(() => {
    setCount((value) => value + 1);
  });
  useState(() => {
    onReady({ whenIdle: () => new Promise((resolve) => setTimeout(resolve, 0)) });
    return 0;
  });
  return createElement(Text, null, `pressed ${count} keys`);
}

async function main() {
  if (process.env.NODE_EXTRA_CA_CERTS)
    process.stderr.write('note: NODE_EXTRA_CA_CERTS is set; unset it for comparable numbers\n');
  const data = await loadEngineData();

  const baseline = mountWithMetrics((onReady) => createElement(Counter, { onReady }));
  await baseline.ready;
  const baselineSamples: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) baselineSamples.push(await baseline.press('x'));
  baseline.unmount();

  const initialState = createDashboardState({
    data,
    goal: GOAL,
    inputs: { explicit: new Map(), isForce: false },
  });
  const dashboard = mountWithMetrics((onReady) =>
    createElement(DashboardApp, {
      initialState,
      services: engineServices(),
      size: SIZE,
      onInputReady: onReady,
    }),
  );
  await dashboard.ready;
  // Chain → project.name → project.maturity (a select question with three options).
  await dashboard.press('\r');
  await dashboard.press('\r');
  const moves: Sample[] = [];
  const steps: Sample[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    moves.push(await dashboard.press(round % 2 === 0 ? '\u001B[B' : '\u001B[A'));
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Tab takes the default and moves on; Esc comes back: two full pane + sidebar redraws.
    steps.push(await dashboard.press('\t'));
    steps.push(await dashboard.press('\u001B'));
  }
  dashboard.unmount();

  const base = statistics(baselineSamples);
  const rows = [
    ['baseline (1-line app)', base],
    ['cursor move (↓/↑)', statistics(moves)],
    ['question step (Tab/Esc)', statistics(steps)],
  ] as const;
  process.stdout.write(
    `dashboard keypress cost at ${SIZE.columns}×${SIZE.rows}, ${ROUNDS} rounds, NODE_ENV=${process.env.NODE_ENV ?? '(unset)'}\n`,
  );
  process.stdout.write(
    'scenario                   mean ms  p95 ms  × baseline  frames/key  ink render ms/key  bytes/key\n',
  );
  for (const [name, stats] of rows) {
    process.stdout.write(
      `${name.padEnd(26)} ${stats.meanMs.toFixed(2).padStart(7)} ${stats.p95Ms.toFixed(2).padStart(7)} ${(stats.meanMs / Math.max(0.001, base.meanMs)).toFixed(1).padStart(11)} ${stats.rendersPerKey.toFixed(1).padStart(11)} ${stats.inkRenderMs.toFixed(2).padStart(18)} ${stats.bytesPerKey.toFixed(0).padStart(10)}\n`,
    );
  }
}

export async function runKeypressBench(): Promise<void> {
  await main();
}
