import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { reflowMarkdown, wrapText } from '../components/wrap-text.js';
import { useHintAvailability } from '../keys/hint-availability.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';
import { scrollOffset, type ScrollAction } from '../widgets/scroll/scroll.js';
import type { Dispatch } from '../screens/screen-props.js';

/** The skill's guide from its SKILL.md, wrapped once (memoised) and scrolled. */
export function GuideOverlay({
  title,
  guide,
  dispatch,
  width,
  height,
}: {
  title: string;
  guide: string;
  dispatch: Dispatch;
  width: number;
  height: number;
}) {
  const lines = useMemo(
    () =>
      wrapText(guide.trim() === '' ? 'This skill has no guide.' : reflowMarkdown(guide), width - 4),
    [guide, width],
  );
  const [offset, setOffset] = useState(0);
  const viewHeight = Math.max(1, height - 4);
  useHintAvailability('scroll.page-up', lines.length > viewHeight);
  const scroll = (action: ScrollAction) => () => {
    setOffset((current) => scrollOffset(current, action, lines.length, viewHeight));
  };
  useCommands(
    'guide',
    {
      'overlay.close': () => {
        dispatch({ type: 'close-overlay' });
      },
      'scroll.up': scroll('up'),
      'scroll.down': scroll('down'),
      'scroll.page-up': scroll('page-up'),
      'scroll.page-down': scroll('page-down'),
    },
    { priority: PRIORITY.overlay },
  );
  const shown = lines.slice(offset, offset + viewHeight);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={THEME.accent}
      width={width}
      height={height}
      paddingX={1}
      overflowY="hidden"
    >
      <Text bold color={THEME.accent} wrap="truncate-end">
        Guide · {title}
        <Text color={THEME.muted}>
          {' '}
          · lines {lines.length === 0 ? 0 : offset + 1}–{offset + shown.length} of {lines.length}
        </Text>
      </Text>
      {shown.map((line, index) => (
        <Text key={index} bold={line.startsWith('#')}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
