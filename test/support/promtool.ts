import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * promtool (and amtool) for the monitoring verification: $PROMTOOL / $AMTOOL if set, else on PATH. A missing
 * binary is an error that says how to get it, never a skipped test.
 *
 * Debian without installing the Prometheus service:
 *   cd /tmp && apt-get download prometheus && dpkg -x prometheus_*.deb /tmp/prom
 *   export PROMTOOL=/tmp/prom/usr/bin/promtool
 */

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const HINT =
  'promtool not found: set PROMTOOL to its path or put it on PATH (Debian: cd /tmp && apt-get download prometheus && dpkg -x prometheus_*.deb /tmp/prom; then PROMTOOL=/tmp/prom/usr/bin/promtool)';

export function findPromtool(): string {
  const fromEnvironment = process.env.PROMTOOL;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment))
      throw new Error(`PROMTOOL=${fromEnvironment} does not exist. ${HINT}`);
    return fromEnvironment;
  }
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'promtool');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(HINT);
}

const AMTOOL_HINT =
  'amtool not found: set AMTOOL to its path or put it on PATH (Debian: cd /tmp && apt-get download prometheus-alertmanager && dpkg -x prometheus-alertmanager_*.deb /tmp/am; then AMTOOL=/tmp/am/usr/bin/amtool)';

/** amtool (Alertmanager's CLI, `check-config`): $AMTOOL if set, else `amtool` on PATH. */
export function findAmtool(): string {
  const fromEnvironment = process.env.AMTOOL;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment))
      throw new Error(`AMTOOL=${fromEnvironment} does not exist. ${AMTOOL_HINT}`);
    return fromEnvironment;
  }
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, 'amtool');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(AMTOOL_HINT);
}

/** Runs a command and collects its output; never throws on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  cwd: string,
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ exitCode: code ?? 1, stdout, stderr });
    });
  });
}

/** `promtool <args>` in `cwd` (rule files and tests resolve relative paths from there). */
export function promtool(args: readonly string[], cwd: string): Promise<CommandResult> {
  return runCommand(findPromtool(), args, cwd);
}

/** The first program of `names` found on PATH, or an Error saying how to install it. */
export function findProgram(name: string, hint: string): string {
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${name} not found on PATH: ${hint}`);
}
