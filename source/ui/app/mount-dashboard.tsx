import { render, type Instance } from 'ink';
import type { DashboardState } from '../state/dashboard-state.js';
import { EXIT_CODE } from '../state/dashboard-reducer.js';
import type { TerminalSize } from '../terminal/layout.js';
import { openTerminalSession } from '../terminal/terminal-session.js';
import { DashboardApp } from './dashboard-app.js';
import type { DashboardServices } from './services.js';

/**
 * Mounts the dashboard in the alternate screen and resolves with its exit code once it has
 * unmounted and the terminal is restored. The root component is the only one that exits.
 */
export async function mountDashboard({
  initialState,
  services,
  readSize,
}: {
  initialState: DashboardState;
  services: DashboardServices;
  readSize: () => TerminalSize;
}): Promise<number> {
  let exitCode: number = EXIT_CODE.cancelled;
  let farewell: readonly string[] = [];
  let instance: Instance | undefined;
  const tree = () => (
    <DashboardApp
      initialState={initialState}
      services={services}
      size={readSize()}
      onExit={(code, lines) => {
        exitCode = code;
        farewell = lines;
      }}
    />
  );
  const session = openTerminalSession({
    streams: { stdout: process.stdout, stdin: process.stdin, stderr: process.stderr },
    processHooks: {
      on: (event, listener) => process.on(event, listener),
      off: (event, listener) => process.off(event, listener),
      exit: (code) => process.exit(code),
    },
    unmount: () => instance?.unmount(),
    onResize: () => instance?.rerender(tree()),
  });
  try {
    // Ctrl+C is the dashboard's (it asks first); Ink's console patching would scribble over the frame.
    instance = render(tree(), { exitOnCtrlC: false, patchConsole: false });
    await instance.waitUntilExit();
  } finally {
    session.restore();
    session.close();
  }
  // After the restore, on the normal screen: the alternate screen took the summary with it.
  for (const line of farewell) process.stdout.write(`${line}\n`);
  return exitCode;
}
