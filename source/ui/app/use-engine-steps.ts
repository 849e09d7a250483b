import { useEffect, useRef } from 'react';
import type { GenerationProgress } from '../../engine/generate/run-generators.js';
import type { DashboardAction } from '../state/dashboard-reducer.js';
import type { DashboardState } from '../state/dashboard-state.js';
import type { DashboardServices } from './services.js';
import { plural } from '../components/plural.js';

/** Progress is drawn at most this often (and always at a generator's last action). */
const PROGRESS_INTERVAL_MS = 40;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The engine's asynchronous steps, started by the stage the state is in: generate when the
 * answers are final, write then validate after `w`, re-read the skills on retry. A step whose
 * stage was left (quit, back) is ignored when it finishes.
 */
export function useEngineSteps(
  state: DashboardState,
  dispatch: (action: DashboardAction) => void,
  services: DashboardServices,
): void {
  const stateRef = useRef(state);
  stateRef.current = state;
  const isGenerating = state.stage.kind === 'generating';
  const isWriting = state.stage.kind === 'writing';

  useEffect(() => {
    if (!isGenerating) return undefined;
    const run = { isCancelled: false };
    const cancelled = () => run.isCancelled;
    const { workflow, data, inputs } = stateRef.current;
    if (!workflow) return undefined;
    // At most one progress frame per interval; the latest progress always lands (a trailing timer).
    let lastDispatch = 0;
    let pending: GenerationProgress | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (!pending || cancelled()) return;
      lastDispatch = performance.now();
      dispatch({ type: 'generation-progress', progress: pending });
      pending = undefined;
    };
    const onProgress = (progress: GenerationProgress) => {
      pending = progress;
      const wait = PROGRESS_INTERVAL_MS - (performance.now() - lastDispatch);
      if (progress.done === progress.total || wait <= 0) {
        if (timer) clearTimeout(timer);
        flush();
      } else {
        timer ??= setTimeout(flush, wait);
      }
    };
    void (async () => {
      try {
        const model = services.buildModel(workflow, data);
        const outDir = services.outDirFor(inputs.out ?? model.name);
        const staged = await services.stage(model, outDir, onProgress);
        if (cancelled()) return;
        if (staged.generation.failures.length > 0) {
          dispatch({
            type: 'failed',
            message: `${plural(staged.generation.failures.length, 'generator step')} failed; nothing was written`,
            details: staged.generation.failures.map(
              (failure) => `${failure.generator} · ${failure.path}: ${failure.error}`,
            ),
            canGoBack: true,
          });
          return;
        }
        dispatch({ type: 'staged', run: { model, staged, outDir } });
      } catch (error) {
        if (!cancelled())
          dispatch({
            type: 'failed',
            message: `Generation failed: ${messageOf(error)}`,
            canGoBack: true,
          });
      }
    })();
    return () => {
      run.isCancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [isGenerating, dispatch, services]);

  useEffect(() => {
    if (!isWriting) return undefined;
    const run = { isCancelled: false };
    const cancelled = () => run.isCancelled;
    const { stage, workflow, data } = stateRef.current;
    if (stage.kind !== 'writing' || !workflow) return undefined;
    void (async () => {
      let written: readonly string[] = [];
      try {
        const result = await services.write({
          staged: stage.run.staged,
          accepted: stage.accepted,
          workflow,
          data,
          onWrite: (index, total) => {
            if (!cancelled()) dispatch({ type: 'write-progress', written: index, total });
          },
        });
        written = result.written;
      } catch (error) {
        if (!cancelled())
          dispatch({
            type: 'failed',
            message: `Writing failed: ${messageOf(error)}`,
            details: ['The journal restored the folder as it was.'],
            canGoBack: true,
          });
        return;
      }
      if (cancelled()) return;
      dispatch({ type: 'written', written });
      try {
        const report = await services.validate(stage.run.outDir, data);
        // The summary describes the project as it now is on disk: the files written, and those
        // already there as generated (identical) or kept; not the files skipped in the review.
        const writtenPaths = new Set(written);
        const summary = services.summarize(
          stage.run.model,
          stage.run.staged.changeSet.changes
            .filter(
              (change) =>
                writtenPaths.has(change.path) ||
                change.status === 'identical' ||
                change.status === 'kept',
            )
            .map((change) => change.path),
        );
        if (!cancelled()) dispatch({ type: 'completed', written, report, summary });
      } catch (error) {
        if (!cancelled())
          dispatch({
            type: 'failed',
            message: `The files were written, but validation failed to run: ${messageOf(error)}`,
            canGoBack: false,
          });
      }
    })();
    return () => {
      run.isCancelled = true;
    };
  }, [isWriting, dispatch, services]);

  useEffect(() => {
    if (!state.isReloading) return undefined;
    const run = { isCancelled: false };
    const cancelled = () => run.isCancelled;
    services.reloadData().then(
      (data) => {
        if (!cancelled()) dispatch({ type: 'data-reloaded', data });
      },
      (error: unknown) => {
        if (!cancelled())
          dispatch({
            type: 'reload-failed',
            message: `Re-reading the skills failed: ${messageOf(error)}`,
          });
      },
    );
    return () => {
      run.isCancelled = true;
    };
  }, [state.isReloading, dispatch, services]);
}
