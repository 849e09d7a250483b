import type { AnswerScalar, AnswerValue, Condition, Matcher } from '../skills/types.js';

export interface ConditionContext {
  value(key: string): AnswerValue | undefined;
  chain: ReadonlySet<string>;
}

/**
 * Evaluates a condition (the language documented in skills/rules.yaml). An answer that does not
 * exist (its skill failed to load) satisfies no matcher, so a rule about it never fires.
 */
export function evaluateCondition(condition: Condition, context: ConditionContext): boolean {
  for (const [key, operand] of Object.entries(condition)) {
    if (operand === undefined) continue;
    if (key === 'all') {
      if (!(operand as Condition[]).every((item) => evaluateCondition(item, context))) return false;
    } else if (key === 'any') {
      if (!(operand as Condition[]).some((item) => evaluateCondition(item, context))) return false;
    } else if (key === 'not') {
      if (evaluateCondition(operand as Condition, context)) return false;
    } else if (key === '$chain') {
      const matcher = operand as { includes?: string; excludes?: string };
      if (matcher.includes !== undefined && !context.chain.has(matcher.includes)) return false;
      if (matcher.excludes !== undefined && context.chain.has(matcher.excludes)) return false;
    } else if (!matches(context.value(key), operand as Matcher)) {
      return false;
    }
  }
  return true;
}

function matches(value: AnswerValue | undefined, matcher: Matcher): boolean {
  if (value === undefined) return false;
  const values: AnswerScalar[] = Array.isArray(value) ? value : [value];
  const has = (candidate: AnswerScalar) => values.some((item) => item === candidate);
  if (Array.isArray(matcher)) return matcher.some(has);
  if (typeof matcher !== 'object') return has(matcher);
  if (matcher.in !== undefined && !matcher.in.some(has)) return false;
  if (matcher.not_in?.some(has)) return false;
  if (matcher.includes !== undefined && !has(matcher.includes)) return false;
  if (matcher.excludes !== undefined && has(matcher.excludes)) return false;
  return true;
}
