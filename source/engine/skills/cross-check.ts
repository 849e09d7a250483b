import { isCombinator } from './normalize.js';
import { errorAt, type PathSegment, type YamlSource } from './yaml-source.js';
import type { AnswerValue, LoadError, Question, SectionId } from './types.js';
import { valueProblem } from './value-problem.js';

export { valueProblem };

/**
 * Checks that everything one file says about another holds: answer keys exist (and, for
 * questions, come earlier in the chain so defaults resolve in one pass), values are among the
 * options, skills named exist.
 */
export interface KnownQuestions {
  /** Every loaded question by qualified key, with its position in asking order. */
  byKey: Map<string, { question: Question; position: number }>;
  skills: Set<string>;
  /** Sections that exist but failed to load: references to them are not errors here. */
  unavailableSections: Set<string>;
}

export interface ReferenceContext {
  source: YamlSource;
  section: SectionId;
  known: KnownQuestions;
  /** When set, referenced questions must come before this position. */
  before?: number;
}

export function resolveKey(key: string, section: SectionId): string {
  return key.includes('.') ? key : `${section}.${key}`;
}

export function checkAnswerReference(
  context: ReferenceContext,
  path: readonly PathSegment[],
  rawKey: string,
  keyLocation?: string,
): { errors: LoadError[]; question?: Question } {
  const key = resolveKey(rawKey, context.section);
  const entry = context.known.byKey.get(key);
  const [sectionName] = key.split('.');
  if (!entry) {
    if (sectionName && context.known.unavailableSections.has(sectionName)) return { errors: [] };
    return {
      errors: [errorAt(context.source, path, `unknown answer "${key}"`, keyLocation)],
    };
  }
  if (context.before !== undefined && entry.position >= context.before) {
    return {
      errors: [
        errorAt(
          context.source,
          path,
          `"${key}" is asked later; a question can only depend on earlier answers`,
          keyLocation,
        ),
      ],
      question: entry.question,
    };
  }
  return { errors: [], question: entry.question };
}

export function checkValueFits(
  context: ReferenceContext,
  path: readonly PathSegment[],
  question: Question,
  value: unknown,
): LoadError[] {
  const problem = valueProblem(question, value);
  return problem ? [errorAt(context.source, path, problem)] : [];
}

/** Structural and reference checks of a condition, reporting at the right line. */
export function checkCondition(
  context: ReferenceContext,
  path: readonly PathSegment[],
  condition: unknown,
): LoadError[] {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    return [errorAt(context.source, path, 'a condition is a mapping of answers to values')];
  }
  const errors: LoadError[] = [];
  for (const [key, value] of Object.entries(condition as Record<string, unknown>)) {
    if (isCombinator(key)) {
      if (key === 'not') errors.push(...checkCondition(context, [...path, key], value));
      else if (!Array.isArray(value)) {
        errors.push(errorAt(context.source, [...path, key], `"${key}" takes a list of conditions`));
      } else {
        value.forEach((item, index) => {
          errors.push(...checkCondition(context, [...path, key, index], item));
        });
      }
      continue;
    }
    if (key === '$chain') {
      errors.push(...checkChainMatcher(context, [...path, key], value));
      continue;
    }
    const reference = checkAnswerReference(context, path, key, key);
    errors.push(...reference.errors);
    if (reference.question) {
      errors.push(...checkMatcher(context, [...path, key], reference.question, value));
    }
  }
  return errors;
}

function checkChainMatcher(
  context: ReferenceContext,
  path: readonly PathSegment[],
  value: unknown,
): LoadError[] {
  const matcher = value as Record<string, unknown> | null;
  const skill = matcher?.includes ?? matcher?.excludes;
  if (typeof skill !== 'string' || Object.keys(matcher ?? {}).length !== 1) {
    return [
      errorAt(context.source, path, '$chain takes { includes: skill } or { excludes: skill }'),
    ];
  }
  if (!context.known.skills.has(skill) && !context.known.unavailableSections.has(skill)) {
    return [errorAt(context.source, path, `unknown skill "${skill}"`)];
  }
  return [];
}

function checkMatcher(
  context: ReferenceContext,
  path: readonly PathSegment[],
  question: Question,
  matcher: unknown,
): LoadError[] {
  const values: unknown[] = [];
  if (Array.isArray(matcher)) values.push(...(matcher as unknown[]));
  else if (typeof matcher === 'object' && matcher !== null) {
    const allowed = new Set(['in', 'not_in', 'includes', 'excludes']);
    for (const [operator, operand] of Object.entries(matcher as Record<string, unknown>)) {
      if (!allowed.has(operator)) {
        return [
          errorAt(
            context.source,
            path,
            `unknown operator "${operator}" (use in, not_in, includes, excludes)`,
            operator,
          ),
        ];
      }
      if (Array.isArray(operand)) values.push(...(operand as unknown[]));
      else values.push(operand);
    }
  } else values.push(matcher);

  if (
    question.type !== 'select' &&
    question.type !== 'multiselect' &&
    question.type !== 'confirm'
  ) {
    return [];
  }
  const errors: LoadError[] = [];
  for (const value of values) {
    const probe: AnswerValue =
      question.type === 'multiselect' ? [String(value)] : (value as string);
    const problem = valueProblem(question, probe);
    if (problem) errors.push(errorAt(context.source, path, problem));
  }
  return errors;
}
