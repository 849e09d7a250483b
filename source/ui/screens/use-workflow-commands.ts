import { PRIORITY } from '../keys/keypress-context.js';
import type { Scope } from '../keys/key-registry.js';
import { useCommands, type CommandHandlers } from '../keys/use-commands.js';
import type { Dispatch } from './screen-props.js';

/**
 * The workflow commands shared by the skill announcement and the question pane (DESIGN §4): back,
 * done, restart, status, guide, skip the rest of the skill. Extra handlers are the screen's own.
 */
export function useWorkflowCommands(
  scope: Scope,
  dispatch: Dispatch,
  extra: CommandHandlers,
  isActive: boolean,
): void {
  useCommands(
    scope,
    {
      'question.back': () => {
        dispatch({ type: 'workflow', action: { type: 'back' } });
      },
      'question.done': () => {
        dispatch({ type: 'workflow', action: { type: 'done' } });
      },
      'question.restart': () => {
        dispatch({ type: 'request-restart' });
      },
      'question.status': () => {
        dispatch({ type: 'workflow', action: { type: 'status' } });
      },
      'question.guide': () => {
        dispatch({ type: 'open-overlay', overlay: 'guide' });
      },
      'question.skip-skill': () => {
        dispatch({ type: 'workflow', action: { type: 'skip-skill' } });
      },
      ...extra,
    },
    { priority: PRIORITY.screen, isActive },
  );
}
