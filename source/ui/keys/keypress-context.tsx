import { useStdin } from 'ink';
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { parseInput, type KeyPress } from './key-press.js';

/**
 * One keypress dispatcher for the whole dashboard (after gemini-cli's KeypressContext). Ink hands
 * every key to every active `useInput`, so a dialog and the list under it would both react to
 * Enter; here each subscriber has a priority, the highest goes first, and a handler that returns
 * true consumes the key. A text field (priority `textInput`) therefore keeps its letters — `?`
 * types a question mark — while F1 and Ctrl+ keys, which it does not consume, reach the commands.
 */
export type KeypressHandler = (press: KeyPress) => boolean;

export const PRIORITY = {
  /** Ctrl+C: always reaches the quit logic. */
  interrupt: 1000,
  /** The quit confirmation: above everything it covers. */
  modal: 100,
  /** Help, status and guide overlays. */
  overlay: 90,
  textInput: 50,
  widget: 40,
  screen: 10,
  /** App-wide keys (F1/? help) that anything above may claim first. */
  app: 0,
} as const;

interface Subscriber {
  priority: number;
  order: number;
  handler: { current: KeypressHandler };
}

interface KeypressRegistry {
  subscribe: (subscriber: Omit<Subscriber, 'order'>) => () => void;
}

const KeypressContext = createContext<KeypressRegistry | null>(null);

/** What tests (and the PTY e2e runs) need to know about input: when every key sent so far is handled. */
export interface InputController {
  /** Resolves once the queued keys are handled and React has drawn the result. */
  whenIdle: () => Promise<void>;
}

export interface KeypressProviderProps {
  children: ReactNode;
  /** Called once input is wired (raw mode on, listener attached): tests wait for it. */
  onReady?: (controller: InputController) => void;
}

/**
 * Ink's React root commits a state update asynchronously (React's scheduler), so a second key
 * handled in the same tick would meet the handlers and state of the frame before the first key.
 * Keys are therefore queued: each is delivered, then the next waits until React has committed
 * everything the previous one changed (`afterCommit`). A key typed alone is handled at once; a
 * burst (keys pasted together, a fast typist, a test) is handled in order, each against the state
 * the previous one produced.
 */
function createKeyQueue(
  deliver: (press: KeyPress) => void,
  afterCommit: (callback: () => void) => void,
) {
  const queue: KeyPress[] = [];
  let isDraining = false;
  let idleWaiters: (() => void)[] = [];
  const drain = () => {
    const press = queue.shift();
    if (!press) {
      isDraining = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    deliver(press);
    afterCommit(drain);
  };
  return {
    push(presses: readonly KeyPress[]) {
      queue.push(...presses);
      if (isDraining) return;
      isDraining = true;
      drain();
    },
    whenIdle(): Promise<void> {
      if (!isDraining)
        return new Promise((resolve) => {
          afterCommit(resolve);
        });
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

export function KeypressProvider({ children, onReady }: KeypressProviderProps) {
  const { setRawMode, internal_eventEmitter: events, isRawModeSupported } = useStdin();
  const subscribers = useRef<Subscriber[]>([]);
  const registry = useMemo<KeypressRegistry>(() => {
    let order = 0;
    return {
      subscribe(subscriber) {
        const entry: Subscriber = { ...subscriber, order: order++ };
        // Highest priority first; among equals the latest mounted (the innermost screen) first.
        subscribers.current = [...subscribers.current, entry].sort(
          (a, b) => b.priority - a.priority || b.order - a.order,
        );
        return () => {
          subscribers.current = subscribers.current.filter((item) => item !== entry);
        };
      },
    };
  }, []);

  // The commit barrier: a state update of this provider alone (its children element is the same
  // object, so they do not re-render) lands in the same render as the updates a key handler made;
  // its layout effect therefore runs once all of them are committed.
  const [commits, setCommits] = useState(0);
  const commitWaiters = useRef<(() => void)[]>([]);
  useLayoutEffect(() => {
    const waiters = commitWaiters.current;
    commitWaiters.current = [];
    for (const waiter of waiters) waiter();
  }, [commits]);

  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const afterCommit = (callback: () => void) => {
      commitWaiters.current.push(callback);
      setCommits((count) => count + 1);
    };
    const queue = createKeyQueue((press) => {
      for (const subscriber of subscribers.current) {
        if (subscriber.handler.current(press)) break;
      }
    }, afterCommit);
    const onInput = (input: string) => {
      queue.push(parseInput(input));
    };
    events.on('input', onInput);
    onReady?.({ whenIdle: () => queue.whenIdle() });
    return () => {
      events.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
    // onReady is a one-shot notification for the first mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [events, isRawModeSupported, setRawMode]);

  return <KeypressContext.Provider value={registry}>{children}</KeypressContext.Provider>;
}

export interface KeypressOptions {
  priority: number;
  isActive?: boolean;
}

/**
 * Subscribes a handler. The subscription is made in a layout effect, in the same commit that
 * draws the component, so a key sent after a frame is visible always finds its handler; the
 * handler itself is read through a ref, so it always sees the latest props and state.
 */
export function useKeypress(
  handler: KeypressHandler,
  { priority, isActive = true }: KeypressOptions,
): void {
  const registry = useContext(KeypressContext);
  if (!registry) throw new Error('useKeypress needs a KeypressProvider above it');
  const handlerRef = useRef(handler);
  useLayoutEffect(() => {
    handlerRef.current = handler;
  });
  useLayoutEffect(() => {
    if (!isActive) return undefined;
    return registry.subscribe({ priority, handler: handlerRef });
  }, [registry, priority, isActive]);
}
