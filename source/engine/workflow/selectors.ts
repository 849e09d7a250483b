import { estimateChain, type ChainEstimate } from '../chain/estimate.js';
import { resolveAnswers, sectionsInOrder } from '../answers/resolve.js';
import type { AnswerMap } from '../answers/types.js';
import type { AnswerKey, Question, Section } from '../skills/types.js';
import { includedSkills, type SkillStatus, type WorkflowState } from './state.js';

const answerCache = new WeakMap<
  ReadonlyMap<AnswerKey, unknown>,
  { chainKey: string; answers: AnswerMap }
>();

/** Every answer, explicit or computed. Memoised on the explicit answers and the chain. */
export function selectAnswers(state: WorkflowState): AnswerMap {
  const chain = includedSkills(state);
  const chainKey = chain.join(',');
  const cached = answerCache.get(state.explicit);
  if (cached?.chainKey === chainKey) return cached.answers;
  const answers = resolveAnswers({
    catalogue: state.catalogue,
    goal: state.goal,
    chain,
    explicit: state.explicit,
  });
  answerCache.set(state.explicit, { chainKey, answers });
  return answers;
}

/** The sections whose questions are asked: chain-level first, then the included skills. */
export function selectSections(state: WorkflowState): Section[] {
  const chain = new Set(includedSkills(state));
  return sectionsInOrder(state.catalogue).filter(
    (section) => section.id === 'project' || chain.has(section.id),
  );
}

/**
 * The questions that will be asked, in order: applicable (conditions hold) and not already
 * answered by an answers file or a flag ("asks only what is missing").
 */
export function selectAskedQuestions(state: WorkflowState): Question[] {
  const answers = selectAnswers(state);
  return selectSections(state)
    .flatMap((section) => section.questions)
    .filter((question) => {
      const answer = answers.get(question.key);
      if (!answer?.isApplicable) return false;
      return answer.provenance !== 'answers-file' && answer.provenance !== 'flag';
    });
}

export function selectQuestion(
  state: WorkflowState,
  key: AnswerKey | null = state.cursor,
): Question | undefined {
  if (key === null) return undefined;
  for (const section of sectionsInOrder(state.catalogue)) {
    const question = section.questions.find((item) => item.key === key);
    if (question) return question;
  }
  return undefined;
}

export interface SectionProgress {
  id: string;
  title: string;
  status: SkillStatus;
  /** 1-based position of the current question within the section, when current. */
  current?: number;
  asked: number;
  answered: number;
  /** Took its defaults through skip. */
  isDefaulted: boolean;
}

/** The sidebar: every section with its status and question counts. */
export function selectProgress(state: WorkflowState): SectionProgress[] {
  const asked = selectAskedQuestions(state);
  const currentSection = state.cursor ? selectQuestion(state)?.section : undefined;
  const rows: SectionProgress[] = [];
  for (const section of sectionsInOrder(state.catalogue)) {
    const entry = state.chain.find((item) => item.skill === section.id);
    const questions = asked.filter((question) => question.section === section.id);
    const answered = questions.filter((question) => state.visited.has(question.key)).length;
    const row: SectionProgress = {
      id: section.id,
      title: section.title,
      status: 'pending',
      asked: questions.length,
      answered,
      isDefaulted: state.defaultedSkills.has(section.id),
    };
    if (entry && !entry.isIncluded) row.status = 'skipped';
    else if (state.phase === 'questions' && currentSection === section.id) {
      row.status = 'current';
      row.current = questions.findIndex((question) => question.key === state.cursor) + 1;
    } else if (
      state.phase === 'review' ||
      state.phase === 'ready' ||
      (answered === questions.length && answered > 0) ||
      row.isDefaulted
    ) {
      row.status = 'done';
    }
    rows.push(row);
  }
  for (const failure of state.catalogue.failures) {
    if (state.catalogue.skills.some((skill) => skill.name === failure.name)) continue;
    if (failure.name.includes('/') || failure.name.includes('.')) continue; // rules or blueprint files
    rows.push({
      id: failure.name,
      title: failure.name,
      status: 'failed',
      asked: 0,
      answered: 0,
      isDefaulted: false,
    });
  }
  return rows;
}

/** The chain's estimate, counting only the questions that will be asked (not those a file or flag answered). */
export function selectEstimate(state: WorkflowState): ChainEstimate {
  const estimate = estimateChain(state.catalogue, includedSkills(state), selectAnswers(state));
  return {
    ...estimate,
    applicable: estimate.questions,
    questions: selectAskedQuestions(state).length,
  };
}

/** Overall progress through the asked questions: [visited, total]. */
export function selectOverallProgress(state: WorkflowState): [number, number] {
  const asked = selectAskedQuestions(state);
  return [asked.filter((question) => state.visited.has(question.key)).length, asked.length];
}
