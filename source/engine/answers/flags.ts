import { parseAnswerText } from './parse.js';
import type { ExplicitAnswer } from './types.js';
import type { AnswerKey, Catalogue } from '../skills/types.js';

export class AnswerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnswerInputError';
  }
}

/** `--set skill.key=value` and `--maturity`, parsed and validated against the questions. */
export function answersFromFlags(
  catalogue: Catalogue,
  sets: readonly string[],
  maturity?: string,
): Map<AnswerKey, ExplicitAnswer> {
  const answers = new Map<AnswerKey, ExplicitAnswer>();
  const questions = [catalogue.project, ...catalogue.skills].flatMap(
    (section) => section.questions,
  );
  const entries = sets.map((item) => {
    const index = item.indexOf('=');
    return { key: item.slice(0, index), text: item.slice(index + 1) };
  });
  if (maturity !== undefined) entries.push({ key: 'project.maturity', text: maturity });
  for (const { key, text } of entries) {
    const question = questions.find((item) => item.key === key);
    if (!question) {
      const [section] = key.split('.');
      const sectionQuestions = [catalogue.project, ...catalogue.skills].find(
        (item) => item.id === section,
      )?.questions;
      throw new AnswerInputError(
        sectionQuestions
          ? `--set ${key}: ${section} has no question "${key.slice((section?.length ?? 0) + 1)}" (it asks ${sectionQuestions.map((item) => item.id).join(', ')})`
          : `--set ${key}: unknown skill "${section ?? ''}" (project or one of ${catalogue.skills.map((skill) => skill.name).join(', ')})`,
      );
    }
    const parsed = parseAnswerText(question, text);
    if ('error' in parsed) throw new AnswerInputError(`--set ${key}=${text}: ${parsed.error}`);
    answers.set(key, { value: parsed.value, provenance: 'flag' });
  }
  return answers;
}
