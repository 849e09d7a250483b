import type { AnswerMap } from '../answers/types.js';
import type { Catalogue } from '../skills/types.js';

export interface ChainEstimate {
  /** Questions that will be asked given the current answers (conditions evaluated). */
  questions: number;
  /** Questions that apply to the chain, asked or already answered (by a file or a flag). */
  applicable?: number;
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

/**
 * The estimate as the chain screen and the headless runner show it. The time follows the
 * questions left to ask: a re-run whose answers are all stored asks nothing and takes no time.
 */
export function describeEstimate(estimate: ChainEstimate): string {
  if (estimate.questions === 0) return 'no questions to ask: every answer is known';
  const { applicable } = estimate;
  const ratio =
    applicable !== undefined && applicable > 0 ? Math.min(1, estimate.questions / applicable) : 1;
  const low = Math.max(1, Math.floor(estimate.minutes[0] * ratio));
  const high = Math.max(low, Math.ceil(estimate.minutes[1] * ratio));
  return `~${estimate.questions} question${estimate.questions === 1 ? '' : 's'} · ${low}–${high} min`;
}
