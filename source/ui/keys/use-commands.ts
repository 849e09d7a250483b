import { commandMatches, commandsIn, type CommandId, type Scope } from './key-registry.js';
import { useKeypress, type KeypressOptions } from './keypress-context.js';

/**
 * What a command does on this screen. Returning false leaves the key to the handlers below
 * (for example Enter on an empty list).
 */
export type CommandHandlers = Partial<Record<CommandId, () => unknown>>;

/**
 * Binds handlers to the registry's commands of one scope: the keys come from the registry, so
 * what the footer and the help overlay show is what works.
 */
export function useCommands(
  scope: Scope,
  handlers: CommandHandlers,
  options: KeypressOptions,
): void {
  const commands = commandsIn(scope);
  useKeypress((press) => {
    for (const command of commands) {
      const handler = handlers[command.id as CommandId];
      if (!handler || !commandMatches(command, press)) continue;
      return handler() !== false;
    }
    return false;
  }, options);
}
