import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GenerateOptions } from '../cli/args.js';
import { readAnswersFile } from '../engine/answers/answers-file.js';
import { answersFromFlags } from '../engine/answers/flags.js';
import type { ExplicitAnswer } from '../engine/answers/types.js';
import { readJournal } from '../engine/commit/journal.js';
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
import { InputError } from './input-error.js';
import { plural, type Output } from './output.js';
import { planJson } from './plan-json.js';

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (info) => info.isFile(),
    () => false,
  );
}

export { InputError };

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
): Promise<{
  goal: string;
  skills?: string[];
  explicit: Map<string, ExplicitAnswer>;
  /** The stored answers file of the target folder, when its answers were taken. */
  storedAnswers?: string;
}> {
  const explicit = new Map<string, ExplicitAnswer>();
  let goal = request.goal;
  let skills = request.options.skills;
  const answersPath = request.updateDir
    ? resolve(request.updateDir, ANSWERS_FILE)
    : request.options.answersFile;
  if (request.updateDir && !(await isFile(answersPath ?? ''))) {
    throw new InputError(
      `${resolve(request.updateDir)} is not a project skillchain made (no ${ANSWERS_FILE}): generate one with skillchain "GOAL" --out ${request.updateDir}`,
    );
  }
  if (answersPath) {
    const file = await readAnswersFile(answersPath, data.catalogue);
    for (const [key, answer] of file.answers) explicit.set(key, answer);
    goal ??= file.goal;
    skills ??= file.chain;
  }
  // A goal run again on a project skillchain made: the answers of the last run are the starting
  // point (as Copier does), so taking the defaults does not quietly revert earlier choices. The
  // goal and chain still come from this run.
  let storedAnswers: string | undefined;
  if (!answersPath && request.options.out !== undefined) {
    const stored = resolve(request.options.out, ANSWERS_FILE);
    if (await isFile(stored)) {
      const file = await readAnswersFile(stored, data.catalogue, 'stored');
      for (const [key, answer] of file.answers) explicit.set(key, answer);
      storedAnswers = stored;
    }
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
  return {
    goal: goal ?? '',
    ...(skills ? { skills } : {}),
    explicit,
    ...(storedAnswers ? { storedAnswers } : {}),
  };
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
  // After matching: a goal that matches nothing is the more useful thing to hear first.
  if (!options.isYes && !options.isDryRun && !options.answersFile && !request.updateDir) {
    throw new InputError(
      request.isInteractiveTerminal
        ? 'nothing to do: pass --yes to take the defaults, --answers FILE, or --dry-run'
        : 'no terminal to ask questions in: pass --yes (take the defaults), --answers FILE, or --dry-run',
    );
  }

  warnAboutAnswersOutsideTheChain(out, inputs.explicit, includedSkills(state));
  log(`${out.bold('skillchain')} ${data.toolVersion} · goal: ${inputs.goal || '(none)'}`);
  if (inputs.storedAnswers)
    log(
      out.dim(
        `The target already holds a project: the answers of its last run are used (${inputs.storedAnswers}); --set changes one.`,
      ),
    );
  if (!isJson) printChain(out, state, selectEstimate(state));

  state = workflowReducer(state, { type: 'skip' });
  if (state.phase === 'review') {
    if (options.isStrict) {
      const messageOf = (finding: (typeof state.findings)[number]) =>
        finding.kind === 'conflict' ? finding.rule.message : finding.message;
      // A CI job that asked for JSON gets JSON, with the conflicts that stopped the run.
      if (isJson)
        out.line(
          JSON.stringify(
            {
              status: 'unresolved-conflicts',
              conflicts: state.findings.map((finding) => ({
                id: finding.id,
                kind: finding.kind,
                message: messageOf(finding),
              })),
            },
            null,
            2,
          ),
        );
      for (const finding of state.findings) out.error(`conflict: ${messageOf(finding)}`);
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
  const existing = await stat(outDir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new InputError(
      `--out ${outDir} is a file, not a folder: pick a folder (new or existing)`,
    );
  if (existing && (await readJournal(outDir)))
    throw new InputError(
      `an earlier write to ${outDir} was interrupted: run \`skillchain recover ${outDir}\` first`,
    );
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
    // What would be on disk after the write: the accepted contents, and the user's own version
    // of everything kept as is (a conflict left unaccepted is not written with its markers).
    const files = filesFromMap(
      new Map(
        staged.changeSet.changes.flatMap((change): [string, string][] => {
          if (change.status === 'obsolete' && accepted.has(change.path)) return [];
          const text = accepted.has(change.path) ? change.contents : change.current;
          return text === undefined ? [] : [[change.path, text]];
        }),
      ),
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
    return report && !report.passes ? 1 : 0;
  }

  const result = await writeProject({
    staged,
    accepted,
    answersYaml: answersYamlFor(state, data.toolVersion),
    toolVersion: data.toolVersion,
  });
  log(
    `${out.bold('Wrote')} ${plural(result.written.length, 'file')} to ${outDir}${result.removed.length > 0 ? ` and removed ${plural(result.removed.length, 'obsolete file')}` : ''}`,
  );
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

/**
 * An answer for a skill the chain does not include has no effect; saying nothing would let a
 * user believe `--set secret-management.store=vault` did something.
 */
function warnAboutAnswersOutsideTheChain(
  out: Output,
  explicit: ReadonlyMap<string, ExplicitAnswer>,
  chain: readonly string[],
): void {
  const bySkill = new Map<string, string[]>();
  for (const [key, answer] of explicit) {
    const skill = key.slice(0, key.indexOf('.'));
    if (skill === 'project' || chain.includes(skill) || answer.provenance === 'stored') continue;
    const source = answer.provenance === 'flag' ? `--set ${key}` : key;
    bySkill.set(skill, [...(bySkill.get(skill) ?? []), source]);
  }
  for (const [skill, keys] of bySkill)
    out.error(
      out.yellow(
        `warning: ${keys.join(', ')} ignored: ${skill} is not in the chain (add it with --skills ${[...chain, skill].join(',')})`,
      ),
    );
}
