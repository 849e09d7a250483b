import { evaluateCondition, type ConditionContext } from './condition.js';
import { deriveFromGoal } from './goal-derivers.js';
import { valueProblem } from '../skills/value-problem.js';
import type { GoalIndex } from '../goal/goal-index.js';
import type { AnswerKey, AnswerValue, Catalogue, Question, Section } from '../skills/types.js';
import type { AnswerMap, ExplicitAnswer, ResolvedAnswer } from './types.js';

export interface ResolveInput {
  catalogue: Catalogue;
  goal: GoalIndex;
  /** Skill names in the chain. Questions of other skills still resolve (to their defaults). */
  chain: readonly string[];
  explicit: ReadonlyMap<AnswerKey, ExplicitAnswer>;
}

/** Chain-level questions first, then every skill in catalogue order. */
export function sectionsInOrder(catalogue: Catalogue): Section[] {
  return [catalogue.project, ...catalogue.skills];
}

/**
 * Every answer of every question, explicit or computed, in asking order. Defaults are computed
 * here, never stored, so they follow the goal and earlier answers until someone sets them:
 * change the cloud and the secret store's default follows.
 */
export function resolveAnswers(input: ResolveInput): AnswerMap {
  const answers = new Map<AnswerKey, ResolvedAnswer>();
  const chain = new Set(input.chain);
  const context: ConditionContext = { value: (key) => answers.get(key)?.value, chain };
  const shadows = shadowingPhrases(input.catalogue);
  for (const section of sectionsInOrder(input.catalogue)) {
    const sectionActive = section.id === 'project' || chain.has(section.id);
    for (const question of section.questions) {
      const isApplicable =
        sectionActive && (!question.when || evaluateCondition(question.when, context));
      const explicit = input.explicit.get(question.key);
      const resolved: ResolvedAnswer = explicit
        ? {
            key: question.key,
            value: explicit.value,
            provenance: explicit.provenance,
            isApplicable,
            ...(explicit.reason ? { reason: explicit.reason } : {}),
          }
        : {
            ...computeDefault(question, input.goal, context, shadows),
            key: question.key,
            isApplicable,
          };
      answers.set(question.key, resolved);
    }
  }
  return answers;
}

type ComputedDefault = Pick<ResolvedAnswer, 'value' | 'provenance' | 'reason'>;

/**
 * The default of one question, by precedence: a technology named in the goal (option keywords),
 * then smart defaults (goal phrases or earlier answers), then `default_from` another answer, then
 * a value derived from the goal text, then the static default.
 */
export function computeDefault(
  question: Question,
  goal: GoalIndex,
  context: ConditionContext,
  shadows: readonly string[],
): ComputedDefault {
  const fromOptions = optionKeywordDefault(question, goal, shadows);
  if (fromOptions) return fromOptions;

  const listValues: string[] = [];
  const listReasons: string[] = [];
  for (const smart of question.smartDefaults) {
    const evidence = smartDefaultEvidence(smart, goal, shadows);
    if (evidence === false) continue;
    if (smart.when && !evaluateCondition(smart.when, context)) continue;
    const reason = evidence ? `from '${evidence}' in your goal: ${smart.reason}` : smart.reason;
    if (question.type === 'list' && Array.isArray(smart.value)) {
      // Several domains in one goal ("orders and clickstream"): take the union.
      for (const item of smart.value) if (!listValues.includes(item)) listValues.push(item);
      listReasons.push(reason);
      continue;
    }
    return { value: smart.value, provenance: evidence ? 'goal' : 'default', reason };
  }
  if (listValues.length > 0)
    return { value: listValues, provenance: 'goal', reason: listReasons.join('; ') };

  if (question.defaultFrom) {
    const source = context.value(question.defaultFrom.answer);
    if (source !== undefined) {
      const mapped = question.defaultFrom.map
        ? question.defaultFrom.map[String(source)]
        : valueProblem(question, source) === undefined
          ? source
          : undefined;
      if (mapped !== undefined) {
        const reason = question.defaultFrom.reason
          .replaceAll('{value}', String(mapped))
          .replaceAll('{answer}', String(source))
          .replaceAll('{key}', question.defaultFrom.answer);
        return { value: mapped, provenance: 'default', reason };
      }
    }
  }
  if (question.defaultFromGoal) {
    const derived = deriveFromGoal(question.defaultFromGoal, goal);
    if (derived)
      return {
        value: derived.value,
        provenance: derived.fromGoal ? 'goal' : 'default',
        reason: derived.reason,
      };
  }
  return { value: question.default ?? emptyValue(question), provenance: 'default' };
}

function emptyValue(question: Question): AnswerValue {
  switch (question.type) {
    case 'multiselect':
    case 'list':
      return [];
    case 'confirm':
      return false;
    case 'number':
      return 0;
    default:
      return '';
  }
}

function optionKeywordDefault(
  question: Question,
  goal: GoalIndex,
  shadows: readonly string[],
): ComputedDefault | undefined {
  if (question.type !== 'select' && question.type !== 'multiselect') return undefined;
  const found: { value: string; position: number; text: string; isSource: boolean }[] = [];
  for (const option of question.options) {
    if (option.goalUnless.some((phrase) => goal.has(phrase))) continue;
    for (const keyword of option.goalKeywords) {
      const [hit] = goal.hits(keyword, shadows);
      if (hit) {
        found.push({
          value: option.value,
          position: hit.span.start,
          text: hit.text,
          isSource: goal.isSource(hit.span),
        });
        break;
      }
    }
  }
  if (found.length === 0) return undefined;
  // The first one named wins, but a destination beats a source: in "cdc from postgres into
  // bigquery" the warehouse is BigQuery.
  found.sort((a, b) => Number(a.isSource) - Number(b.isSource) || a.position - b.position);
  const [first] = found;
  if (!first) return undefined;
  if (question.type === 'multiselect') {
    const base = Array.isArray(question.default) ? question.default : [];
    const value = [...new Set([...base, ...found.map((item) => item.value)])];
    return {
      value,
      provenance: 'goal',
      reason: `from '${found.map((item) => item.text).join("', '")}' in your goal`,
    };
  }
  const sources = found.filter((item) => item.isSource && item.value !== first.value);
  const aside =
    !first.isSource && sources.length > 0
      ? ` ('${sources.map((item) => item.text).join("', '")}' is named as the source)`
      : '';
  return {
    value: first.value,
    provenance: 'goal',
    reason: `from '${first.text}' in your goal${aside}`,
  };
}

/** false when the smart default's goal phrases are absent; the matched text, or '' without phrases. */
function smartDefaultEvidence(
  smart: Question['smartDefaults'][number],
  goal: GoalIndex,
  shadows: readonly string[],
): string | false {
  if (smart.anyOf.length === 0 && smart.allOf.length === 0) return '';
  const texts: string[] = [];
  if (smart.anyOf.length > 0) {
    const hit = firstHit(smart.anyOf, goal, shadows);
    if (!hit) return false;
    texts.push(hit);
  }
  for (const group of smart.allOf) {
    const hit = firstHit(group, goal, shadows);
    if (!hit) return false;
    texts.push(hit);
  }
  return texts.join("' and '");
}

function firstHit(
  phrases: readonly string[],
  goal: GoalIndex,
  shadows: readonly string[],
): string | undefined {
  let best: { position: number; text: string } | undefined;
  for (const phrase of phrases) {
    const [hit] = goal.hits(phrase, shadows);
    if (hit && (!best || hit.span.start < best.position))
      best = { position: hit.span.start, text: hit.text };
  }
  return best?.text;
}

const shadowCache = new WeakMap<Catalogue, string[]>();

/**
 * Every phrase the catalogue knows. A goal word inside a longer known phrase belongs to that
 * phrase: "snowflake" inside "snowflake schema" does not pick the Snowflake warehouse.
 */
export function shadowingPhrases(catalogue: Catalogue): string[] {
  let phrases = shadowCache.get(catalogue);
  if (phrases) return phrases;
  const set = new Set<string>();
  for (const section of sectionsInOrder(catalogue)) {
    if ('keywords' in section) {
      const skill = section as Catalogue['skills'][number];
      for (const phrase of [...skill.keywords.primary, ...skill.keywords.secondary])
        set.add(phrase);
    }
    for (const question of section.questions) {
      for (const option of question.options)
        for (const phrase of option.goalKeywords) set.add(phrase);
      for (const smart of question.smartDefaults) {
        for (const phrase of [...smart.anyOf, ...smart.allOf.flat()]) set.add(phrase);
      }
    }
  }
  phrases = [...set].filter((phrase) => phrase.includes(' ') || phrase.includes('-'));
  shadowCache.set(catalogue, phrases);
  return phrases;
}

export type { ConditionContext };
export { evaluateCondition };
