import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Runs a command in a real pseudo-terminal (python3's `pty` module: on every Debian machine, no
 * native npm addon) and reports what a terminal would see: the raw output, the terminal's mode
 * (raw or cooked, read from termios), the exit code. Tests wait for text and for the raw mode
 * (the dashboard's "input is ready" marker: raw mode is switched on where the key listener is
 * attached) instead of sleeping.
 */
const DRIVER = String.raw`
import base64, fcntl, json, os, pty, select, signal, struct, sys, termios
cols, rows = int(sys.argv[1]), int(sys.argv[2])
argv = sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', rows, cols, 0, 0))
    os.execvp(argv[0], argv)
def emit(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()
def mode():
    try:
        return not (termios.tcgetattr(fd)[3] & termios.ICANON)
    except termios.error:
        return None
last_mode = 'unknown'
status = None
while True:
    readable, _, _ = select.select([fd, sys.stdin], [], [], 0.02)
    if fd in readable:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if data:
            emit({'type': 'output', 'data': base64.b64encode(data).decode()})
    if sys.stdin in readable:
        line = sys.stdin.readline()
        if not line:
            os.kill(pid, signal.SIGKILL)
            break
        command = json.loads(line)
        if command['type'] == 'send':
            os.write(fd, command['data'].encode())
        elif command['type'] == 'resize':
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', command['rows'], command['columns'], 0, 0))
        elif command['type'] == 'signal':
            os.kill(pid, getattr(signal, command['name']))
    current = mode()
    if current != last_mode:
        last_mode = current
        emit({'type': 'mode', 'raw': current})
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        while True:
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            emit({'type': 'output', 'data': base64.b64encode(data).decode()})
        emit({'type': 'mode-after-exit', 'raw': mode()})
        emit({'type': 'exit', 'code': os.waitstatus_to_exitcode(status)})
        break
`;

// CSI, OSC and two-character escapes: what is left is the text the terminal shows.
const ANSI =
  // eslint-disable-next-line no-control-regex -- matching terminal escapes is the point
  /\u001B\[[0-9;?<>=]*[ -/]*[@-~]|\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|\u001B[()][0-9A-Za-z]|\u001B[@-_=>78]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export interface PtyOptions {
  command: string;
  args: readonly string[];
  columns: number;
  rows: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

export interface PtySession {
  /** Everything written to the terminal so far, escapes included. */
  output: () => string;
  /** Where the output ends now: pass to waitForText to look only at what comes after. */
  mark: () => number;
  send: (data: string) => void;
  resize: (columns: number, rows: number) => void;
  signal: (name: 'SIGTERM' | 'SIGINT' | 'SIGHUP') => void;
  waitForText: (
    expected: string | RegExp,
    options?: { from?: number; timeoutMs?: number },
  ) => Promise<void>;
  waitForRawMode: (isRaw: boolean, timeoutMs?: number) => Promise<void>;
  waitForExit: (timeoutMs?: number) => Promise<{ code: number; rawAfterExit: boolean | null }>;
  /** The termios modes seen, in order (true = raw). */
  modes: () => (boolean | null)[];
  kill: () => void;
}

export function requirePython(): string {
  const found = spawnSync('python3', ['-c', 'import pty, termios'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'The pseudo-terminal tests need python3 with its pty and termios modules (Debian: apt-get install python3).',
    );
  }
  return 'python3';
}

export function spawnInPty(options: PtyOptions): PtySession {
  const python = requirePython();
  const child: ChildProcessWithoutNullStreams = spawn(
    python,
    ['-c', DRIVER, String(options.columns), String(options.rows), options.command, ...options.args],
    {
      cwd: options.cwd,
      env: options.env,
    },
  );
  let output = '';
  const modes: (boolean | null)[] = [];
  let exit: { code: number; rawAfterExit: boolean | null } | undefined;
  let rawAfterExit: boolean | null = null;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    const message = JSON.parse(line) as {
      type: string;
      data?: string;
      raw?: boolean | null;
      code?: number;
    };
    if (message.type === 'output' && message.data)
      output += Buffer.from(message.data, 'base64').toString('utf8');
    else if (message.type === 'mode') modes.push(message.raw ?? null);
    else if (message.type === 'mode-after-exit') rawAfterExit = message.raw ?? null;
    else if (message.type === 'exit') exit = { code: message.code ?? -1, rawAfterExit };
  });
  const command = (message: object) => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  const until = async (condition: () => boolean, describe: () => string, timeoutMs: number) => {
    const started = Date.now();
    while (!condition()) {
      if (Date.now() - started > timeoutMs)
        throw new Error(
          `${describe()}\n--- screen text so far (last 3000 characters) ---\n${stripAnsi(output).slice(-3000)}\n--- driver stderr ---\n${stderr}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    output: () => output,
    mark: () => output.length,
    send: (data) => {
      command({ type: 'send', data });
    },
    resize: (columns, rows) => {
      command({ type: 'resize', columns, rows });
    },
    signal: (name) => {
      command({ type: 'signal', name });
    },
    waitForText: (expected, { from = 0, timeoutMs = 30_000 } = {}) =>
      until(
        () => {
          const text = stripAnsi(output.slice(from));
          return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
        },
        () => `timed out waiting for ${String(expected)}`,
        timeoutMs,
      ),
    waitForRawMode: (isRaw, timeoutMs = 30_000) =>
      until(
        () => modes.at(-1) === isRaw,
        () =>
          `timed out waiting for raw mode ${String(isRaw)} (modes seen: ${JSON.stringify(modes)})`,
        timeoutMs,
      ),
    waitForExit: async (timeoutMs = 60_000) => {
      await until(
        () => exit !== undefined,
        () => 'timed out waiting for the program to exit',
        timeoutMs,
      );
      if (!exit) throw new Error('no exit');
      return exit;
    },
    modes: () => [...modes],
    kill: () => {
      child.stdin.end();
      child.kill();
    },
  };
}
