/**
 * Colours and symbols. NO_COLOR (https://no-color.org) turns every colour off; focus and
 * selection stay visible through inverse and bold, which are not colours.
 */
const isColorless = 'NO_COLOR' in process.env && process.env.NO_COLOR !== '';

type Colour = 'cyan' | 'green' | 'yellow' | 'red' | 'magenta' | 'blue' | 'gray';

function colour(name: Colour): Colour | undefined {
  return isColorless ? undefined : name;
}

export const THEME = {
  accent: colour('cyan'),
  success: colour('green'),
  warning: colour('yellow'),
  danger: colour('red'),
  muted: colour('gray'),
  highlight: colour('magenta'),
  info: colour('blue'),
} as const;

export const SYMBOL = {
  done: '✓',
  current: '◆',
  pending: '○',
  skipped: '–',
  failed: '✗',
  pointer: '›',
  checked: '[x]',
  unchecked: '[ ]',
  radioOn: '(•)',
  radioOff: '( )',
  warning: '!',
  ellipsis: '…',
} as const;
