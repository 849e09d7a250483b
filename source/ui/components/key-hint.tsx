import { Text } from 'ink';
import { commandById, formatBinding, type CommandId } from '../keys/key-registry.js';
import { THEME } from '../theme.js';

/** The first key of a registry command, for hints inside a screen ("Enter start"). */
export function keyOf(id: CommandId): string {
  const [first] = commandById(id).keys;
  return first ? formatBinding(first) : '';
}

export function KeyHint({ id, label }: { id: CommandId; label: string }) {
  return (
    <Text>
      <Text bold color={THEME.accent}>
        {keyOf(id)}
      </Text>{' '}
      {label}
    </Text>
  );
}
