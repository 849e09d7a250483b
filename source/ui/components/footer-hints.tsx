import { Text } from 'ink';
import {
  commandsIn,
  formatBinding,
  type CommandDefinition,
  type CommandId,
  type Scope,
} from '../keys/key-registry.js';
import { THEME } from '../theme.js';

/** The footer line: the scope's commands with a hint, then the app-wide ones, from the registry. */
export function footerItems(
  scope: Scope,
  isAvailable: (id: CommandId) => boolean = () => true,
): { keys: string; hint: string }[] {
  const commands: CommandDefinition[] = [...commandsIn(scope), ...commandsIn('app')];
  const seen = new Set<string>();
  const items: { keys: string; hint: string }[] = [];
  for (const command of commands) {
    if (command.hint === undefined || !isAvailable(command.id as CommandId)) continue;
    // The app's help and quit are shadowed where the scope binds those keys itself.
    const keys = command.keys.filter((binding) => !seen.has(formatBinding(binding)));
    if (keys.length === 0) continue;
    for (const binding of keys) seen.add(formatBinding(binding));
    // The footer shows the first key of each command; the help overlay lists them all.
    const [first] = keys;
    if (first) items.push({ keys: formatBinding(first), hint: command.hint });
  }
  return items;
}

export function FooterHints({
  scope,
  width,
  isAvailable,
}: {
  scope: Scope;
  width: number;
  isAvailable?: (id: CommandId) => boolean;
}) {
  const items = footerItems(scope, isAvailable);
  const app = new Set(commandsIn('app').map((command) => command.hint));
  const sizeOf = (item: { keys: string; hint: string }) =>
    item.keys.length + 1 + item.hint.length + 3;
  // The app-wide items (help, quit) always show; the screen's own fill the rest in order, and
  // whatever does not fit is in the help overlay.
  const fixed = items.filter((item) => app.has(item.hint));
  let room = width - fixed.reduce((sum, item) => sum + sizeOf(item), 0);
  const shown = items.filter((item) => {
    if (app.has(item.hint)) return true;
    if (sizeOf(item) > room) {
      room = -1;
      return false;
    }
    room -= sizeOf(item);
    return true;
  });
  return (
    <Text wrap="truncate-end">
      {shown.map((item, index) => (
        <Text key={`${item.keys}-${item.hint}`}>
          {index > 0 ? <Text color={THEME.muted}> · </Text> : null}
          <Text bold color={THEME.accent}>
            {item.keys}
          </Text>
          <Text> {item.hint}</Text>
        </Text>
      ))}
    </Text>
  );
}
