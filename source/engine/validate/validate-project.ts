import { access } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { AnswersFileError, readAnswersFile } from '../answers/answers-file.js';
import { resolveAnswers } from '../answers/resolve.js';
import type { AnswerMap } from '../answers/types.js';
import { GoalIndex } from '../goal/goal-index.js';
import { ANSWERS_FILE, readManifest } from '../manifest/manifest.js';
import { buildModel } from '../model/build-model.js';
import type { ProjectModel } from '../model/types.js';
import type { EngineData } from '../session.js';
import type { Blueprint, Catalogue, Maturity } from '../skills/types.js';
import { maturityOf } from '../workflow/state.js';
import {
  completenessOf,
  evaluateDeliverables,
  evaluateOutputs,
  matchFiles,
  type Completeness,
  type DeliverableResult,
  type OutputResult,
} from './completeness.js';
import type { DomainCheck, DomainCheckResult, ProjectFiles } from './domain/types.js';
import { diskProjectFiles } from './project-files.js';

export interface SkillNode {
  skill: string;
  title: string;
  deliverables: DeliverableResult[];
  outputs: OutputResult[];
  checks: DomainCheckResult[];
}

export interface ValidationReport {
  goal: string;
  chain: string[];
  maturity: Maturity;
  blueprint: string;
  completeness: Completeness;
  deliverables: DeliverableResult[];
  outputs: OutputResult[];
  checks: DomainCheckResult[];
  /** Completeness at or above the bar, every output present and every domain check passing. */
  passes: boolean;
  /** The validation tree: deliverables, outputs and checks grouped by skill (chain first). */
  tree: SkillNode[];
  /** Files an earlier run generated that are gone from disk (generate missing restores them). */
  deletedFiles?: { path: string; generator: string }[];
}

export class ValidationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValidationInputError';
  }
}

export interface ValidateFilesInput {
  catalogue: Catalogue;
  blueprint: Blueprint;
  answers: AnswerMap;
  chain: readonly string[];
  model: ProjectModel;
  files: ProjectFiles;
  goal: string;
  /** Run layer 3 (domain checks); on by default. */
  runDomainChecks?: boolean;
  checks?: readonly DomainCheck[];
}

/** All three layers over a set of files (on disk or staged in memory). */
export async function validateFiles(input: ValidateFilesInput): Promise<ValidationReport> {
  const maturity = maturityOf(input.answers.get('project.maturity')?.value);
  const context = {
    catalogue: input.catalogue,
    blueprint: input.blueprint,
    answers: input.answers,
    chain: input.chain,
    maturity,
    files: input.files,
  };
  const deliverables = evaluateDeliverables(context);
  const outputs = evaluateOutputs(context);
  // The domain checks bring DuckDB, schema validators and parsers: loaded only when they run.
  const checks =
    input.runDomainChecks === false
      ? []
      : await runDomainChecks(
          input.checks ?? (await import('./domain/index.js')).DOMAIN_CHECKS,
          input.files,
          input.model,
        );
  const completeness = completenessOf(deliverables, input.blueprint.passThreshold);
  const passes =
    completeness.passes &&
    outputs.every((output) => output.status === 'present') &&
    checks.every((check) => check.status !== 'failed');
  return {
    goal: input.goal,
    chain: [...input.chain],
    maturity,
    blueprint: input.blueprint.name,
    completeness,
    deliverables,
    outputs,
    checks,
    passes,
    tree: treeOf(input.catalogue, input.chain, deliverables, outputs, checks),
  };
}

/** Runs each applicable check; a check that throws is reported as not run, never as passed. */
export async function runDomainChecks(
  checks: readonly DomainCheck[],
  files: ProjectFiles,
  model: ProjectModel,
): Promise<DomainCheckResult[]> {
  // Started together: the DuckDB builds run on DuckDB's own threads while the JavaScript checks
  // run, so the slowest check, not the sum, sets the time. Results keep the registry's order.
  const applicable = checks.filter((check) => check.appliesTo(model));
  return Promise.all(
    applicable.map(async (check): Promise<DomainCheckResult> => {
      const base = { id: check.id, title: check.title, skill: check.skill };
      try {
        // One line per problem: parsers quote code frames, which the tree and a CI log cannot show.
        const problems = (await check.run(files, model)).map((problem) => ({
          ...problem,
          message: firstLine(problem.message),
        }));
        return { ...base, status: problems.length === 0 ? 'passed' : 'failed', problems };
      } catch (error) {
        return {
          ...base,
          status: 'not-run',
          problems: [],
          reason: firstLine((error as Error).message),
        };
      }
    }),
  );
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}

function treeOf(
  catalogue: Catalogue,
  chain: readonly string[],
  deliverables: readonly DeliverableResult[],
  outputs: readonly OutputResult[],
  checks: readonly DomainCheckResult[],
): SkillNode[] {
  const nodes: SkillNode[] = [
    { skill: 'chain', title: 'Project', deliverables: [], outputs: [], checks: [] },
  ];
  for (const skill of catalogue.skills) {
    nodes.push({
      skill: skill.name,
      title: skill.title,
      deliverables: [],
      outputs: [],
      checks: [],
    });
  }
  const nodeFor = (skill: string) => nodes.find((node) => node.skill === skill) ?? nodes[0];
  for (const deliverable of deliverables)
    nodeFor(deliverable.skill)?.deliverables.push(deliverable);
  for (const output of outputs) nodeFor(output.skill)?.outputs.push(output);
  for (const check of checks) nodeFor(check.skill)?.checks.push(check);
  return nodes.filter((node) => node.skill === 'chain' || chain.includes(node.skill));
}

/** `skillchain validate DIR`: reads the stored answers, rebuilds the model, validates the files. */
export async function validateProject(
  dir: string,
  data: EngineData,
  options: { runDomainChecks?: boolean } = {},
): Promise<ValidationReport & { model: ProjectModel }> {
  const answersPath = join(dir, ANSWERS_FILE);
  let stored;
  try {
    stored = await readAnswersFile(answersPath, data.catalogue);
  } catch (error) {
    if (error instanceof AnswersFileError && error.readCode === 'ENOENT') {
      throw new ValidationInputError(
        `${dir} has no ${ANSWERS_FILE}: it was not generated by skillchain (run \`skillchain "<goal>" --out ${dir}\` first)`,
      );
    }
    throw error;
  }
  const blueprint =
    data.catalogue.blueprints.find((item) => item.name === 'data-pipeline') ??
    data.catalogue.blueprints[0];
  if (!blueprint)
    throw new ValidationInputError('no blueprint could be loaded from skills/blueprints/');
  const chain = (stored.chain ?? []).filter((skill) =>
    data.catalogue.skills.some((item) => item.name === skill),
  );
  const goal = stored.goal ?? '';
  const answers = resolveAnswers({
    catalogue: data.catalogue,
    goal: new GoalIndex(goal),
    chain,
    explicit: stored.answers,
  });
  const model = buildModel({
    answers,
    chain,
    goal,
    decisions: [],
    entityCatalogue: data.entities,
    toolVersion: data.toolVersion,
    sections: [data.catalogue.project, ...data.catalogue.skills],
  });
  const manifest = await readManifest(dir);
  const patterns = validationPatterns(data.catalogue, blueprint);
  const files = await diskProjectFiles(dir, Object.keys(manifest?.files ?? {}), patterns);
  await files.preload();
  const report = await validateFiles({
    catalogue: data.catalogue,
    blueprint,
    answers,
    chain,
    model,
    files,
    goal,
    ...options,
  });
  const deletedFiles = await deletedGeneratedFiles(dir, manifest);
  return { ...report, model, ...(deletedFiles.length > 0 ? { deletedFiles } : {}) };
}

async function deletedGeneratedFiles(
  dir: string,
  manifest: Awaited<ReturnType<typeof readManifest>>,
): Promise<{ path: string; generator: string }[]> {
  const entries = Object.entries(manifest?.files ?? {});
  const present = await Promise.all(
    entries.map(([path]) =>
      access(join(dir, path)).then(
        () => true,
        () => false,
      ),
    ),
  );
  return entries
    .filter((_, index) => present[index] === false)
    .map(([path, entry]) => ({ path, generator: entry.generator }));
}

/** Every path or glob the blueprint and the outputs name: what validation needs to list. */
export function validationPatterns(catalogue: Catalogue, blueprint: Blueprint): string[] {
  const patterns = new Set<string>();
  const add = (path: string) => patterns.add(path.endsWith('/') ? `${path}**` : path);
  for (const deliverable of blueprint.deliverables) {
    for (const file of deliverable.files) add(file.path);
    for (const check of deliverable.checks) add(check.in);
  }
  for (const skill of catalogue.skills) {
    for (const spec of [
      ...skill.outputs.base,
      ...skill.outputs.conditional.flatMap((item) => item.outputs),
    ])
      add(spec.path);
  }
  return [...patterns];
}

/**
 * What "generate missing" re-renders: the owning generators of the missing or incomplete
 * deliverables and outputs (or of the selected ones), restricted to the paths involved.
 */
export function missingWork(
  report: ValidationReport,
  selected?: ReadonlySet<string>,
): { generators: string[]; onlyPaths: (path: string) => boolean; patterns: string[] } {
  const generators = new Set<string>();
  const patterns: string[] = [];
  for (const deliverable of report.deliverables) {
    if (deliverable.status !== 'missing' && deliverable.status !== 'incomplete') continue;
    if (selected && selected.size > 0 && !selected.has(deliverable.id)) continue;
    generators.add(deliverable.skill === 'chain' ? 'project' : deliverable.skill);
    patterns.push(
      ...deliverable.missingFiles,
      ...deliverable.failedChecks.flatMap((check) => check.files),
    );
  }
  for (const output of report.outputs) {
    if (output.status === 'present') continue;
    if (selected && selected.size > 0 && !selected.has(`output:${output.skill}:${output.path}`))
      continue;
    generators.add(output.skill);
    patterns.push(output.path.endsWith('/') ? `${output.path}**` : output.path);
  }
  // Without a selection, generated files that were deleted come back too: a check that fails on
  // their absence (properties of a model with no .sql) points at them, not at a deliverable.
  if (!selected || selected.size === 0) {
    for (const file of report.deletedFiles ?? []) {
      generators.add(file.generator);
      patterns.push(file.path);
    }
  }
  const matchers = patterns.map((pattern) => picomatch(pattern, { dot: true }));
  return {
    generators: [...generators],
    patterns,
    onlyPaths: (path) => matchers.some((matcher) => matcher(path)),
  };
}

export { matchFiles };
