import type { Question } from './types.js';

/** Why `value` cannot be an answer to `question`, or undefined when it can. */
export function valueProblem(question: Question, value: unknown): string | undefined {
  const optionValues = question.options.map((option) => option.value);
  const list = `${question.key} accepts ${optionValues.join(', ')}`;
  switch (question.type) {
    case 'select':
      return typeof value === 'string' && optionValues.includes(value)
        ? undefined
        : `"${String(value)}" is not an option: ${list}`;
    case 'multiselect': {
      const values = Array.isArray(value) ? value : [value];
      const bad = values.filter((item) => typeof item !== 'string' || !optionValues.includes(item));
      return bad.length === 0 ? undefined : `"${bad.join(', ')}" is not an option: ${list}`;
    }
    case 'confirm':
      return typeof value === 'boolean' ? undefined : `${question.key} is yes/no (true or false)`;
    case 'number':
      return typeof value === 'number' ? undefined : `${question.key} is a number`;
    case 'list':
      return Array.isArray(value) || typeof value === 'string'
        ? undefined
        : `${question.key} is a list`;
    case 'text':
      return typeof value === 'string' ? undefined : `${question.key} is text`;
  }
}
