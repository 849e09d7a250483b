import { describe, expect, it } from 'vitest';
import {
  ESCAPES,
  openTerminalSession,
  type ProcessEvent,
} from '../../../source/ui/terminal/terminal-session.js';

function fakeTerminal() {
  const written: string[] = [];
  const errors: string[] = [];
  const rawModes: boolean[] = [];
  const resizeListeners = new Set<() => void>();
  const processListeners = new Map<ProcessEvent, Set<(error: unknown) => void>>();
  const exits: number[] = [];
  const unmounts: string[] = [];
  const session = openTerminalSession({
    streams: {
      stdout: {
        write: (text: string) => written.push(text),
        on: (_event, listener) => resizeListeners.add(listener),
        off: (_event, listener) => resizeListeners.delete(listener),
      },
      stdin: { isTTY: true, setRawMode: (mode: boolean) => rawModes.push(mode) },
      stderr: { write: (text: string) => errors.push(text) },
    },
    processHooks: {
      on: (event, listener) => {
        const listeners = processListeners.get(event) ?? new Set();
        listeners.add(listener);
        processListeners.set(event, listeners);
      },
      off: (event, listener) => processListeners.get(event)?.delete(listener),
      exit: (code) => exits.push(code),
    },
    unmount: () => unmounts.push('unmount'),
    onResize: () => unmounts.push('resize'),
  });
  const emit = (event: ProcessEvent, value?: unknown) => {
    for (const listener of processListeners.get(event) ?? []) listener(value);
  };
  return {
    session,
    written,
    errors,
    rawModes,
    resizeListeners,
    processListeners,
    exits,
    unmounts,
    emit,
  };
}

describe('terminal session', () => {
  it('enters the alternate screen with the cursor hidden, and restores both once', () => {
    const terminal = fakeTerminal();
    expect(terminal.written.join('')).toContain(ESCAPES.enterAlternateScreen);
    expect(terminal.written.join('')).toContain(ESCAPES.hideCursor);
    terminal.session.restore();
    terminal.session.restore();
    const restored = terminal.written.filter((text) => text.includes(ESCAPES.leaveAlternateScreen));
    expect(restored).toEqual([ESCAPES.showCursor + ESCAPES.leaveAlternateScreen]);
    expect(terminal.rawModes).toEqual([false]);
  });

  it('on a crash: unmounts, restores the terminal, then reports and exits with 2', () => {
    const terminal = fakeTerminal();
    terminal.emit('uncaughtException', new Error('boom'));
    expect(terminal.unmounts).toEqual(['unmount']);
    expect(terminal.written.at(-1)).toBe(ESCAPES.showCursor + ESCAPES.leaveAlternateScreen);
    expect(terminal.errors.join('')).toMatch(/unexpected error: Error: boom/);
    expect(terminal.exits).toEqual([2]);
  });

  it('on SIGTERM and SIGHUP: restores and exits with 128 + the signal', () => {
    const terminal = fakeTerminal();
    terminal.emit('SIGTERM');
    expect(terminal.exits).toEqual([143]);
    expect(terminal.written.join('')).toContain(ESCAPES.leaveAlternateScreen);
    const other = fakeTerminal();
    other.emit('SIGHUP');
    expect(other.exits).toEqual([129]);
  });

  it('clears the screen before redrawing at a new size, and removes every hook when closed', () => {
    const terminal = fakeTerminal();
    for (const listener of terminal.resizeListeners) listener();
    expect(terminal.written.at(-1)).toBe(ESCAPES.clearScreen);
    expect(terminal.unmounts).toEqual(['resize']);
    terminal.session.close();
    expect(terminal.resizeListeners.size).toBe(0);
    expect([...terminal.processListeners.values()].every((listeners) => listeners.size === 0)).toBe(
      true,
    );
  });
});
