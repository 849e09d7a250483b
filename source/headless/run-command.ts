import type { Command } from '../cli/args.js';
import { AnswersFileError } from '../engine/answers/answers-file.js';
import { AnswerInputError } from '../engine/answers/flags.js';
import { WriteError } from '../engine/commit/write-changes.js';
import { ManifestError } from '../engine/manifest/manifest.js';
import { EntityCatalogueError } from '../engine/model/entities.js';
import { loadEngineData, type EngineData } from '../engine/session.js';
import { CatalogueError } from '../engine/skills/load-catalogue.js';
import { ValidationInputError } from '../engine/validate/validate-project.js';
import { createOutput, type Output } from './output.js';
import { InputError, runHeadless } from './run-generate.js';
import { runRecover } from './run-recover.js';
import { runSkills } from './run-skills.js';
import { runValidate } from './run-validate.js';

/** Errors that are the user's input, not a bug: a clear message and exit code 2. */
const INPUT_ERRORS = [InputError, AnswersFileError, AnswerInputError, CatalogueError, EntityCatalogueError, ValidationInputError, ManifestError, WriteError];

export async function runCommand(command: Exclude<Command, { kind: 'help' } | { kind: 'version' }>): Promise<number> {
  const out = createOutput();
  try {
    return await dispatch(command, out);
  } catch (error) {
    if (INPUT_ERRORS.some((type) => error instanceof type)) {
      out.error(`skillchain: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

async function dispatch(command: Exclude<Command, { kind: 'help' } | { kind: 'version' }>, out: Output): Promise<number> {
  if (command.kind === 'recover') return runRecover(command.dir, out);
  const data: EngineData = await loadEngineData();
  switch (command.kind) {
    case 'skills':
      return runSkills(data.catalogue, command.isJson, out);
    case 'validate':
      return runValidate(data, command.dir, command, out);
    case 'update':
      return runHeadless(data, { goal: undefined, options: command.options, updateDir: command.dir, isInteractiveTerminal: isInteractiveTerminal() }, out);
    case 'generate': {
      const { options } = command;
      const wantsHeadless = options.isYes || options.isDryRun || options.isJson || options.answersFile !== undefined;
      if (!wantsHeadless && isInteractiveTerminal()) {
        const { runDashboard } = await import('../ui/run-dashboard.js');
        return runDashboard({ data, goal: command.goal, options });
      }
      return runHeadless(data, { goal: command.goal, options, isInteractiveTerminal: isInteractiveTerminal() }, out);
    }
  }
}

/** Ink needs raw mode on stdin and a terminal on stdout; anything else runs headless. */
export function isInteractiveTerminal(): boolean {
  return process.stdin.isTTY && process.stdout.isTTY && process.env.TERM !== 'dumb';
}
