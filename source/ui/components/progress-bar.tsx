import { Text } from 'ink';
import { THEME } from '../theme.js';

/** "████████░░░░ 8/12" in `width` cells. */
export function ProgressBar({
  done,
  total,
  width,
}: {
  done: number;
  total: number;
  width: number;
}) {
  const label = ` ${done}/${total}`;
  const cells = Math.max(4, width - label.length);
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * cells);
  return (
    <Text wrap="truncate-end">
      <Text color={THEME.accent}>{'█'.repeat(filled)}</Text>
      <Text color={THEME.muted}>{'░'.repeat(cells - filled)}</Text>
      {label}
    </Text>
  );
}
