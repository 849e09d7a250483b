import { selectOverallProgress } from '../../engine/workflow/selectors.js';
import type { WorkflowState } from '../../engine/workflow/state.js';
import { plural } from '../components/plural.js';
import type { Dispatch } from '../screens/screen-props.js';
import { ConfirmBox } from './confirm-box.js';

/**
 * Ctrl+R (or the typed word "restart") clears every answer, so it asks first, like Ctrl+C:
 * y or Enter restarts at the chain with the goal kept, n or Esc keeps the answers.
 */
export function RestartOverlay({
  workflow,
  dispatch,
  width,
}: {
  workflow: WorkflowState;
  dispatch: Dispatch;
  width: number;
}) {
  const [done] = selectOverallProgress(workflow);
  return (
    <ConfirmBox
      scope="restart"
      title="Restart from the chain?"
      message={
        done > 0
          ? `${plural(done, 'answer')} so far ${done === 1 ? 'is' : 'are'} cleared; the goal is kept.`
          : 'Nothing has been answered yet; the goal is kept.'
      }
      confirm={{
        label: 'restart',
        run: () => {
          dispatch({ type: 'confirm-restart' });
        },
      }}
      cancel={{
        label: 'keep the answers',
        run: () => {
          dispatch({ type: 'cancel-restart' });
        },
      }}
      width={width}
    />
  );
}
