import type { GenerateOptions } from '../cli/args.js';
import type { EngineData } from '../engine/session.js';
import { prepareInputs } from '../headless/run-generate.js';
import { engineServices } from './app/services.js';
import { createDashboardState } from './state/dashboard-reducer.js';
import type { TerminalSize } from './terminal/layout.js';

export interface DashboardRequest {
  data: EngineData;
  goal: string | undefined;
  options: GenerateOptions;
}

/** Ink renders only the last frame when it believes it runs in CI (is-in-ci): the dashboard would look hung. */
function isCiEnvironment(): boolean {
  const flag = (name: string) =>
    name in process.env && process.env[name] !== '0' && process.env[name] !== 'false';
  return flag('CI') || flag('CONTINUOUS_INTEGRATION');
}

/**
 * The full-screen dashboard: the same steps as the headless runner (goal → chain → answers →
 * staged files → accepted files → disk → validation) through the same engine functions. Returns
 * the exit code: 0 written and passing, 1 written below the bar, 2 an error, 130 quit before
 * writing (nothing on disk).
 */
export async function runDashboard(request: DashboardRequest): Promise<number> {
  const { stdin, stdout, stderr } = process;
  // run-command only calls this with a terminal on both ends; the guard stays so that a future
  // caller can never mount Ink on a pipe ("Raw mode is not supported").
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(
      'skillchain: the dashboard needs a terminal; run headless with --yes, --answers FILE or --dry-run\n',
    );
    return 2;
  }
  if (isCiEnvironment()) {
    stderr.write(
      'skillchain: CI is set, and the dashboard cannot draw under it; unset CI, or run headless with --yes, --answers FILE or --dry-run\n',
    );
    return 2;
  }
  const inputs = await prepareInputs(request.data, {
    goal: request.goal,
    options: request.options,
    isInteractiveTerminal: true,
  });
  const initialState = createDashboardState({
    data: request.data,
    goal: inputs.goal === '' ? undefined : inputs.goal,
    inputs: {
      ...(inputs.skills ? { skills: inputs.skills } : {}),
      explicit: inputs.explicit,
      ...(request.options.out ? { out: request.options.out } : {}),
      isForce: request.options.isForce,
    },
  });
  // React's development build costs about twice the time per keypress; an installed CLI runs the
  // production build unless the user asked otherwise. Ink and React load only now, after this
  // (and `--version`, `--help` and headless runs never load them at all).
  process.env.NODE_ENV ??= 'production';
  const { mountDashboard } = await import('./app/mount-dashboard.js');
  return mountDashboard({
    initialState,
    services: engineServices(),
    readSize: () => terminalSize(stdout),
  });
}

function terminalSize(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}
