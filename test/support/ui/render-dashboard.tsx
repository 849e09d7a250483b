import { render } from 'ink-testing-library';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReactElement } from 'react';
import { DashboardApp } from '../../../source/ui/app/dashboard-app.js';
import { engineServices, type DashboardServices } from '../../../source/ui/app/services.js';
import type { ExplicitAnswer } from '../../../source/engine/answers/types.js';
import { loadEngineData, type EngineData } from '../../../source/engine/session.js';
import type { InputController } from '../../../source/ui/keys/keypress-context.js';
import { createDashboardState } from '../../../source/ui/state/dashboard-reducer.js';
import type { DashboardState } from '../../../source/ui/state/dashboard-state.js';
import type { TerminalSize } from '../../../source/ui/terminal/layout.js';

/**
 * THE helper for component tests: renders the dashboard (or any element) with
 * ink-testing-library, waits until input is wired before the first key, and after every key
 * waits until the dashboard's key queue has handled it and React has drawn the result. Tests
 * never sleep: they send keys and wait for text.
 */
const KEYS: Readonly<Record<string, string>> = {
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  'shift-tab': '\u001B[Z',
  space: ' ',
  up: '\u001B[A',
  down: '\u001B[B',
  left: '\u001B[D',
  right: '\u001B[C',
  pageup: '\u001B[5~',
  pagedown: '\u001B[6~',
  home: '\u001B[H',
  end: '\u001B[F',
  backspace: '\u007F',
  f1: '\u001BOP',
  'ctrl-c': '\u0003',
  'ctrl-d': '\u0004',
  'ctrl-g': '\u0007',
  'ctrl-n': '\u000E',
  'ctrl-r': '\u0012',
  'ctrl-t': '\u0014',
  'ctrl-u': '\u0015',
};

/** A named key (`enter`, `ctrl-d`…) or a single character, sent as typed. */
export type KeyName = keyof typeof KEYS | (string & {});

let cachedData: Promise<EngineData> | undefined;

/** The real skills and entities, loaded once per test file. */
export function engineData(): Promise<EngineData> {
  cachedData ??= loadEngineData();
  return cachedData;
}

export async function temporaryFolder(prefix = 'skillchain-dashboard-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface DashboardOptions {
  goal?: string;
  skills?: string[];
  explicit?: Map<string, ExplicitAnswer>;
  out?: string;
  size?: TerminalSize;
  services?: DashboardServices;
  data?: EngineData;
  state?: DashboardState;
}

export interface RenderedDashboard {
  /** The last frame, as text. */
  frame: () => string;
  /** Sends named keys (`enter`, `down`, `ctrl-d`…) one at a time, each handled before the next. */
  press: (...keys: KeyName[]) => Promise<void>;
  /** Types text as one chunk (as a paste or a fast typist would). */
  type: (text: string) => Promise<void>;
  /** Waits until the frame contains the text (or matches), up to a generous limit. */
  waitFor: (expected: string | RegExp, timeoutMs?: number) => Promise<string>;
  /** Re-renders at another terminal size. */
  resize: (size: TerminalSize) => Promise<void>;
  /** The exit code, once the dashboard exited. */
  exitCode: () => number | null;
  /** Waits until the dashboard exits and returns its code. */
  waitForExit: (timeoutMs?: number) => Promise<number>;
  unmount: () => void;
}

export async function renderDashboard(options: DashboardOptions = {}): Promise<RenderedDashboard> {
  const data = options.data ?? (await engineData());
  const state =
    options.state ??
    createDashboardState({
      data,
      goal: options.goal,
      inputs: {
        ...(options.skills ? { skills: options.skills } : {}),
        explicit: options.explicit ?? new Map(),
        ...(options.out ? { out: options.out } : {}),
        isForce: false,
      },
    });
  let size = options.size ?? { columns: 100, rows: 30 };
  let code: number | null = null;
  let controller: InputController | undefined;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  const services = options.services ?? engineServices();
  const element = (): ReactElement => (
    <DashboardApp
      initialState={state}
      services={services}
      size={size}
      onExit={(exitCode) => {
        code = exitCode;
      }}
      onInputReady={(input) => {
        controller = input;
        markReady();
      }}
    />
  );
  const instance = render(element());
  // ink-testing-library's stdout reports 100 columns; the dashboard is sized from `size`, and
  // Ink's own layout width follows the same numbers.
  const setStreamSize = () => {
    Object.defineProperty(instance.stdout, 'columns', { value: size.columns, configurable: true });
    Object.defineProperty(instance.stdout, 'rows', { value: size.rows, configurable: true });
  };
  setStreamSize();
  instance.rerender(element());
  await ready;

  const frame = () => instance.lastFrame() ?? '';
  const settle = async () => {
    await controller?.whenIdle();
  };
  return {
    frame,
    press: async (...keys) => {
      for (const key of keys) {
        const sequence = KEYS[key] ?? (Array.from(key).length === 1 ? key : undefined);
        if (sequence === undefined) throw new Error(`unknown key ${key}`);
        instance.stdin.write(sequence);
        // Ink holds a lone Esc for one turn of the event loop (it may start a sequence).
        if (sequence === '\u001B') await new Promise((resolve) => setImmediate(resolve));
        await settle();
      }
    },
    type: async (text) => {
      instance.stdin.write(text);
      await settle();
    },
    waitFor: async (expected, timeoutMs = 20_000) => {
      const matches = (text: string) =>
        typeof expected === 'string' ? text.includes(expected) : expected.test(text);
      const started = Date.now();
      while (!matches(frame())) {
        if (Date.now() - started > timeoutMs) {
          throw new Error(
            `timed out waiting for ${String(expected)}; the last frame was:\n${frame()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return frame();
    },
    resize: async (next) => {
      size = next;
      setStreamSize();
      instance.rerender(element());
      await settle();
    },
    exitCode: () => code,
    waitForExit: async (timeoutMs = 20_000) => {
      const started = Date.now();
      while (code === null) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`the dashboard did not exit; the last frame was:\n${frame()}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return code;
    },
    unmount: () => {
      instance.unmount();
    },
  };
}
