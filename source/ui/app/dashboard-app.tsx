import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useReducer, useState } from 'react';
import { includedSkills } from '../../engine/workflow/state.js';
import { selectQuestion } from '../../engine/workflow/selectors.js';
import { Frame } from '../components/frame.js';
import { commandById, commandMatches, type CommandId } from '../keys/key-registry.js';
import {
  KeypressProvider,
  PRIORITY,
  useKeypress,
  type InputController,
} from '../keys/keypress-context.js';
import { HintAvailabilityProvider } from '../keys/hint-availability.js';
import { HelpOverlay } from '../overlays/help-overlay.js';
import { GuideOverlay } from '../overlays/guide-overlay.js';
import { QuitOverlay, quitMessage } from '../overlays/quit-overlay.js';
import { RestartOverlay } from '../overlays/restart-overlay.js';
import { KeyHint } from '../components/key-hint.js';
import { wrapText } from '../components/wrap-text.js';
import { StatusOverlay } from '../overlays/status-overlay.js';
import { AnnounceScreen } from '../screens/announce-screen.js';
import { ChainScreen, loadFailures } from '../screens/chain-screen.js';
import { CompletionScreen } from '../screens/completion-screen.js';
import { CustomizeScreen } from '../screens/customize-screen.js';
import { FailedScreen } from '../screens/failed-screen.js';
import { FilesScreen } from '../screens/files-screen.js';
import { GeneratingScreen } from '../screens/generating-screen.js';
import { GoalScreen } from '../screens/goal-screen.js';
import { QuestionScreen } from '../screens/question-screen.js';
import { ReviewScreen } from '../screens/review-screen.js';
import type { Dispatch, ScreenProps } from '../screens/screen-props.js';
import { dashboardReducer } from '../state/dashboard-reducer.js';
import { farewellLines } from '../state/farewell.js';
import type { DashboardState } from '../state/dashboard-state.js';
import { scopeOf, screenOf, type Screen } from '../state/screen.js';
import { isTooSmall, layoutFor, MINIMUM_SIZE, type TerminalSize } from '../terminal/layout.js';
import { THEME } from '../theme.js';
import type { DashboardServices } from './services.js';
import { useEngineSteps } from './use-engine-steps.js';

export interface DashboardAppProps {
  initialState: DashboardState;
  services: DashboardServices;
  /** The terminal's size; the caller re-renders with the new size on resize. */
  size: TerminalSize;
  /** Told the exit code just before the app exits (the one place that calls exit()). */
  /** The exit code, and the lines to leave in the terminal once it is restored. */
  onExit?: (code: number, farewell: readonly string[]) => void;
  /** Input is wired: keys sent from now on are handled (tests wait for it). */
  onInputReady?: (controller: InputController) => void;
}

/** The dashboard's root: owns the state, the engine steps, the app-wide keys and the exit. */
export function DashboardApp({
  initialState,
  services,
  size,
  onExit,
  onInputReady,
}: DashboardAppProps) {
  return (
    <KeypressProvider {...(onInputReady ? { onReady: onInputReady } : {})}>
      <DashboardRoot
        initialState={initialState}
        services={services}
        size={size}
        {...(onExit ? { onExit } : {})}
      />
    </KeypressProvider>
  );
}

function DashboardRoot({
  initialState,
  services,
  size,
  onExit,
}: Omit<DashboardAppProps, 'onInputReady'>) {
  const [state, dispatch] = useReducer(dashboardReducer, initialState);
  const { exit } = useApp();
  useEngineSteps(state, dispatch, services);
  useEffect(() => {
    if (state.exitCode === null) return;
    onExit?.(state.exitCode, farewellLines(state));
    exit();
    // Only the exit code starts this; the state it reads is the state at that moment.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.exitCode, onExit, exit]);

  const screen = useMemo(() => screenOf(state), [state]);
  const layout = useMemo(() => layoutFor(size), [size]);
  const tooSmall = isTooSmall(size);
  useAppKeys(state, dispatch, tooSmall);

  const overlay = state.overlay;
  const scope = overlay === null ? scopeOf(screen) : overlay;
  const isScreenActive = overlay === null && !tooSmall;
  const props: ScreenProps = { state, dispatch, layout, isActive: isScreenActive };
  const [reported, setReported] = useState<ReadonlyMap<CommandId, boolean>>(new Map());
  const reportHint = useCallback((id: CommandId, isAvailableNow: boolean | undefined) => {
    setReported((current) => {
      if (current.get(id) === isAvailableNow) return current;
      const next = new Map(current);
      if (isAvailableNow === undefined) next.delete(id);
      else next.set(id, isAvailableNow);
      return next;
    });
  }, []);
  const fromState = useMemo(() => availability(state, screen), [state, screen]);
  const isAvailable = useMemo(
    () => (id: CommandId) => reported.get(id) ?? fromState(id),
    [fromState, reported],
  );

  return (
    <HintAvailabilityProvider report={reportHint}>
      <Box flexDirection="column" width={size.columns}>
        {tooSmall ? (
          <TooSmall
            size={size}
            quit={
              overlay === 'quit'
                ? {
                    hasWritten: state.hasWritten,
                    outDir: state.stage.kind === 'complete' ? state.stage.run.outDir : undefined,
                  }
                : undefined
            }
          />
        ) : null}
        <Box display={tooSmall ? 'none' : 'flex'} flexDirection="column">
          <Frame
            layout={layout}
            title={titleOf(state, screen)}
            status={statusOf(state, screen)}
            scope={scope}
            isAvailable={isAvailable}
          >
            {overlay !== null ? (
              <OverlayView
                state={state}
                dispatch={dispatch}
                scope={scopeOf(screen)}
                isAvailable={fromState}
                width={layout.width - 2}
                height={layout.bodyHeight}
              />
            ) : null}
            <Box display={overlay === null ? 'flex' : 'none'} flexDirection="column">
              <ScreenView screen={screen} props={props} />
            </Box>
          </Frame>
        </Box>
      </Box>
    </HintAvailabilityProvider>
  );
}

function ScreenView({ screen, props }: { screen: Screen; props: ScreenProps }) {
  switch (screen.kind) {
    case 'goal':
      return <GoalScreen {...props} />;
    case 'chain':
      return <ChainScreen {...props} />;
    case 'customize':
      return <CustomizeScreen {...props} />;
    case 'announce':
      return (
        <AnnounceScreen {...props} skill={screen.skill} step={screen.step} steps={screen.steps} />
      );
    case 'question':
      return <QuestionScreen {...props} question={screen.question} />;
    case 'review':
      return <ReviewScreen {...props} finding={screen.finding} />;
    case 'generating':
    case 'writing':
      return <GeneratingScreen {...props} />;
    case 'files':
      return <FilesScreen {...props} />;
    case 'complete':
      return <CompletionScreen {...props} />;
    case 'failed':
      return <FailedScreen {...props} />;
  }
}

function OverlayView({
  state,
  dispatch,
  scope,
  isAvailable,
  width,
  height,
}: {
  state: DashboardState;
  dispatch: Dispatch;
  scope: ReturnType<typeof scopeOf>;
  isAvailable: (id: CommandId) => boolean;
  width: number;
  height: number;
}) {
  switch (state.overlay) {
    case 'quit': {
      const outDir = state.stage.kind === 'complete' ? state.stage.run.outDir : undefined;
      return (
        <QuitOverlay
          hasWritten={state.hasWritten}
          outDir={outDir}
          dispatch={dispatch}
          width={Math.min(width, 72)}
        />
      );
    }
    case 'restart':
      return state.workflow ? (
        <RestartOverlay workflow={state.workflow} dispatch={dispatch} width={Math.min(width, 72)} />
      ) : null;
    case 'help':
      return (
        <HelpOverlay
          scope={scope}
          isAvailable={isAvailable}
          dispatch={dispatch}
          width={width}
          height={height}
        />
      );
    case 'status':
      return state.workflow ? (
        <StatusOverlay
          workflow={state.workflow}
          dispatch={dispatch}
          width={width}
          height={height}
        />
      ) : null;
    case 'guide': {
      const question = state.workflow ? selectQuestion(state.workflow) : undefined;
      const skill = state.workflow?.catalogue.skills.find(
        (item) => item.name === question?.section,
      );
      const title = skill
        ? `${skill.title} (${skill.plugin}:${skill.name})`
        : (state.workflow?.catalogue.project.title ?? 'Project');
      const guide = skill?.guide ?? state.workflow?.catalogue.project.description ?? '';
      return (
        <GuideOverlay
          title={title}
          guide={guide}
          dispatch={dispatch}
          width={width}
          height={height}
        />
      );
    }
    case null:
      return null;
  }
}

/**
 * App-wide keys: Ctrl+C above everything (asks; a second Ctrl+C in the dialog quits), F1/? for
 * help below everything (a text field keeps its `?`), and while an overlay is open or the
 * terminal is too small, nothing else reaches the screen.
 */
function useAppKeys(state: DashboardState, dispatch: Dispatch, isTooSmallNow: boolean): void {
  const quit = commandById('app.quit');
  const help = commandById('app.help');
  useKeypress(
    (press) => {
      if (!commandMatches(quit, press) || state.overlay === 'quit') return false;
      if (
        state.stage.kind === 'complete' ||
        (state.stage.kind === 'failed' && !state.stage.canGoBack)
      )
        dispatch({ type: 'finish' });
      else dispatch({ type: 'request-quit' });
      return true;
    },
    { priority: PRIORITY.interrupt },
  );
  useKeypress(() => state.overlay !== null || isTooSmallNow, { priority: PRIORITY.overlay - 1 });
  useKeypress(
    (press) => {
      if (!commandMatches(help, press) || state.overlay !== null) return false;
      dispatch({ type: 'open-overlay', overlay: 'help' });
      return true;
    },
    { priority: PRIORITY.app },
  );
}

/** Footer hints only for commands that do something here. */
function availability(state: DashboardState, screen: Screen): (id: CommandId) => boolean {
  const failures = state.workflow ? loadFailures(state.workflow).length : 0;
  const question = screen.kind === 'question' ? screen.question : undefined;
  return (id) => {
    switch (id) {
      case 'chain.retry':
        return failures > 0;
      case 'chain.skip':
        return state.workflow !== null && includedSkills(state.workflow).length > 0;
      case 'question.toggle':
        return question?.type === 'multiselect';
      // Text editing keys only where there is a text field.
      case 'question.edit-default':
      case 'text.home':
      case 'text.end':
      case 'text.clear':
      case 'text.delete-word':
        return (
          screen.kind === 'goal' ||
          question?.type === 'text' ||
          question?.type === 'number' ||
          question?.type === 'list'
        );
      case 'failed.back':
        return state.stage.kind === 'failed' && state.stage.canGoBack;
      // Nothing opens help over the quit confirmation.
      case 'app.help':
        return state.overlay !== 'quit' && state.overlay !== 'restart';
      // The write is all-or-nothing: Ctrl+C waits for it (validation after it can be left).
      case 'app.quit':
        return state.stage.kind !== 'writing' || state.stage.isValidating;
      default:
        return true;
    }
  };
}

function titleOf(state: DashboardState, screen: Screen): string {
  switch (screen.kind) {
    case 'goal':
      return 'new project';
    case 'files':
    case 'writing':
    case 'complete':
      return state.stage.kind === 'files' ||
        state.stage.kind === 'writing' ||
        state.stage.kind === 'complete'
        ? state.stage.run.model.name
        : state.goal;
    default:
      return state.goal;
  }
}

function statusOf(state: DashboardState, screen: Screen): string {
  switch (screen.kind) {
    case 'goal':
      return 'goal';
    case 'chain':
      return 'chain';
    case 'customize':
      return 'customize';
    case 'announce':
      return `step ${screen.step}/${screen.steps}`;
    case 'question': {
      const skills = state.workflow ? includedSkills(state.workflow) : [];
      const step = skills.indexOf(screen.question.section) + 1;
      return step > 0 ? `step ${step}/${skills.length}` : 'project';
    }
    case 'review':
      return 'conflicts';
    case 'generating':
      return 'generating';
    case 'files':
      return 'review files';
    case 'writing':
      return 'writing';
    case 'complete':
      return 'done';
    case 'failed':
      return 'error';
  }
}

/**
 * Below the minimum size only this is drawn. The quit confirmation is drawn here too (first, so
 * even a tiny window shows it): Ctrl+C still asks, since answers would be lost, but never blindly.
 */
function TooSmall({
  size,
  quit,
}: {
  size: TerminalSize;
  quit: { hasWritten: boolean; outDir: string | undefined } | undefined;
}) {
  return (
    <Box
      flexDirection="column"
      width={Math.max(1, size.columns)}
      height={Math.max(1, size.rows - 1)}
      overflowY="hidden"
    >
      {quit ? (
        <Box flexDirection="column" marginBottom={1}>
          <Text bold color={THEME.warning} wrap="wrap">
            Quit skillchain?
          </Text>
          {wrapText(quitMessage(quit.hasWritten, quit.outDir), size.columns).map((line, index) => (
            <Text key={index}>{line}</Text>
          ))}
          <Text wrap="wrap">
            <KeyHint id="quit.confirm" label="quit" /> · <KeyHint id="quit.cancel" label="stay" />
          </Text>
        </Box>
      ) : null}
      <Text bold color={THEME.warning} wrap="wrap">
        Terminal too small: {size.columns}×{size.rows}
      </Text>
      {wrapText(
        `skillchain needs at least ${MINIMUM_SIZE.columns}×${MINIMUM_SIZE.rows}. Enlarge the window (nothing is lost), or press Ctrl+C to quit.`,
        size.columns,
      ).map((line, index) => (
        <Text key={index}>{line}</Text>
      ))}
    </Box>
  );
}
