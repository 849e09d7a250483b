import type { Command } from '../cli/args.js';
import { loadEngineData } from '../engine/session.js';
import { createOutput, type Output } from './output.js';

/**
 * Errors that are the user's input, not a bug: a clear message and exit code 2. Matched by name
 * so that this module does not have to load every module that can throw one.
 */
const INPUT_ERRORS = new Set([
  'InputError',
  'UsageError',
  'AnswersFileError',
  'AnswerInputError',
  'CatalogueError',
  'EntityCatalogueError',
  'ValidationInputError',
  'ManifestError',
  'WriteError',
]);

type RunnableCommand = Exclude<Command, { kind: 'help' } | { kind: 'version' }>;

export async function runCommand(command: RunnableCommand): Promise<number> {
  const out = createOutput();
  try {
    return await dispatch(command, out);
  } catch (error) {
    if (error instanceof Error && INPUT_ERRORS.has(error.name)) {
      out.error(`skillchain: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

/** Each command imports only what it needs, so simple commands start fast. */
async function dispatch(command: RunnableCommand, out: Output): Promise<number> {
  if (command.kind === 'recover') {
    const { runRecover } = await import('./run-recover.js');
    return runRecover(command.dir, out);
  }
  const data = await loadEngineData();
  switch (command.kind) {
    case 'skills': {
      const { runSkills } = await import('./run-skills.js');
      return runSkills(data.catalogue, command.isJson, out);
    }
    case 'validate': {
      const { runValidate } = await import('./run-validate.js');
      return runValidate(data, command.dir, command, out);
    }
    case 'update': {
      // In a terminal, the dashboard with the stored answers: it asks only the new questions.
      if (!wantsHeadless(command.options) && isInteractiveTerminal()) {
        const path = await import('node:path');
        const { runDashboard } = await import('../ui/run-dashboard.js');
        const options = {
          ...command.options,
          answersFile: path.join(command.dir, '.skillchain', 'answers.yaml'),
          out: command.dir,
        };
        return runDashboard({ data, goal: undefined, options });
      }
      const { runHeadless } = await import('./run-generate.js');
      return runHeadless(
        data,
        {
          goal: undefined,
          options: command.options,
          updateDir: command.dir,
          isInteractiveTerminal: isInteractiveTerminal(),
        },
        out,
      );
    }
    case 'generate': {
      const { options } = command;
      // With --answers in a terminal, the dashboard asks only what the file leaves open.
      if (!wantsHeadless(options) && isInteractiveTerminal()) {
        const { runDashboard } = await import('../ui/run-dashboard.js');
        return runDashboard({ data, goal: command.goal, options });
      }
      const { runHeadless } = await import('./run-generate.js');
      return runHeadless(
        data,
        { goal: command.goal, options, isInteractiveTerminal: isInteractiveTerminal() },
        out,
      );
    }
  }
}

/** Flags that ask for a run without questions. */
function wantsHeadless(options: { isYes: boolean; isDryRun: boolean; isJson: boolean }): boolean {
  return options.isYes || options.isDryRun || options.isJson;
}

/** Ink needs raw mode on stdin and a terminal on stdout; anything else runs headless. */
export function isInteractiveTerminal(): boolean {
  return process.stdin.isTTY && process.stdout.isTTY && process.env.TERM !== 'dumb';
}
