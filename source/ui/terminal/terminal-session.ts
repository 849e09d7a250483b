/**
 * The terminal around the dashboard: the alternate screen (the user's scrollback is left as it
 * was), the hidden cursor, and their restoration on every way out — a normal exit, Ctrl+C, a
 * crash (uncaught exception or rejection), SIGTERM/SIGHUP. Ink restores raw mode and the cursor
 * when it unmounts; this restores them again, idempotently, because a crash or a signal may come
 * before Ink's cleanup runs.
 */
export const ESCAPES = {
  enterAlternateScreen: '\u001B[?1049h',
  leaveAlternateScreen: '\u001B[?1049l',
  clearScreen: '\u001B[2J\u001B[H',
  hideCursor: '\u001B[?25l',
  showCursor: '\u001B[?25h',
} as const;

export interface TerminalStreams {
  stdout: {
    write: (text: string) => unknown;
    on: (event: 'resize', listener: () => void) => unknown;
    off: (event: 'resize', listener: () => void) => unknown;
  };
  stdin: { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  stderr: { write: (text: string) => unknown };
}

/** The parts of `process` the session hooks into (a fake in tests). */
export type ProcessEvent =
  'uncaughtException' | 'unhandledRejection' | 'exit' | 'SIGTERM' | 'SIGHUP';

export interface ProcessHooks {
  on: (event: ProcessEvent, listener: (error: unknown) => void) => unknown;
  off: (event: ProcessEvent, listener: (error: unknown) => void) => unknown;
  exit: (code: number) => void;
}

export interface TerminalSession {
  /** Leave the alternate screen, show the cursor, cooked mode. Safe to call more than once. */
  restore: () => void;
  /** Remove the process hooks (after a normal exit). */
  close: () => void;
}

export interface OpenSessionOptions {
  streams: TerminalStreams;
  processHooks: ProcessHooks;
  /** Unmounts Ink before the terminal is restored (so its last frame lands in the alternate screen). */
  unmount: () => void;
  /** Called on resize, after the screen was cleared (re-render with the new size). */
  onResize: () => void;
}

const SIGNALS: readonly { name: 'SIGTERM' | 'SIGHUP'; code: number }[] = [
  { name: 'SIGTERM', code: 143 },
  { name: 'SIGHUP', code: 129 },
];

export function openTerminalSession({
  streams,
  processHooks,
  unmount,
  onResize,
}: OpenSessionOptions): TerminalSession {
  const { stdout, stdin, stderr } = streams;
  let isRestored = false;
  const restore = () => {
    if (isRestored) return;
    isRestored = true;
    try {
      if (stdin.isTTY) stdin.setRawMode?.(false);
    } catch {
      // stdin may already be closed (a hung-up terminal); the escapes below still matter.
    }
    stdout.write(ESCAPES.showCursor + ESCAPES.leaveAlternateScreen);
  };
  const finish = (code: number, message?: string) => {
    try {
      unmount();
    } catch {
      // Unmounting a crashed tree can throw again; the terminal is restored regardless.
    }
    restore();
    if (message) stderr.write(message);
    processHooks.exit(code);
  };

  // Registered before Ink mounts, so it runs before Ink's own resize handler: the screen is
  // cleared and the new size is rendered in one go, with no stale rows left behind.
  const handleResize = () => {
    stdout.write(ESCAPES.clearScreen);
    onResize();
  };
  const handleCrash = (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    finish(
      2,
      `skillchain: unexpected error: ${text}\nNothing was written unless the write step had finished.\n`,
    );
  };
  const signalHandlers = SIGNALS.map(({ name, code }) => ({
    name,
    handler: () => {
      finish(code);
    },
  }));
  const handleExit = () => {
    restore();
  };

  stdout.write(ESCAPES.enterAlternateScreen + ESCAPES.clearScreen + ESCAPES.hideCursor);
  stdout.on('resize', handleResize);
  processHooks.on('uncaughtException', handleCrash);
  processHooks.on('unhandledRejection', handleCrash);
  processHooks.on('exit', handleExit);
  for (const { name, handler } of signalHandlers) processHooks.on(name, handler);

  return {
    restore,
    close: () => {
      stdout.off('resize', handleResize);
      processHooks.off('uncaughtException', handleCrash);
      processHooks.off('unhandledRejection', handleCrash);
      processHooks.off('exit', handleExit);
      for (const { name, handler } of signalHandlers) processHooks.off(name, handler);
    },
  };
}
