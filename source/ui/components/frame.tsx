import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { CommandId, Scope } from '../keys/key-registry.js';
import type { Layout } from '../terminal/layout.js';
import { THEME } from '../theme.js';
import { Clip } from './clip.js';
import { FooterHints } from './footer-hints.js';

/**
 * Every screen's frame: a title line, the body (exactly `bodyHeight` rows, clipped), a rule and
 * the footer hints of the active key scope. The frame is exactly `layout.height` rows.
 */
export function Frame({
  layout,
  title,
  status,
  scope,
  isAvailable,
  children,
}: {
  layout: Layout;
  title: string;
  status?: string;
  scope: Scope;
  isAvailable?: (id: CommandId) => boolean;
  children: ReactNode;
}) {
  return (
    <Box flexDirection="column" width={layout.width} height={layout.height} overflowY="hidden">
      <Box width={layout.width} height={1} justifyContent="space-between">
        <Box flexShrink={1}>
          <Text wrap="truncate-end">
            <Text bold color={THEME.accent}>
              skillchain
            </Text>
            <Text color={THEME.muted}> · </Text>
            <Text>{title}</Text>
          </Text>
        </Box>
        {status ? (
          <Box flexShrink={0} marginLeft={1}>
            <Text color={THEME.muted}>{status}</Text>
          </Box>
        ) : null}
      </Box>
      <Box width={layout.width} paddingX={1}>
        <Clip height={layout.bodyHeight} width={Math.max(1, layout.width - 2)}>
          {children}
        </Clip>
      </Box>
      <Text color={THEME.muted}>{'─'.repeat(layout.width)}</Text>
      <Box width={layout.width} height={1}>
        <FooterHints scope={scope} width={layout.width} {...(isAvailable ? { isAvailable } : {})} />
      </Box>
    </Box>
  );
}
