import type { AnswerMap, Provenance } from '../engine/answers/types.js';
import { describeReason } from '../engine/chain/plan-chain.js';
import type { StagedProject } from '../engine/pipeline.js';
import type { ValidationReport } from '../engine/validate/validate-project.js';
import type { WorkflowState } from '../engine/workflow/state.js';

const PROVENANCE_REASONS: Record<Provenance, string> = {
  default: "the question's default",
  goal: 'from your goal',
  user: 'your answer',
  'answers-file': 'from the answers file',
  flag: 'set with --set',
  resolution: 'set by a conflict resolution',
  stored: "from the project's last run (.skillchain/answers.yaml)",
};

/**
 * The plan of `--dry-run --json` (DESIGN §2): the chain with each skill's score, matched
 * keywords and why it joined; the answers with their provenance; the conflicts and the resolution
 * taken; the change set with each file's status. Stable keys: scripts read it.
 */
export function planJson(input: {
  state: WorkflowState;
  answers: AnswerMap;
  staged: StagedProject;
  accepted: ReadonlySet<string>;
  outDir: string;
  report: ValidationReport | undefined;
}) {
  const { state } = input;
  return {
    goal: state.plan.goal,
    outDir: input.outDir,
    chain: state.chain
      .filter((entry) => entry.isIncluded)
      .map((entry) => {
        const match = state.plan.matches.find((item) => item.skill === entry.skill);
        return {
          skill: entry.skill,
          score: entry.score,
          keywords: (match?.hits ?? []).map((hit) => ({
            keyword: hit.keyword,
            kind: hit.kind,
            matched: hit.text,
            points: hit.points,
          })),
          joined:
            entry.reason.kind === 'none' || entry.reason.kind === 'added'
              ? 'selected'
              : entry.reason.kind,
          reason:
            entry.reason.kind === 'none' || entry.reason.kind === 'added'
              ? 'selected'
              : describeReason(entry.reason),
        };
      }),
    scores: state.plan.matches.map((match) => ({
      skill: match.skill,
      score: match.score,
      ...(match.excludedBy ? { excludedBy: match.excludedBy.keyword } : {}),
    })),
    answers: [...input.answers.values()]
      .filter((answer) => answer.isApplicable)
      .map((answer) => ({
        key: answer.key,
        value: answer.value,
        provenance: answer.provenance,
        // Every answer says why it has its value (DESIGN §2), a plain default included.
        reason: answer.reason ?? PROVENANCE_REASONS[answer.provenance],
      })),
    conflicts: state.decisions.map((decision) => ({
      id: decision.findingId,
      kind: decision.kind,
      message: decision.message,
      resolution: decision.resolutionId,
      label: decision.label,
      automatic: decision.isAutomatic,
      ...(decision.note ? { note: decision.note } : {}),
    })),
    changes: input.staged.changeSet.changes.map((change) => ({
      path: change.path,
      status: change.status,
      generator: change.generator,
      willWrite: input.accepted.has(change.path),
    })),
    ...(input.report
      ? {
          validation: {
            completeness: input.report.completeness,
            passes: input.report.passes,
            deliverables: input.report.deliverables.map((deliverable) => ({
              id: deliverable.id,
              status: deliverable.status,
              reason: deliverable.reason,
            })),
          },
        }
      : {}),
  };
}
