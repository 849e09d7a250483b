import type { Dispatch } from '../screens/screen-props.js';
import { ConfirmBox } from './confirm-box.js';

/**
 * Ctrl+C asks first. Above every other handler but the interrupt itself: a second Ctrl+C
 * confirms, y or Enter quits, n or Esc stays.
 */
export function QuitOverlay({
  hasWritten,
  outDir,
  dispatch,
  width,
}: {
  hasWritten: boolean;
  outDir: string | undefined;
  dispatch: Dispatch;
  width: number;
}) {
  return (
    <ConfirmBox
      scope="quit"
      title="Quit skillchain?"
      message={quitMessage(hasWritten, outDir)}
      confirm={{
        label: 'quit',
        run: () => {
          dispatch({ type: 'quit' });
        },
      }}
      cancel={{
        label: 'stay',
        run: () => {
          dispatch({ type: 'cancel-quit' });
        },
      }}
      width={width}
    />
  );
}

/** What quitting now loses, or keeps (also on the "terminal too small" screen). */
export function quitMessage(hasWritten: boolean, outDir: string | undefined): string {
  return hasWritten
    ? `The project is already written${outDir ? ` to ${outDir}` : ''}; quitting leaves it as it is.`
    : 'Nothing has been written to disk; your answers are discarded.';
}
