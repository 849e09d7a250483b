import { Box } from 'ink';
import type { ReactNode } from 'react';

/**
 * A fixed-height region whose content is cut at the bottom. The inner box never shrinks: in a
 * fixed-height column Yoga would otherwise shrink the lines themselves and Ink would draw them
 * over each other (leftover characters); here extra lines are simply not drawn.
 */
export function Clip({
  height,
  width,
  children,
}: {
  height: number;
  width?: number;
  children: ReactNode;
}) {
  return (
    <Box
      height={Math.max(1, height)}
      overflowY="hidden"
      flexDirection="column"
      {...(width === undefined ? {} : { width })}
    >
      <Box flexDirection="column" flexShrink={0} {...(width === undefined ? {} : { width })}>
        {children}
      </Box>
    </Box>
  );
}
