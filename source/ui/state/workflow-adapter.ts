import { workflowReducer } from '../../engine/workflow/reducer.js';
import type { WorkflowState } from '../../engine/workflow/state.js';

/**
 * Going back from the hand-off (phase `ready`) to the questions. The engine's `back` in `ready`
 * returns to the last question in the history; when the chain's "skip" took every default there
 * is no history and the engine would land in `questions` with no question on screen, so this
 * returns to the chain instead. (The engine could offer this: `back` in `ready` with an empty
 * history → phase `chain`.)
 */
/**
 * Going back from a conflict or skipped-dependency dialog (phase `review`), which the engine's
 * `back` does not handle: as from the hand-off, to the last question asked (or the chain when
 * nothing was asked). Findings are evaluated again when the answers are final again; resolutions
 * already chosen stay chosen.
 */
export function backFromReview(workflow: WorkflowState): WorkflowState {
  if (workflow.phase !== 'review') return workflow;
  return backFromReady({ ...workflow, phase: 'ready', findings: [] });
}

export function backFromReady(workflow: WorkflowState): WorkflowState {
  if (workflow.phase !== 'ready') return workflow;
  if (workflow.history.length === 0) {
    // Nothing was asked: the defaults the chain's skip took are not answers to show as done.
    return {
      ...workflow,
      phase: 'chain',
      cursor: null,
      overlay: null,
      error: null,
      visited: new Set(),
      defaultedSkills: new Set(),
    };
  }
  return workflowReducer(workflow, { type: 'back' });
}
