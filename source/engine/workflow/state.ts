import { GoalIndex } from '../goal/goal-index.js';
import { planChain, type ChainPlan, type JoinReason } from '../chain/plan-chain.js';
import type { ExplicitAnswer } from '../answers/types.js';
import type { Finding } from '../rules/evaluate.js';
import type { AnswerKey, Catalogue, Maturity } from '../skills/types.js';

export type Phase = 'chain' | 'customize' | 'questions' | 'review' | 'ready';
export type Overlay = 'help' | 'status' | null;
export type SkillStatus = 'pending' | 'current' | 'done' | 'skipped' | 'failed';

export interface ChainEntry {
  skill: string;
  title: string;
  /** In the chain (matched, a dependency, selected, or added in customize). */
  isIncluded: boolean;
  reason: JoinReason | { kind: 'none' } | { kind: 'added'; by: 'customize' };
  score: number;
}

export interface Decision {
  findingId: string;
  kind: Finding['kind'];
  message: string;
  resolutionId: string;
  label: string;
  note?: string;
  /** Taken by --yes, not by a person. */
  isAutomatic: boolean;
}

export interface WorkflowState {
  catalogue: Catalogue;
  goal: GoalIndex;
  plan: ChainPlan;
  phase: Phase;
  /** Every loaded skill, in catalogue order, with whether it is in the chain. */
  chain: ChainEntry[];
  /** Answers someone gave (user, answers file, flag, resolution); defaults are computed. */
  explicit: ReadonlyMap<AnswerKey, ExplicitAnswer>;
  /** The question on screen during the questions phase. */
  cursor: AnswerKey | null;
  /** Questions passed through, most recent last: `back` pops it. */
  history: AnswerKey[];
  /** Questions answered or taken by default. */
  visited: ReadonlySet<AnswerKey>;
  /** Skills whose remaining questions took their defaults (the second skip binding). */
  defaultedSkills: ReadonlySet<string>;
  overlay: Overlay;
  /** The last answer's validation message, shown inline under the question. */
  error: { key: AnswerKey; message: string } | null;
  /** One line of feedback from the last command (customize explaining a dependency, …). */
  notice: string | null;
  /** Conflicts and skipped dependencies still to settle, during `review`. */
  findings: Finding[];
  decisions: Decision[];
}

export interface CreateWorkflowOptions {
  catalogue: Catalogue;
  goal: string;
  /** --skills: the chain instead of matching. */
  skills?: readonly string[];
  /** Answers from an answers file and --set/--maturity flags, applied before anything is asked. */
  explicit?: ReadonlyMap<AnswerKey, ExplicitAnswer>;
}

export function createWorkflow(options: CreateWorkflowOptions): WorkflowState {
  const plan = planChain(options.catalogue, options.goal, options.skills);
  return {
    catalogue: options.catalogue,
    goal: new GoalIndex(options.goal),
    plan,
    phase: 'chain',
    chain: chainEntries(options.catalogue, plan),
    explicit: options.explicit ?? new Map(),
    cursor: null,
    history: [],
    visited: new Set(),
    defaultedSkills: new Set(),
    overlay: null,
    error: null,
    notice: null,
    findings: [],
    decisions: [],
  };
}

export function chainEntries(catalogue: Catalogue, plan: ChainPlan): ChainEntry[] {
  return catalogue.skills.map((skill) => {
    const link = plan.links.find((item) => item.skill === skill.name);
    const score = plan.matches.find((match) => match.skill === skill.name)?.score ?? 0;
    return link
      ? { skill: skill.name, title: skill.title, isIncluded: true, reason: link.reason, score }
      : {
          skill: skill.name,
          title: skill.title,
          isIncluded: false,
          reason: { kind: 'none' },
          score,
        };
  });
}

export function includedSkills(state: Pick<WorkflowState, 'chain'>): string[] {
  return state.chain.filter((entry) => entry.isIncluded).map((entry) => entry.skill);
}

export function maturityOf(value: unknown): Maturity {
  return value === 'starter' || value === 'advanced' ? value : 'intermediate';
}
