import { createContext, useContext, useLayoutEffect, type ReactNode } from 'react';
import type { CommandId } from './key-registry.js';

/**
 * Whether a command does something right now is mostly known from the state (the root's
 * `availability`), but some only the widget knows: PgUp scrolls only when its content is taller
 * than the view. Such a widget reports it here, so the footer and the help show only what works.
 */
type Report = (id: CommandId, isAvailable: boolean | undefined) => void;

const HintAvailabilityContext = createContext<Report>(() => undefined);

export function HintAvailabilityProvider({
  report,
  children,
}: {
  report: Report;
  children: ReactNode;
}) {
  return (
    <HintAvailabilityContext.Provider value={report}>{children}</HintAvailabilityContext.Provider>
  );
}

/** Reports whether `id` does something while this component is active (a layout effect, so the footer of the same frame knows). */
export function useHintAvailability(id: CommandId, isAvailable: boolean, isActive = true): void {
  const report = useContext(HintAvailabilityContext);
  useLayoutEffect(() => {
    if (!isActive) return undefined;
    report(id, isAvailable);
    return () => {
      report(id, undefined);
    };
  }, [report, id, isAvailable, isActive]);
}
