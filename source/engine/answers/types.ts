import type { AnswerKey, AnswerValue } from '../skills/types.js';

/**
 * Where an answer came from. `default` and `goal` are computed (they follow the goal and earlier
 * answers until someone sets the answer); the others are explicit.
 */
/**
 * Where an answer came from. `stored`: the answers of the last run in the target folder, when a
 * goal is run again on it: explicit (they beat goal keywords) but still asked in the dashboard.
 */
export type Provenance =
  'default' | 'goal' | 'user' | 'answers-file' | 'flag' | 'resolution' | 'stored';
export type ExplicitProvenance = Exclude<Provenance, 'default' | 'goal'>;

export interface ExplicitAnswer {
  value: AnswerValue;
  provenance: ExplicitProvenance;
  /** Why, when the tool set it (the conflict resolution taken). */
  reason?: string;
}

export interface ResolvedAnswer {
  key: AnswerKey;
  value: AnswerValue;
  provenance: Provenance;
  /** Why this value: "from 'kinesis' in your goal", "follows project.cloud = gcp". */
  reason?: string;
  /** The question is asked: its section is in the chain and its `when` holds. */
  isApplicable: boolean;
}

export type AnswerMap = ReadonlyMap<AnswerKey, ResolvedAnswer>;
