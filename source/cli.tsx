#!/usr/bin/env node
import { HELP, parseCommandLine, SUBCOMMAND_HELP, UsageError, type Command } from './cli/args.js';

/**
 * Entry point. Parses the command line and hands over to the dashboard (a terminal, and nothing
 * that asks to run headless) or to the headless runner. Everything heavy is imported on demand so
 * `--version` and `--help` answer at once. Exit codes: 0 success, 1 validation below the bar or
 * an unresolved conflict, 2 usage or input error.
 */
async function main(argv: readonly string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`skillchain: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (command.kind === 'help') {
    process.stdout.write(command.topic ? SUBCOMMAND_HELP[command.topic] : HELP);
    return 0;
  }
  if (command.kind === 'version') {
    const { packageVersion } = await import('./engine/paths.js');
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const { runCommand } = await import('./headless/run-command.js');
  return runCommand(command);
}

/**
 * A reader that stops early (`skillchain … | head`) closes the pipe under us. The work goes on —
 * a write in progress must finish or its journal is left for `recover` — and only the output is
 * dropped, as `git log | head` does; any other stream error is still a crash.
 */
function ignoreClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}
ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `skillchain: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
