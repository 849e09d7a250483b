import { formatAnswer } from '../../engine/answers/parse.js';
import type { ResolvedAnswer } from '../../engine/answers/types.js';
import { sectionsInOrder } from '../../engine/answers/resolve.js';
import type { Question } from '../../engine/skills/types.js';
import { selectAnswers } from '../../engine/workflow/selectors.js';
import { includedSkills, type WorkflowState } from '../../engine/workflow/state.js';

/**
 * Context from earlier skills for the question pane: the short answers (choices, yes/no,
 * numbers) of the sections before the current one, the current skill's dependencies first —
 * "warehouse snowflake · broker kafka" tells the user what this skill builds on.
 */
export function earlierAnswers(
  workflow: WorkflowState,
  question: Question,
  limit = 8,
): { label: string; value: string }[] {
  const answers = selectAnswers(workflow);
  const chain = includedSkills(workflow);
  const skill = workflow.catalogue.skills.find((item) => item.name === question.section);
  const order = sectionsInOrder(workflow.catalogue).filter(
    (section) => section.id === 'project' || chain.includes(section.id),
  );
  const currentIndex = order.findIndex((section) => section.id === question.section);
  const earlier = order.slice(0, Math.max(0, currentIndex));
  const dependencies = new Set(skill?.dependencies ?? []);
  // What this skill builds on first, then the other skills (latest first), then the project.
  const rank = (id: string) => (dependencies.has(id) ? 0 : id === 'project' ? 2 : 1);
  earlier.reverse().sort((a, b) => rank(a.id) - rank(b.id));
  const items: { label: string; value: string }[] = [];
  for (const section of earlier) {
    for (const item of section.questions) {
      if (item.type === 'text' || item.type === 'list' || item.type === 'multiselect') continue;
      const answer = answers.get(item.key);
      if (!answer?.isApplicable) continue;
      items.push({ label: item.id.replace(/_/g, ' '), value: formatAnswer(answer.value) });
    }
  }
  return items.slice(0, limit);
}

/** How the pane describes the current value: "Default: kafka — from 'kafka' in your goal". */
export function describeCurrent(
  answer: ResolvedAnswer | undefined,
): { label: string; value: string; reason?: string } | undefined {
  if (!answer) return undefined;
  const value = formatAnswer(answer.value) || '(empty)';
  switch (answer.provenance) {
    case 'user':
      return { label: 'Your answer', value };
    case 'resolution':
      return {
        label: 'Set by a resolution',
        value,
        ...(answer.reason ? { reason: answer.reason } : {}),
      };
    case 'flag':
      return { label: 'Set on the command line', value };
    case 'answers-file':
      return { label: 'From the answers file', value };
    case 'stored':
      return { label: 'From your last run', value, reason: 'stored in .skillchain/answers.yaml' };
    default:
      return { label: 'Default', value, ...(answer.reason ? { reason: answer.reason } : {}) };
  }
}

export function isExplicit(answer: ResolvedAnswer | undefined): boolean {
  return answer !== undefined && answer.provenance !== 'default' && answer.provenance !== 'goal';
}
