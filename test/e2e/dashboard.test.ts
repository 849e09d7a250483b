import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnInPty, stripAnsi, type PtySession } from '../support/ui/pty.js';

/**
 * The dashboard end to end in a pseudo-terminal, against the built CLI (`npm run build`):
 * keyboard only, alternate screen, raw mode on while it runs and restored on every way out.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist', 'bundle', 'cli.js');
const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';
const ENTER_ALTERNATE = '\u001B[?1049h';
const LEAVE_ALTERNATE = '\u001B[?1049l';
const SHOW_CURSOR = '\u001B[?25h';

/** The child's environment: Ink draws nothing live when it believes it runs in CI. */
function terminalEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.CI;
  delete env.CONTINUOUS_INTEGRATION;
  delete env.NODE_ENV;
  return env;
}

let session: PtySession | undefined;

beforeAll(() => {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`npm run build\` before the end-to-end tests`);
});

afterEach(() => {
  session?.kill();
  session = undefined;
});

function start(args: string[], columns: number, rows: number): PtySession {
  session = spawnInPty({
    command: process.execPath,
    args: [CLI, ...args],
    columns,
    rows,
    cwd: ROOT,
    env: terminalEnvironment(),
  });
  return session;
}

/** What the terminal shows once the dashboard has left the alternate screen. */
function afterDashboard(terminal: PtySession): string {
  const output = terminal.output();
  return stripAnsi(output.slice(output.lastIndexOf(LEAVE_ALTERNATE)));
}

function expectRestored(terminal: PtySession, rawAfterExit: boolean | null) {
  const output = terminal.output();
  expect(output).toContain(ENTER_ALTERNATE);
  const left = output.lastIndexOf(LEAVE_ALTERNATE);
  expect(left).toBeGreaterThan(output.lastIndexOf(ENTER_ALTERNATE));
  expect(output.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(output.lastIndexOf(ENTER_ALTERNATE));
  expect(terminal.modes()).toContain(true);
  expect(terminal.modes().at(-1)).toBe(false);
  if (rawAfterExit !== null) expect(rawAfterExit).toBe(false);
}

describe('the dashboard in a pseudo-terminal', () => {
  it(
    'runs from the goal to a written project with the keyboard, then restores the terminal',
    { timeout: 180_000 },
    async () => {
      const out = await mkdtemp(join(tmpdir(), 'skillchain-e2e-'));
      const terminal = start([GOAL, '--out', out], 100, 30);
      await terminal.waitForText('Chain: 3 skills');
      await terminal.waitForRawMode(true);
      let mark = terminal.mark();
      terminal.send('\r');
      await terminal.waitForText('project.name', { from: mark });
      mark = terminal.mark();
      terminal.send('clicks');
      await terminal.waitForText('clicks', { from: mark });
      terminal.send('\r');
      await terminal.waitForText('project.maturity', { from: mark });
      mark = terminal.mark();
      terminal.send('\u0004'); // Ctrl+D: the remaining questions take their defaults
      await terminal.waitForText(/files →|settle before generating/, {
        from: mark,
        timeoutMs: 60_000,
      });
      for (
        let guard = 0;
        guard < 5 && !stripAnsi(terminal.output().slice(mark)).includes('files →');
        guard++
      ) {
        const before = terminal.mark();
        terminal.send('\r');
        await terminal.waitForText(/files →|settle before generating/, {
          from: before,
          timeoutMs: 60_000,
        });
      }
      await expect(stat(join(out, 'README.md'))).rejects.toThrow();
      mark = terminal.mark();
      terminal.send('w');
      await terminal.waitForText('Validation:', { from: mark, timeoutMs: 120_000 });
      terminal.send('q');
      const { code, rawAfterExit } = await terminal.waitForExit();
      expect([0, 1]).toContain(code);
      expectRestored(terminal, rawAfterExit);
      // The alternate screen is gone; where the project is and what to run next stay.
      expect(afterDashboard(terminal)).toMatch(
        new RegExp(`skillchain: wrote \\d+ files to ${out} · validation (PASS|FAIL)`),
      );
      expect(afterDashboard(terminal)).toContain(`next: cd ${out} && make`);
      expect((await stat(join(out, '.skillchain', 'answers.yaml'))).isFile()).toBe(true);
    },
  );

  it(
    'asks on Ctrl+C, then quits with 130 leaving the disk untouched (80×24)',
    { timeout: 60_000 },
    async () => {
      const out = join(await mkdtemp(join(tmpdir(), 'skillchain-e2e-')), 'project');
      const terminal = start([GOAL, '--out', out], 80, 24);
      await terminal.waitForText('Chain: 3 skills');
      await terminal.waitForRawMode(true);
      const mark = terminal.mark();
      terminal.send('\r');
      await terminal.waitForText('project.name', { from: mark });
      terminal.send('\u0003');
      await terminal.waitForText('Quit skillchain?', { from: mark });
      terminal.send('y');
      const { code, rawAfterExit } = await terminal.waitForExit();
      expect(code).toBe(130);
      expectRestored(terminal, rawAfterExit);
      expect(afterDashboard(terminal)).toContain('quit before writing; nothing was written');
      expect(existsSync(out)).toBe(false);
    },
  );

  it(
    'redraws on resize, says when the terminal is too small, and restores the terminal on SIGTERM',
    { timeout: 60_000 },
    async () => {
      const terminal = start([GOAL], 120, 40);
      await terminal.waitForText('Chain: 3 skills');
      await terminal.waitForRawMode(true);
      let mark = terminal.mark();
      terminal.resize(50, 12);
      await terminal.waitForText('Terminal too small: 50×12', { from: mark });
      mark = terminal.mark();
      terminal.resize(80, 24);
      await terminal.waitForText('Chain: 3 skills', { from: mark });
      // Each redraw after a resize starts from a cleared screen.
      expect(terminal.output().slice(mark)).toContain('\u001B[2J');
      terminal.signal('SIGTERM');
      const { code, rawAfterExit } = await terminal.waitForExit();
      expect(code).toBe(143);
      expectRestored(terminal, rawAfterExit);
    },
  );
});

describe('without a terminal', () => {
  it('never mounts the dashboard: it runs headless and says which flag to pass', () => {
    const result = spawnSync(process.execPath, [CLI, GOAL], {
      cwd: ROOT,
      encoding: 'utf8',
      input: '',
      env: terminalEnvironment(),
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--yes/);
    expect(result.stderr).not.toMatch(/Raw mode is not supported/);
  });
});
