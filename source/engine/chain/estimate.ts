import type { AnswerMap } from '../answers/types.js';
import type { Catalogue } from '../skills/types.js';

export interface ChainEstimate {
  /** Questions that will be asked given the current answers (conditions evaluated). */
  questions: number;
  minutes: [number, number];
}

/** Estimated questions and time for the chain (CATALOGUE §2: 3–5 minutes per skill). */
export function estimateChain(
  catalogue: Catalogue,
  chain: readonly string[],
  answers: AnswerMap,
): ChainEstimate {
  const sections = [
    catalogue.project,
    ...catalogue.skills.filter((skill) => chain.includes(skill.name)),
  ];
  const questions = sections
    .flatMap((section) => section.questions)
    .filter((question) => answers.get(question.key)?.isApplicable).length;
  const minutes: [number, number] = [0, 0];
  for (const skill of catalogue.skills) {
    if (!chain.includes(skill.name)) continue;
    minutes[0] += skill.estimateMinutes[0];
    minutes[1] += skill.estimateMinutes[1];
  }
  return { questions, minutes };
}
