import type { KeyPress } from './key-press.js';

/**
 * THE key registry (DESIGN §3–4): every shortcut of the dashboard is declared here once, with its
 * id, default keys, description and the screens where it applies. The footer hints, the help
 * overlay and the README key table (`scripts/key-table.ts`) are all drawn from this list, and the
 * screens bind handlers to command ids, never to raw keys.
 */

/** Where a command applies: a screen, an overlay, or everywhere (`app`). */
export type Scope =
  | 'app'
  | 'goal'
  | 'chain'
  | 'customize'
  | 'announce'
  | 'question'
  | 'review'
  | 'generating'
  | 'files'
  | 'completion'
  | 'failed'
  | 'help'
  | 'status'
  | 'guide'
  | 'quit'
  | 'restart';

export const SCOPE_TITLES: Readonly<Record<Scope, string>> = {
  app: 'Everywhere',
  goal: 'Goal input',
  chain: 'Chain confirmation',
  customize: 'Customize the chain',
  announce: 'Skill announcement',
  question: 'Questions',
  review: 'Conflicts and dependencies',
  generating: 'Generation',
  files: 'Files (hand-off)',
  completion: 'Completion',
  failed: 'Error',
  help: 'Help overlay',
  status: 'Status overlay',
  guide: 'Skill guide',
  quit: 'Quit confirmation',
  restart: 'Restart confirmation',
};

export interface KeyBinding {
  /** A KeyPress name: `return`, `f1`, `?`, `s`, `d` (with ctrl)… */
  name: string;
  ctrl?: boolean;
  shift?: boolean;
}

/**
 * How long a footer hint holds on when the footer is too narrow for all of them: the lowest rank
 * is dropped last. The screen's primary action, then Esc/back, then help, then the screen's other
 * common keys, then quit, then the rest; the help overlay always lists everything.
 */
export const HINT_RANKS = {
  primary: 0,
  back: 1,
  help: 2,
  secondary: 3,
  quit: 4,
  normal: 5,
  rare: 6,
} as const;

export type HintRank = keyof typeof HINT_RANKS;

export interface CommandDefinition {
  id: string;
  keys: readonly KeyBinding[];
  description: string;
  /** The short label of the footer ("skip"); absent = not in the footer (help overlay only). */
  hint?: string;
  /** How long the hint holds on in a narrow footer (default `normal`). */
  hintRank?: HintRank;
  scopes: readonly Scope[];
  /** A printable key: a text field types it instead (so the help says "outside a text field"). */
  isTypedInText?: boolean;
}

const QUESTION_SCOPES: readonly Scope[] = ['announce', 'question'];
const SCROLLING: readonly Scope[] = ['files', 'completion', 'guide', 'help'];

export const COMMANDS = [
  // Everywhere
  {
    id: 'app.help',
    keys: [{ name: 'f1' }, { name: '?' }],
    description: 'Show the keys of this screen',
    hint: 'help',
    hintRank: 'help',
    scopes: ['app'],
    isTypedInText: true,
  },
  {
    id: 'app.quit',
    keys: [{ name: 'c', ctrl: true }],
    description: 'Quit (asks first, except on the summary; nothing is written before w)',
    hint: 'quit',
    hintRank: 'quit',
    scopes: ['app'],
  },

  // Text fields (the goal, text/number/list answers); letters, ←/→, Backspace and Delete edit as usual
  {
    id: 'text.home',
    keys: [{ name: 'home' }, { name: 'a', ctrl: true }],
    description: 'Move to the start of the field',
    scopes: ['goal', 'question'],
  },
  {
    id: 'text.end',
    keys: [{ name: 'end' }, { name: 'e', ctrl: true }],
    description: 'Move to the end of the field',
    scopes: ['goal', 'question'],
  },
  {
    id: 'text.clear',
    keys: [{ name: 'u', ctrl: true }],
    description: 'Clear the field',
    scopes: ['goal', 'question'],
  },
  {
    id: 'text.delete-word',
    keys: [{ name: 'w', ctrl: true }],
    description: 'Delete the word before the cursor',
    scopes: ['goal', 'question'],
  },

  // Goal
  {
    id: 'goal.submit',
    keys: [{ name: 'return' }],
    description: 'Match the goal to skills',
    hint: 'continue',
    hintRank: 'primary',
    scopes: ['goal'],
  },

  // Chain confirmation
  {
    id: 'chain.confirm',
    keys: [{ name: 'return' }],
    description: 'Confirm the chain and start the questions',
    hint: 'confirm',
    hintRank: 'primary',
    scopes: ['chain'],
  },
  {
    id: 'chain.skip',
    keys: [{ name: 's' }],
    description: 'Skip: every question takes its default, go to generation',
    hint: 'skip (all defaults)',
    hintRank: 'secondary',
    scopes: ['chain'],
  },
  {
    id: 'chain.customize',
    keys: [{ name: 'c' }],
    description: 'Customize: add or remove skills (dependencies re-checked)',
    hint: 'customize',
    hintRank: 'secondary',
    scopes: ['chain'],
  },
  {
    id: 'chain.retry',
    keys: [{ name: 'r' }],
    description: 'Retry: re-read the skills that failed to load',
    hint: 'retry',
    hintRank: 'secondary',
    scopes: ['chain'],
  },
  {
    id: 'chain.rephrase',
    keys: [{ name: 'escape' }],
    description: 'Back to the goal, to rephrase it (the typed goal is kept)',
    hint: 'rephrase goal',
    hintRank: 'secondary',
    scopes: ['chain'],
  },
  {
    id: 'chain.stop',
    keys: [{ name: 'q' }],
    description: 'Stop: quit without generating anything',
    hint: 'stop',
    hintRank: 'rare',
    scopes: ['chain'],
  },

  // Lists (customize, options, resolutions, files)
  {
    id: 'list.previous',
    keys: [{ name: 'up' }],
    description: 'Move up',
    scopes: ['customize', 'question', 'review', 'files'],
  },
  {
    id: 'list.next',
    keys: [{ name: 'down' }],
    description: 'Move down',
    scopes: ['customize', 'question', 'review', 'files'],
  },

  {
    id: 'list.first',
    keys: [{ name: 'home' }],
    description: 'Move to the first row',
    scopes: ['files'],
  },
  {
    id: 'list.last',
    keys: [{ name: 'end' }],
    description: 'Move to the last row',
    scopes: ['files'],
  },

  // Customize
  {
    id: 'customize.toggle',
    keys: [{ name: 'space' }],
    description: 'Add or remove the skill',
    hint: 'add/remove',
    hintRank: 'primary',
    scopes: ['customize'],
  },
  {
    id: 'customize.done',
    keys: [{ name: 'return' }, { name: 'escape' }],
    description: 'Back to the chain',
    hint: 'done',
    hintRank: 'back',
    scopes: ['customize'],
  },

  // Skill announcement
  {
    id: 'announce.start',
    keys: [{ name: 'return' }],
    description: "Start the skill's questions",
    hint: 'start',
    hintRank: 'primary',
    scopes: ['announce'],
  },

  // Questions (DESIGN §4)
  {
    id: 'question.toggle',
    keys: [{ name: 'space' }],
    description: 'Select or clear the option (multi-select)',
    hint: 'toggle',
    hintRank: 'primary',
    scopes: ['question'],
  },
  {
    id: 'question.answer',
    keys: [{ name: 'return' }],
    description: 'Answer with the choice or the typed text (empty = the default)',
    hint: 'answer',
    hintRank: 'primary',
    scopes: ['question'],
  },
  {
    id: 'question.edit-default',
    keys: [{ name: 'right' }],
    description: 'Copy the default into an empty text field to edit it',
    scopes: ['question'],
  },
  {
    id: 'question.skip',
    keys: [{ name: 'tab' }],
    description: 'Skip: this question takes its default',
    hint: 'skip',
    hintRank: 'normal',
    scopes: ['question'],
  },
  {
    id: 'question.skip-skill',
    keys: [
      { name: 'n', ctrl: true },
      { name: 'tab', shift: true },
    ],
    description: 'Skip the rest of this skill (its questions take their defaults)',
    hint: 'skip skill',
    hintRank: 'rare',
    scopes: QUESTION_SCOPES,
  },
  {
    id: 'question.back',
    keys: [{ name: 'escape' }],
    description:
      "Back: the previous question (at a skill's first question, the previous skill; answers kept)",
    hint: 'back',
    hintRank: 'back',
    scopes: QUESTION_SCOPES,
  },
  {
    id: 'question.done',
    keys: [{ name: 'd', ctrl: true }],
    description: 'Done: the remaining questions take their defaults; go to generation',
    hint: 'done',
    hintRank: 'secondary',
    scopes: QUESTION_SCOPES,
  },
  {
    id: 'question.restart',
    keys: [{ name: 'r', ctrl: true }],
    description: 'Restart: clear the answers, back to the chain (asks first; goal kept)',
    hint: 'restart',
    hintRank: 'rare',
    scopes: [...QUESTION_SCOPES, 'review'],
  },
  {
    id: 'question.status',
    keys: [{ name: 't', ctrl: true }],
    description: 'Status: step X/Y, done, current and pending skills',
    hint: 'status',
    hintRank: 'rare',
    scopes: QUESTION_SCOPES,
  },
  {
    id: 'question.guide',
    keys: [{ name: 'g', ctrl: true }],
    description: "Show the skill's guide (its SKILL.md)",
    hint: 'guide',
    hintRank: 'rare',
    scopes: QUESTION_SCOPES,
  },

  // Conflicts and skipped dependencies
  {
    id: 'review.choose',
    keys: [{ name: 'return' }],
    description: 'Take the highlighted resolution',
    hint: 'choose',
    hintRank: 'primary',
    scopes: ['review'],
  },

  {
    id: 'review.back',
    keys: [{ name: 'escape' }],
    description: 'Back to the last question (the chain when nothing was asked); answers kept',
    hint: 'back',
    hintRank: 'back',
    scopes: ['review'],
  },

  // Files (hand-off to the diff review)
  {
    id: 'files.toggle',
    keys: [{ name: 'space' }],
    description: 'Accept or skip the file',
    hint: 'accept/skip',
    hintRank: 'secondary',
    scopes: ['files'],
  },
  {
    id: 'files.diff',
    keys: [{ name: 'return' }],
    description: "Open or close the file's diff",
    hint: 'diff',
    hintRank: 'normal',
    scopes: ['files'],
  },
  {
    id: 'files.accept-all',
    keys: [{ name: 'a' }],
    description: 'Accept every file that has changes',
    hint: 'accept all',
    hintRank: 'normal',
    scopes: ['files'],
  },
  {
    id: 'files.write',
    keys: [{ name: 'w' }],
    description: 'Write the accepted files',
    hint: 'write',
    hintRank: 'primary',
    scopes: ['files'],
  },
  {
    id: 'files.back',
    keys: [{ name: 'escape' }],
    description: 'Back to the questions (nothing written)',
    hint: 'back',
    hintRank: 'back',
    scopes: ['files'],
  },

  // Scrolling (the file list or its diff, guide, summary, help)
  {
    id: 'scroll.up',
    keys: [{ name: 'up' }],
    description: 'Scroll up',
    scopes: ['completion', 'guide', 'help'],
  },
  {
    id: 'scroll.down',
    keys: [{ name: 'down' }],
    description: 'Scroll down',
    scopes: ['completion', 'guide', 'help'],
  },
  {
    id: 'scroll.page-up',
    keys: [{ name: 'pageup' }],
    description: 'Scroll a page up',
    hint: 'scroll',
    hintRank: 'rare',
    scopes: SCROLLING,
  },
  {
    id: 'scroll.page-down',
    keys: [{ name: 'pagedown' }],
    description: 'Scroll a page down',
    scopes: SCROLLING,
  },

  // Completion and errors
  {
    id: 'completion.finish',
    keys: [{ name: 'q' }, { name: 'return' }],
    description: 'Finish and leave the dashboard',
    hint: 'finish',
    hintRank: 'primary',
    scopes: ['completion'],
  },
  {
    id: 'failed.back',
    keys: [{ name: 'escape' }],
    description: 'Back to the questions',
    hint: 'back',
    hintRank: 'back',
    scopes: ['failed'],
  },
  {
    id: 'failed.quit',
    keys: [{ name: 'q' }, { name: 'return' }],
    description: 'Leave the dashboard',
    hint: 'quit',
    hintRank: 'primary',
    scopes: ['failed'],
  },

  // Overlays
  {
    id: 'overlay.close',
    keys: [{ name: 'escape' }, { name: 'return' }, { name: 'q' }, { name: '?' }, { name: 'f1' }],
    description: 'Close the overlay',
    hint: 'close',
    hintRank: 'primary',
    scopes: ['help', 'status', 'guide'],
  },
  {
    id: 'quit.confirm',
    keys: [{ name: 'y' }, { name: 'return' }, { name: 'c', ctrl: true }],
    description: 'Quit now (nothing more is written)',
    hint: 'quit',
    hintRank: 'primary',
    scopes: ['quit'],
  },
  {
    id: 'quit.cancel',
    keys: [{ name: 'n' }, { name: 'escape' }],
    description: 'Stay in the dashboard',
    hint: 'stay',
    hintRank: 'back',
    scopes: ['quit'],
  },
  {
    id: 'restart.confirm',
    keys: [{ name: 'y' }, { name: 'return' }],
    description: 'Restart: clear the answers, back to the chain (goal kept)',
    hint: 'restart',
    hintRank: 'primary',
    scopes: ['restart'],
  },
  {
    id: 'restart.cancel',
    keys: [{ name: 'n' }, { name: 'escape' }],
    description: 'Keep the answers and go on',
    hint: 'keep answers',
    hintRank: 'back',
    scopes: ['restart'],
  },
] as const satisfies readonly CommandDefinition[];

export type CommandId = (typeof COMMANDS)[number]['id'];

const BY_ID = new Map<string, CommandDefinition>(COMMANDS.map((command) => [command.id, command]));

export function commandById(id: CommandId): CommandDefinition {
  const command = BY_ID.get(id);
  if (!command) throw new Error(`unknown command ${id}`);
  return command;
}

/** The commands of one scope, in declaration order (app-wide commands excluded). */
export function commandsIn(scope: Scope): CommandDefinition[] {
  return COMMANDS.filter((command) => (command.scopes as readonly Scope[]).includes(scope));
}

export function bindingMatches(binding: KeyBinding, press: KeyPress): boolean {
  if (binding.name !== press.name) return false;
  if ((binding.ctrl ?? false) !== press.ctrl) return false;
  // Shift is part of a printable character ('?' is Shift+/); for named keys it is a modifier.
  const isCharacter = Array.from(binding.name).length === 1;
  if (!isCharacter && (binding.shift ?? false) !== press.shift) return false;
  // A printable key typed with Alt is a different key.
  return !press.meta || binding.name === 'escape';
}

export function commandMatches(command: CommandDefinition, press: KeyPress): boolean {
  return command.keys.some((binding) => bindingMatches(binding, press));
}

const KEY_LABELS: Readonly<Record<string, string>> = {
  return: 'Enter',
  escape: 'Esc',
  tab: 'Tab',
  space: 'Space',
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  backspace: 'Backspace',
  delete: 'Delete',
};

export function formatBinding(binding: KeyBinding): string {
  const name =
    KEY_LABELS[binding.name] ??
    (/^f\d+$/.test(binding.name) ? binding.name.toUpperCase() : binding.name);
  const base = binding.ctrl ? `Ctrl+${name.toUpperCase()}` : name;
  return binding.shift && !binding.ctrl ? `Shift+${base}` : base;
}

/** "F1 or ?" / "Enter or Esc". */
export function formatKeys(command: CommandDefinition): string {
  return command.keys.map(formatBinding).join(' or ');
}

/**
 * Checks the registry: no key bound twice among one scope's own commands (a clash would leave one
 * dead). A scope may rebind an app-wide key on purpose — its handlers run first (`?` closes the
 * help overlay, Ctrl+C confirms in the quit dialog) — so app keys only clash among themselves.
 */
export function findClashes(): string[] {
  const clashes: string[] = [];
  for (const scope of Object.keys(SCOPE_TITLES) as Scope[]) {
    const seen = new Map<string, string>();
    for (const command of commandsIn(scope)) {
      for (const binding of command.keys) {
        const label = formatBinding(binding);
        const other = seen.get(label);
        if (other !== undefined && other !== command.id)
          clashes.push(`${scope}: ${label} is bound to ${other} and ${command.id}`);
        seen.set(label, command.id);
      }
    }
  }
  return clashes;
}
