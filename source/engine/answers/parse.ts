import { cronProblem } from './cron.js';
import type { AnswerValue, Question } from '../skills/types.js';

export type ParseResult = { value: AnswerValue } | { error: string };

const YES = new Set(['y', 'yes', 'true', 'on', '1']);
const NO = new Set(['n', 'no', 'false', 'off', '0']);

/**
 * Reads an answer typed as text (a text input, `--set key=value`) into the question's type, then
 * validates it. Select options match by value or label, ignoring case.
 */
export function parseAnswerText(question: Question, text: string): ParseResult {
  const input = text.trim();
  switch (question.type) {
    case 'confirm': {
      const lower = input.toLowerCase();
      if (YES.has(lower)) return checked(question, true);
      if (NO.has(lower)) return checked(question, false);
      return { error: 'answer yes or no' };
    }
    case 'number': {
      if (!/^-?\d+(\.\d+)?$/.test(input))
        return { error: question.validate?.message ?? 'enter a number' };
      return checked(question, Number(input));
    }
    case 'select': {
      const option = findOption(question, input);
      return option ? checked(question, option) : { error: notAnOption(question, input) };
    }
    case 'multiselect': {
      const values: string[] = [];
      for (const part of splitList(input)) {
        const option = findOption(question, part);
        if (!option) return { error: notAnOption(question, part) };
        if (!values.includes(option)) values.push(option);
      }
      return checked(question, values);
    }
    case 'list':
      return checked(question, [...new Set(splitList(input).map((item) => item.toLowerCase()))]);
    case 'text':
      return checked(question, input);
  }
}

/** Reads an answer given as YAML (an answers file) into the question's type, then validates it. */
export function coerceAnswer(question: Question, raw: unknown): ParseResult {
  if (raw === null || raw === undefined) return { error: 'has no value' };
  if (question.type === 'confirm' && typeof raw === 'boolean') return checked(question, raw);
  if (question.type === 'number' && typeof raw === 'number') return checked(question, raw);
  if ((question.type === 'multiselect' || question.type === 'list') && Array.isArray(raw)) {
    if (!raw.every((item) => typeof item === 'string'))
      return { error: 'must be a list of strings' };
    return parseAnswerText(question, raw.join(','));
  }
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
    return parseAnswerText(question, String(raw));
  }
  return { error: `must be ${describeType(question)}` };
}

/** The message for an invalid value, or undefined when it is acceptable. */
export function validateAnswer(question: Question, value: AnswerValue): string | undefined {
  const rules = question.validate;
  const fail = (detail?: string) => rules?.message ?? detail ?? 'invalid value';
  if (question.type === 'number') {
    if (typeof value !== 'number' || Number.isNaN(value)) return 'enter a number';
    if (rules?.integer && !Number.isInteger(value)) return fail('a whole number');
    if (rules?.min !== undefined && value < rules.min) return fail(`at least ${rules.min}`);
    if (rules?.max !== undefined && value > rules.max) return fail(`at most ${rules.max}`);
    return undefined;
  }
  if (Array.isArray(value)) {
    if (rules?.minItems !== undefined && value.length < rules.minItems) return fail();
    if (rules?.maxItems !== undefined && value.length > rules.maxItems) return fail();
    if (question.type === 'list' && rules?.pattern !== undefined) {
      const pattern = new RegExp(rules.pattern, 'u');
      const bad = value.find((item) => !pattern.test(item));
      if (bad !== undefined) return `"${bad}": ${fail()}`;
    }
    return undefined;
  }
  if (typeof value === 'string') {
    if (value === '' && !question.required) return undefined;
    if (value === '' && question.required) return 'an answer is required';
    if (rules?.maxLength !== undefined && value.length > rules.maxLength) return fail();
    if (rules?.pattern !== undefined && !new RegExp(rules.pattern, 'u').test(value)) return fail();
    if (rules?.cron) {
      const problem = cronProblem(value);
      if (problem) return `${fail()} (${problem})`;
    }
  }
  return undefined;
}

function checked(question: Question, value: AnswerValue): ParseResult {
  const error = validateAnswer(question, value);
  return error ? { error } : { value };
}

function findOption(question: Question, input: string): string | undefined {
  const lower = input.toLowerCase();
  return question.options.find(
    (option) => option.value.toLowerCase() === lower || option.label.toLowerCase() === lower,
  )?.value;
}

function notAnOption(question: Question, input: string): string {
  return `"${input}" is not an option; choose ${question.options.map((option) => option.value).join(', ')}`;
}

function splitList(input: string): string[] {
  return input
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function describeType(question: Question): string {
  switch (question.type) {
    case 'confirm':
      return 'true or false';
    case 'number':
      return 'a number';
    case 'multiselect':
      return `a list of ${question.options.map((option) => option.value).join(', ')}`;
    case 'list':
      return 'a list';
    case 'select':
      return `one of ${question.options.map((option) => option.value).join(', ')}`;
    case 'text':
      return 'text';
  }
}

/** The answer as a user would type it back: `users, sessions`, `yes`, `kafka`. */
export function formatAnswer(value: AnswerValue | undefined): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}
