import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../source/engine/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built CLI (`npm run build` first; `npm test` does) with stdin closed and no terminal:
 * the headless path a CI job takes. NODE_EXTRA_CA_CERTS is dropped: it only slows Node's start.
 */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  const cli = join(packageRoot(), 'dist', 'bundle', 'cli.js');
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? packageRoot(),
      env: { ...env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
