import type {
  AnswerValue,
  Condition,
  Deliverable,
  OutputSpec,
  Question,
  QuestionOption,
  QuestionValidation,
  Resolution,
  SectionId,
  SkillOutputs,
  SmartDefault,
} from './types.js';

/**
 * Turns schema-checked raw YAML (snake_case, unqualified answer names) into the catalogue's types
 * (camelCase, every answer key qualified as `section.question`).
 */

type Raw = Record<string, unknown>;

const COMBINATORS = new Set(['all', 'any', 'not']);

export function qualifyKey(key: string, section: SectionId): string {
  if (key.startsWith('$') || key.includes('.')) return key;
  return `${section}.${key}`;
}

export function qualifyCondition(condition: Condition, section: SectionId): Condition {
  const result: Condition = {};
  for (const [key, value] of Object.entries(condition)) {
    if (key === 'all' || key === 'any') {
      result[key] = (value as Condition[]).map((item) => qualifyCondition(item, section));
    } else if (key === 'not') {
      result.not = qualifyCondition(value as Condition, section);
    } else {
      result[qualifyKey(key, section)] = value;
    }
  }
  return result;
}

export function isCombinator(key: string): boolean {
  return COMBINATORS.has(key);
}

export function normalizeQuestion(raw: Raw, section: SectionId): Question {
  const id = raw.id as string;
  const question: Question = {
    id,
    key: `${section}.${id}`,
    section,
    prompt: raw.prompt as string,
    help: (raw.help as string | undefined)?.trim() ?? '',
    type: raw.type as Question['type'],
    options: ((raw.options as Raw[] | undefined) ?? []).map(normalizeOption),
    default: raw.default as AnswerValue | undefined,
    smartDefaults: ((raw.smart_defaults as Raw[] | undefined) ?? []).map((item) =>
      normalizeSmartDefault(item, section),
    ),
    required: (raw.required as boolean | undefined) ?? true,
  };
  const defaultFrom = raw.default_from as Raw | undefined;
  if (defaultFrom) {
    question.defaultFrom = {
      answer: qualifyKey(defaultFrom.answer as string, section),
      reason: (defaultFrom.reason as string | undefined) ?? 'follows {answer}',
    };
    if (defaultFrom.map) question.defaultFrom.map = defaultFrom.map as Record<string, AnswerValue>;
  }
  if (typeof raw.default_from_goal === 'string') question.defaultFromGoal = raw.default_from_goal;
  if (raw.when) question.when = qualifyCondition(raw.when as Condition, section);
  const validate = raw.validate as Raw | undefined;
  if (validate) question.validate = normalizeValidation(validate);
  return question;
}

function normalizeOption(raw: Raw): QuestionOption {
  return {
    value: raw.value as string,
    label: (raw.label as string | undefined) ?? (raw.value as string),
    description: raw.description as string,
    goalKeywords: (raw.goal_keywords as string[] | undefined) ?? [],
    goalUnless: (raw.goal_unless as string[] | undefined) ?? [],
  };
}

function normalizeSmartDefault(raw: Raw, section: SectionId): SmartDefault {
  const smart: SmartDefault = {
    value: raw.value as AnswerValue,
    reason: raw.reason as string,
    anyOf: (raw.any_of as string[] | undefined) ?? [],
    allOf: (raw.all_of as string[][] | undefined) ?? [],
  };
  if (raw.when) smart.when = qualifyCondition(raw.when as Condition, section);
  return smart;
}

function normalizeValidation(raw: Raw): QuestionValidation {
  const validation: QuestionValidation = { message: raw.message as string };
  if (typeof raw.pattern === 'string') validation.pattern = raw.pattern;
  if (typeof raw.min === 'number') validation.min = raw.min;
  if (typeof raw.max === 'number') validation.max = raw.max;
  if (raw.integer === true) validation.integer = true;
  if (typeof raw.min_items === 'number') validation.minItems = raw.min_items;
  if (typeof raw.max_items === 'number') validation.maxItems = raw.max_items;
  if (typeof raw.max_length === 'number') validation.maxLength = raw.max_length;
  if (raw.cron === true) validation.cron = true;
  return validation;
}

export function normalizeOutputs(raw: Raw, section: SectionId): SkillOutputs {
  const spec = (item: Raw): OutputSpec => ({
    path: item.path as string,
    description: item.description as string,
    mustContain: (item.must_contain as string[] | undefined) ?? [],
  });
  const conditional: SkillOutputs['conditional'] = [];
  const byDimension =
    (raw.conditional_outputs as Record<string, Record<string, Raw[]>> | undefined) ?? {};
  for (const [dimension, values] of Object.entries(byDimension)) {
    for (const [value, outputs] of Object.entries(values)) {
      conditional.push({
        dimension: dimension === 'maturity' ? 'project.maturity' : qualifyKey(dimension, section),
        value,
        outputs: outputs.map(spec),
      });
    }
  }
  return { base: ((raw.base_outputs as Raw[] | undefined) ?? []).map(spec), conditional };
}

export function normalizeDeliverable(raw: Raw): Deliverable {
  const deliverable: Deliverable = {
    id: raw.id as string,
    name: raw.name as string,
    skill: raw.skill as string,
    files: (raw.files as (string | Raw)[]).map((file) =>
      typeof file === 'string'
        ? { path: file }
        : {
            path: file.path as string,
            ...(file.when ? { when: file.when as Condition } : {}),
          },
    ),
    checks: ((raw.checks as Raw[] | undefined) ?? []).map((check) => ({
      pattern: check.pattern as string,
      in: check.in as string,
      description: (check.description as string | undefined) ?? `contains ${String(check.pattern)}`,
      match: check.match === 'any' ? ('any' as const) : ('all' as const),
      ...(check.when ? { when: check.when as Condition } : {}),
    })),
    maturityRequired: raw.maturity_required as Deliverable['maturityRequired'],
  };
  if (raw.when) deliverable.when = raw.when as Condition;
  return deliverable;
}

export function normalizeResolution(raw: Raw): Resolution {
  const resolution: Resolution = {
    id: raw.id as string,
    label: raw.label as string,
    set: (raw.set as Record<string, AnswerValue> | undefined) ?? {},
    setFrom: (raw.set_from as Resolution['setFrom'] | undefined) ?? {},
    keep: raw.keep === true,
  };
  if (typeof raw.back === 'string') resolution.back = raw.back;
  if (typeof raw.note === 'string') resolution.note = raw.note;
  return resolution;
}
