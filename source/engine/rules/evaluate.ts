import { evaluateCondition } from '../answers/condition.js';
import type { AnswerMap, ExplicitAnswer } from '../answers/types.js';
import type {
  AnswerKey,
  AnswerValue,
  Catalogue,
  ConflictRule,
  Resolution,
} from '../skills/types.js';

export interface ConflictFinding {
  kind: 'conflict';
  id: string;
  rule: ConflictRule;
  /** The answers the rule looked at, for display ("broker = kinesis"). */
  involved: { key: AnswerKey; value: AnswerValue }[];
}

export interface DependencyFinding {
  kind: 'dependency';
  id: string;
  skill: string;
  requires: string;
  message: string;
  /** The dependency's answers the generators will use as defaults. */
  borrows: { key: AnswerKey; value: AnswerValue }[];
  resolutions: Resolution[];
}

export type Finding = ConflictFinding | DependencyFinding;

/** The two ways out of a skipped dependency (DESIGN §4: continue / go back). */
export function dependencyResolutions(requires: string): Resolution[] {
  return [
    {
      id: 'continue',
      label: `Continue without ${requires} (its defaults are used for the integration)`,
      set: {},
      setFrom: {},
      keep: true,
      note: `${requires} was not in the chain; its default answers were used.`,
    },
    {
      id: 'back',
      label: `Go back and add ${requires} to the chain`,
      set: {},
      setFrom: {},
      back: requires,
      keep: false,
    },
  ];
}

/**
 * Conflicts whose condition holds on the current answers, and dependencies of chain skills that
 * are not in the chain. Findings the user already settled (`settled` ids) are not raised again.
 */
export function evaluateRules(
  catalogue: Catalogue,
  answers: AnswerMap,
  chain: readonly string[],
  settled: ReadonlySet<string> = new Set(),
): Finding[] {
  const chainSet = new Set(chain);
  const context = { value: (key: string) => answers.get(key)?.value, chain: chainSet };
  const findings: Finding[] = [];
  for (const rule of catalogue.rules.conflicts) {
    if (settled.has(rule.id) || !evaluateCondition(rule.when, context)) continue;
    findings.push({
      kind: 'conflict',
      id: rule.id,
      rule: { ...rule, message: interpolateAnswers(rule.message, answers) },
      involved: involvedAnswers(rule, answers),
    });
  }
  for (const skill of catalogue.skills) {
    if (!chainSet.has(skill.name)) continue;
    for (const requires of skill.dependencies) {
      const id = `dependency:${skill.name}:${requires}`;
      if (chainSet.has(requires) || settled.has(id)) continue;
      const rule = catalogue.rules.dependencies.find(
        (item) => item.skill === skill.name && item.requires === requires,
      );
      const requiredSkill = catalogue.skills.find((item) => item.name === requires);
      const borrowKeys = rule?.borrows.length
        ? rule.borrows
        : (requiredSkill?.questions.map((question) => question.key) ?? []);
      findings.push({
        kind: 'dependency',
        id,
        skill: skill.name,
        requires,
        message: rule?.message ?? `${skill.name} builds on ${requires}`,
        borrows: borrowKeys.flatMap((key) => {
          const answer = answers.get(key);
          return answer ? [{ key, value: answer.value }] : [];
        }),
        resolutions: dependencyResolutions(requires),
      });
    }
  }
  return findings;
}

function involvedAnswers(
  rule: ConflictRule,
  answers: AnswerMap,
): { key: AnswerKey; value: AnswerValue }[] {
  const keys = new Set<string>();
  const walk = (condition: unknown) => {
    if (typeof condition !== 'object' || condition === null) return;
    for (const [key, value] of Object.entries(condition)) {
      if (key === 'all' || key === 'any') (value as unknown[]).forEach(walk);
      else if (key === 'not') walk(value);
      else if (!key.startsWith('$')) keys.add(key);
    }
  };
  walk(rule.when);
  return [...keys].flatMap((key) => {
    const answer = answers.get(key);
    return answer ? [{ key, value: answer.value }] : [];
  });
}

export function resolutionsOf(finding: Finding): Resolution[] {
  return finding.kind === 'conflict' ? finding.rule.resolutions : finding.resolutions;
}

/** The answer changes a resolution makes, as explicit answers with provenance `resolution`. */
export function resolutionAnswers(
  finding: Finding,
  resolution: Resolution,
  answers: AnswerMap,
): Map<AnswerKey, ExplicitAnswer> {
  const changes = new Map<AnswerKey, ExplicitAnswer>();
  const reason = `resolves "${finding.kind === 'conflict' ? finding.rule.message : finding.message}": ${resolution.label}`;
  for (const [key, value] of Object.entries(resolution.set)) {
    changes.set(key, { value, provenance: 'resolution', reason });
  }
  for (const [key, from] of Object.entries(resolution.setFrom)) {
    const source = answers.get(from.answer)?.value;
    const value = source === undefined ? undefined : from.map[String(source)];
    if (value !== undefined) changes.set(key, { value, provenance: 'resolution', reason });
  }
  return changes;
}

/** `{project.cloud}` in a rule's message becomes the answer ("… but the cloud is gcp"). */
export function interpolateAnswers(text: string, answers: AnswerMap): string {
  return text.replace(/\{([a-z][a-z0-9-]*\.[a-z][a-z0-9_]*)\}/g, (placeholder, key: string) => {
    const value = answers.get(key)?.value;
    if (value === undefined) return placeholder;
    return Array.isArray(value) ? value.join(', ') : String(value);
  });
}
