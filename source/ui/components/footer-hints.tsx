import { Text } from 'ink';
import {
  commandsIn,
  formatBinding,
  HINT_RANKS,
  type CommandDefinition,
  type CommandId,
  type Scope,
} from '../keys/key-registry.js';
import { THEME } from '../theme.js';

export interface FooterItem {
  keys: string;
  hint: string;
  rank: number;
}

/** The footer line: the scope's commands with a hint, then the app-wide ones, from the registry. */
export function footerItems(
  scope: Scope,
  isAvailable: (id: CommandId) => boolean = () => true,
): FooterItem[] {
  const commands: CommandDefinition[] = [...commandsIn(scope), ...commandsIn('app')];
  const seen = new Set<string>();
  const items: FooterItem[] = [];
  for (const command of commands) {
    if (command.hint === undefined || !isAvailable(command.id as CommandId)) continue;
    // The app's help and quit are shadowed where the scope binds those keys itself.
    const keys = command.keys.filter((binding) => !seen.has(formatBinding(binding)));
    if (keys.length === 0) continue;
    for (const binding of keys) seen.add(formatBinding(binding));
    // The footer shows the first key of each command; the help overlay lists them all.
    const [first] = keys;
    if (first)
      items.push({
        keys: formatBinding(first),
        hint: command.hint,
        rank: HINT_RANKS[command.hintRank ?? 'normal'],
      });
  }
  return items;
}

/**
 * The items that fit in `width` columns, in their order: when they do not all fit, the lowest
 * ranks (primary action, back, help) are kept first, and among equal ranks the earlier ones.
 */
export function fitFooter(items: readonly FooterItem[], width: number): FooterItem[] {
  const sizeOf = (item: FooterItem) => item.keys.length + 1 + item.hint.length;
  const separator = 3;
  const byImportance = items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.rank - b.item.rank || a.index - b.index);
  const kept = new Set<number>();
  let used = 0;
  for (const { item, index } of byImportance) {
    const size = sizeOf(item) + (kept.size > 0 ? separator : 0);
    if (used + size > width) continue;
    used += size;
    kept.add(index);
  }
  return items.filter((_, index) => kept.has(index));
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
  const shown = fitFooter(footerItems(scope, isAvailable), width);
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
