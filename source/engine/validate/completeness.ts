import picomatch from 'picomatch';
import { evaluateCondition } from '../answers/condition.js';
import type { AnswerMap } from '../answers/types.js';
import type { Blueprint, Catalogue, Deliverable, Maturity, OutputSpec } from '../skills/types.js';
import type { ProjectFiles } from './domain/types.js';

export type DeliverableStatus = 'fulfilled' | 'missing' | 'incomplete' | 'skipped';

export interface CheckFailure {
  description: string;
  pattern: string;
  /** Files that should contain the pattern and do not (for `match: all`), or were searched (`any`). */
  files: string[];
}

export interface DeliverableResult {
  id: string;
  name: string;
  skill: string;
  status: DeliverableStatus;
  /** Why it was skipped, or a one-line summary otherwise. */
  reason: string;
  files: string[];
  missingFiles: string[];
  failedChecks: CheckFailure[];
}

export interface OutputResult {
  skill: string;
  path: string;
  description: string;
  status: 'present' | 'missing' | 'incomplete';
  failedPatterns: string[];
}

export interface CompletenessContext {
  catalogue: Catalogue;
  blueprint: Blueprint;
  answers: AnswerMap;
  chain: readonly string[];
  maturity: Maturity;
  files: ProjectFiles;
}

const isGlob = (path: string) => /[*?[\]{}]/.test(path);

/** The files a path or glob names among the project's files. */
export function matchFiles(files: ProjectFiles, path: string): string[] {
  if (path.endsWith('/')) return files.paths().filter((file) => file.startsWith(path));
  if (!isGlob(path)) return files.paths().includes(path) ? [path] : [];
  const matcher = picomatch(path, { dot: true });
  return files.paths().filter((file) => matcher(file));
}

const nonEmpty = (files: ProjectFiles, path: string) => (files.read(path) ?? '').trim() !== '';

function regex(pattern: string): RegExp {
  return new RegExp(pattern, 'im');
}

/** Layer 2: every deliverable of the blueprint, by maturity, with its status (DESIGN §6). */
export function evaluateDeliverables(context: CompletenessContext): DeliverableResult[] {
  const conditionContext = {
    value: (key: string) => context.answers.get(key)?.value,
    chain: new Set(context.chain),
  };
  return context.blueprint.deliverables.map((deliverable) =>
    evaluateDeliverable(deliverable, context, (condition) =>
      evaluateCondition(condition, conditionContext),
    ),
  );
}

function evaluateDeliverable(
  deliverable: Deliverable,
  context: CompletenessContext,
  holds: (condition: NonNullable<Deliverable['when']>) => boolean,
): DeliverableResult {
  const base = {
    id: deliverable.id,
    name: deliverable.name,
    skill: deliverable.skill,
    files: [] as string[],
    missingFiles: [] as string[],
    failedChecks: [] as CheckFailure[],
  };
  if (deliverable.skill !== 'chain' && !context.chain.includes(deliverable.skill)) {
    return { ...base, status: 'skipped', reason: `${deliverable.skill} is not in the chain` };
  }
  if (!deliverable.maturityRequired.includes(context.maturity)) {
    return {
      ...base,
      status: 'skipped',
      reason: `not required at ${context.maturity} (required at ${deliverable.maturityRequired.join(', ')})`,
    };
  }
  if (deliverable.when && !holds(deliverable.when)) {
    return { ...base, status: 'skipped', reason: 'does not apply to these answers' };
  }
  const files: string[] = [];
  const missingFiles: string[] = [];
  for (const file of deliverable.files) {
    if (file.when && !holds(file.when)) continue;
    const matched = matchFiles(context.files, file.path).filter((path) =>
      nonEmpty(context.files, path),
    );
    if (matched.length === 0) missingFiles.push(file.path);
    files.push(...matched);
  }
  const failedChecks: CheckFailure[] = [];
  for (const check of deliverable.checks) {
    if (check.when && !holds(check.when)) continue;
    const targets = matchFiles(context.files, check.in);
    if (targets.length === 0) {
      // A check on a file already reported missing says nothing new.
      if (missingFiles.length === 0)
        failedChecks.push({
          description: check.description,
          pattern: check.pattern,
          files: [check.in],
        });
      continue;
    }
    const pattern = regex(check.pattern);
    const failing = targets.filter((path) => !pattern.test(context.files.read(path) ?? ''));
    const failed = check.match === 'any' ? failing.length === targets.length : failing.length > 0;
    if (failed)
      failedChecks.push({
        description: check.description,
        pattern: check.pattern,
        files: check.match === 'any' ? targets : failing,
      });
  }
  const uniqueFiles = [...new Set(files)];
  if (missingFiles.length > 0) {
    return {
      ...base,
      files: uniqueFiles,
      missingFiles,
      failedChecks,
      status: 'missing',
      reason: `missing ${missingFiles.join(', ')}`,
    };
  }
  if (failedChecks.length > 0) {
    return {
      ...base,
      files: uniqueFiles,
      failedChecks,
      status: 'incomplete',
      reason: `${failedChecks.length} check${failedChecks.length > 1 ? 's' : ''} failed`,
    };
  }
  return {
    ...base,
    files: uniqueFiles,
    status: 'fulfilled',
    reason: `${uniqueFiles.length} file${uniqueFiles.length === 1 ? '' : 's'}, every check passes`,
  };
}

/** Layer 1: each chain skill's `outputs.yaml` (base, and conditional by answer). */
export function evaluateOutputs(context: Omit<CompletenessContext, 'blueprint'>): OutputResult[] {
  const results: OutputResult[] = [];
  for (const skill of context.catalogue.skills) {
    if (!context.chain.includes(skill.name)) continue;
    const specs: OutputSpec[] = [...skill.outputs.base];
    for (const conditional of skill.outputs.conditional) {
      const value = context.answers.get(conditional.dimension)?.value;
      const values = Array.isArray(value) ? value : [value];
      if (values.some((item) => String(item) === conditional.value))
        specs.push(...conditional.outputs);
    }
    for (const spec of specs) {
      const matched = matchFiles(context.files, spec.path).filter((path) =>
        nonEmpty(context.files, path),
      );
      if (matched.length === 0) {
        results.push({
          skill: skill.name,
          path: spec.path,
          description: spec.description,
          status: 'missing',
          failedPatterns: [],
        });
        continue;
      }
      const failedPatterns = spec.mustContain.filter(
        (pattern) => !matched.some((path) => regex(pattern).test(context.files.read(path) ?? '')),
      );
      results.push({
        skill: skill.name,
        path: spec.path,
        description: spec.description,
        status: failedPatterns.length > 0 ? 'incomplete' : 'present',
        failedPatterns,
      });
    }
  }
  return results;
}

export interface Completeness {
  fulfilled: number;
  required: number;
  /** 0–100, rounded down to a whole percent. */
  percent: number;
  threshold: number;
  passes: boolean;
}

export function completenessOf(
  results: readonly DeliverableResult[],
  threshold: number,
): Completeness {
  const required = results.filter((result) => result.status !== 'skipped').length;
  const fulfilled = results.filter((result) => result.status === 'fulfilled').length;
  const ratio = required === 0 ? 1 : fulfilled / required;
  return {
    fulfilled,
    required,
    percent: Math.floor(ratio * 100),
    threshold: Math.round(threshold * 100),
    passes: ratio >= threshold,
  };
}
