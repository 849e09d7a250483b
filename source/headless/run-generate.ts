import { resolve } from 'node:path';
import type { GenerateOptions } from '../cli/args.js';
import { readAnswersFile } from '../engine/answers/answers-file.js';
import { answersFromFlags } from '../engine/answers/flags.js';
import type { ExplicitAnswer } from '../engine/answers/types.js';
import { ANSWERS_FILE } from '../engine/manifest/manifest.js';
import { answersYamlFor, defaultAccepted, stageProject, writeProject } from '../engine/pipeline.js';
import { modelFromWorkflow, type EngineData } from '../engine/session.js';
import { formatLoadError } from '../engine/skills/types.js';
import { summarizeProject } from '../engine/summary.js';
import { validateFiles, validateProject } from '../engine/validate/validate-project.js';
import { filesFromMap } from '../engine/validate/domain/types.js';
import { resolveAutomatically, workflowReducer } from '../engine/workflow/reducer.js';
import { selectAnswers, selectEstimate } from '../engine/workflow/selectors.js';
import { createWorkflow, includedSkills, type WorkflowState } from '../engine/workflow/state.js';
import {
  printAnswers,
  printChain,
  printChanges,
  printDecisions,
  printSummary,
  printValidation,
} from './describe.js';
import type { Output } from './output.js';
import { planJson } from './plan-json.js';

export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export interface HeadlessRequest {
  goal: string | undefined;
  options: GenerateOptions;
  /** `update`: the project folder whose stored answers are the starting point. */
  updateDir?: string;
  isInteractiveTerminal: boolean;
}

/** What a run needs before the workflow starts: the goal, the chain and the explicit answers. */
export async function prepareInputs(
  data: EngineData,
  request: HeadlessRequest,
): Promise<{ goal: string; skills?: string[]; explicit: Map<string, ExplicitAnswer> }> {
  const explicit = new Map<string, ExplicitAnswer>();
  let goal = request.goal;
  let skills = request.options.skills;
  const answersPath = request.updateDir
    ? resolve(request.updateDir, ANSWERS_FILE)
    : request.options.answersFile;
  if (answersPath) {
    const file = await readAnswersFile(answersPath, data.catalogue);
    for (const [key, answer] of file.answers) explicit.set(key, answer);
    goal ??= file.goal;
    skills ??= file.chain;
  }
  for (const [key, answer] of answersFromFlags(
    data.catalogue,
    request.options.set,
    request.options.maturity,
  ))
    explicit.set(key, answer);
  if (skills) {
    const unknown = skills.filter(
      (name) => !data.catalogue.skills.some((skill) => skill.name === name),
    );
    if (unknown.length > 0) {
      const failed = unknown.filter((name) =>
        data.catalogue.failures.some((failure) => failure.name === name),
      );
      throw new InputError(
        failed.length > 0
          ? `--skills: ${failed.join(', ')} failed to load (see the errors above)`
          : `--skills: unknown skill ${unknown.join(', ')} (available: ${data.catalogue.skills.map((skill) => skill.name).join(', ')})`,
      );
    }
  }
  return { goal: goal ?? '', ...(skills ? { skills } : {}), explicit };
}

/**
 * `skillchain GOAL --yes|--answers|--dry-run` and `skillchain update` without the dashboard:
 * plain lines (or JSON), never a prompt. Returns the exit code.
 */
export async function runHeadless(
  data: EngineData,
  request: HeadlessRequest,
  out: Output,
): Promise<number> {
  const { options } = request;
  const inputs = await prepareInputs(data, request);
  const isJson = options.isJson;
  const log = isJson
    ? () => undefined
    : (text?: string) => {
        out.line(text);
      };
  for (const failure of data.catalogue.failures) {
    out.error(out.yellow(`warning: ${failure.name} failed to load and is left out:`));
    for (const error of failure.errors) out.error(`  ${formatLoadError(error)}`);
  }
  if (!options.isYes && !options.isDryRun && !options.answersFile && !request.updateDir) {
    throw new InputError(
      request.isInteractiveTerminal
        ? 'nothing to do: pass --yes to take the defaults, --answers FILE, or --dry-run'
        : 'no terminal to ask questions in: pass --yes (take the defaults), --answers FILE, or --dry-run',
    );
  }

  let state: WorkflowState = createWorkflow({
    catalogue: data.catalogue,
    goal: inputs.goal,
    explicit: inputs.explicit,
    ...(inputs.skills ? { skills: inputs.skills } : {}),
  });
  if (state.plan.isEmpty) {
    const skills = data.catalogue.skills.map((skill) => skill.name).join(',');
    throw new InputError(
      inputs.goal === ''
        ? `no goal: give one ("skillchain \\"stream orders from kafka into snowflake\\" --yes") or pick skills with --skills ${skills}`
        : `the goal matched no skill${state.plan.isDataGoal ? '' : ' (it does not look like a data-engineering goal)'}: rephrase it or pick skills with --skills, e.g. --skills ${skills}`,
    );
  }
  log(`${out.bold('skillchain')} ${data.toolVersion} · goal: ${inputs.goal || '(none)'}`);
  if (!isJson) printChain(out, state, selectEstimate(state));

  state = workflowReducer(state, { type: 'skip' });
  if (state.phase === 'review') {
    if (options.isStrict) {
      for (const finding of state.findings)
        out.error(
          `conflict: ${finding.kind === 'conflict' ? finding.rule.message : finding.message}`,
        );
      out.error(
        'unresolved conflicts with --strict: resolve them with --set (or drop --strict to take the recommended resolution)',
      );
      return 1;
    }
    state = resolveAutomatically(state);
  }
  if (state.phase !== 'ready') {
    throw new InputError(
      `a conflict needs a decision that cannot be made headless: ${state.findings.map((finding) => finding.id).join(', ')}`,
    );
  }
  const answers = selectAnswers(state);
  if (!isJson) {
    printAnswers(out, answers);
    printDecisions(out, state);
  }

  const model = modelFromWorkflow(state, data);
  const outDir = resolve(request.updateDir ?? options.out ?? model.name);
  let lastGenerator = '';
  const staged = await stageProject(model, outDir, {
    onProgress: (progress) => {
      if (isJson || progress.done !== progress.total) return;
      if (progress.generator !== lastGenerator) {
        lastGenerator = progress.generator;
        log(
          `  ${out.green('✓')} ${progress.generator.padEnd(24)} ${progress.total} files ${out.dim(`(${progress.generatorIndex + 1}/${progress.generatorCount})`)}`,
        );
      }
    },
  });
  if (staged.generation.failures.length > 0) {
    for (const failure of staged.generation.failures)
      out.error(`generator ${failure.generator} failed on ${failure.path}: ${failure.error}`);
    return 2;
  }
  const accepted = defaultAccepted(staged.changeSet, options.isForce);
  if (!isJson) printChanges(out, staged.changeSet, accepted);

  if (options.isDryRun) {
    const files = filesFromMap(
      new Map(staged.changeSet.changes.map((change) => [change.path, change.contents])),
    );
    const blueprint = data.catalogue.blueprints[0];
    const report = blueprint
      ? await validateFiles({
          catalogue: data.catalogue,
          blueprint,
          answers,
          chain: includedSkills(state),
          model,
          files,
          goal: inputs.goal,
        })
      : undefined;
    if (isJson)
      out.line(
        JSON.stringify(planJson({ state, answers, staged, accepted, outDir, report }), null, 2),
      );
    else {
      if (report) printValidation(out, report);
      log(out.dim('Dry run: nothing was written.'));
    }
    return 0;
  }

  const result = await writeProject({
    staged,
    accepted,
    answersYaml: answersYamlFor(state, data.toolVersion),
    toolVersion: data.toolVersion,
  });
  log(`${out.bold('Wrote')} ${result.written.length} files to ${outDir}`);
  const report = await validateProject(outDir, data);
  if (isJson) {
    out.line(
      JSON.stringify(
        { outDir, written: result.written, validation: report },
        (key, value: unknown) => (key === 'model' ? undefined : value),
        2,
      ),
    );
  } else {
    printValidation(out, report);
    out.line();
    printSummary(
      out,
      summarizeProject(
        model,
        staged.changeSet.changes.map((change) => change.path),
      ),
      outDir,
    );
  }
  return report.passes ? 0 : 1;
}
