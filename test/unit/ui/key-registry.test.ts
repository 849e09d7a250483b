import { describe, expect, it } from 'vitest';
import {
  COMMANDS,
  commandById,
  commandMatches,
  commandsIn,
  findClashes,
  formatKeys,
  SCOPE_TITLES,
  type Scope,
} from '../../../source/ui/keys/key-registry.js';
import { parseInput } from '../../../source/ui/keys/key-press.js';
import { fitFooter, footerItems } from '../../../source/ui/components/footer-hints.js';
import { helpRows } from '../../../source/ui/overlays/help-overlay.js';
import { keyTableMarkdown } from '../../../source/ui/keys/key-table.js';

const press = (sequence: string) => {
  const [first] = parseInput(sequence);
  if (!first) throw new Error('no key');
  return first;
};

describe('the key registry', () => {
  it('declares each command once, with dotted ids, keys, a description and a known scope', () => {
    const ids = COMMANDS.map((command) => command.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const command of COMMANDS) {
      expect(command.id).toMatch(/^[a-z]+\.[a-z-]+$/);
      expect(command.keys.length).toBeGreaterThan(0);
      expect(command.description.length).toBeGreaterThan(5);
      for (const scope of command.scopes) expect(Object.keys(SCOPE_TITLES)).toContain(scope);
    }
  });

  it('binds no key twice in one scope', () => {
    expect(findClashes()).toEqual([]);
  });

  it('has the default bindings of DESIGN §4', () => {
    const bound = (id: Parameters<typeof commandById>[0], sequence: string) =>
      commandMatches(commandById(id), press(sequence));
    // Chain screen
    expect(bound('chain.confirm', '\r')).toBe(true);
    expect(bound('chain.skip', 's')).toBe(true);
    expect(bound('chain.customize', 'c')).toBe(true);
    expect(bound('app.help', '?')).toBe(true);
    expect(bound('chain.stop', 'q')).toBe(true);
    // Question pane
    expect(bound('list.previous', '\u001B[A')).toBe(true);
    expect(bound('list.next', '\u001B[B')).toBe(true);
    expect(bound('question.toggle', ' ')).toBe(true);
    expect(bound('question.answer', '\r')).toBe(true);
    expect(bound('question.skip', '\t')).toBe(true);
    expect(bound('question.back', '\u001B')).toBe(true);
    expect(bound('question.done', '\u0004')).toBe(true);
    expect(bound('question.restart', '\u0012')).toBe(true);
    expect(bound('question.status', '\u0014')).toBe(true);
    expect(bound('app.help', '\u001BOP')).toBe(true);
    expect(bound('app.quit', '\u0003')).toBe(true);
    // Diff review hand-off
    expect(bound('files.toggle', ' ')).toBe(true);
    expect(bound('files.diff', '\r')).toBe(true);
    expect(bound('files.accept-all', 'a')).toBe(true);
    expect(bound('files.write', 'w')).toBe(true);
    expect(bound('files.back', '\u001B')).toBe(true);
    expect(bound('scroll.page-down', '\u001B[6~')).toBe(true);
  });

  it('tells Tab from Shift+Tab and a letter from Ctrl+letter', () => {
    expect(commandMatches(commandById('question.skip'), press('\u001B[Z'))).toBe(false);
    expect(commandMatches(commandById('question.skip-skill'), press('\u001B[Z'))).toBe(true);
    expect(commandMatches(commandById('chain.customize'), press('\u0003'))).toBe(false);
  });

  it('formats keys for people', () => {
    expect(formatKeys(commandById('app.help'))).toBe('F1 or ?');
    expect(formatKeys(commandById('question.done'))).toBe('Ctrl+D');
    expect(formatKeys(commandById('question.skip-skill'))).toBe('Ctrl+N or Shift+Tab');
  });

  it('draws the footer from the registry: the screen commands, then help and quit', () => {
    const items = footerItems('chain');
    expect(items.map((item) => `${item.keys} ${item.hint}`)).toEqual([
      'Enter confirm',
      's skip (all defaults)',
      'c customize',
      'r retry',
      'Esc rephrase goal',
      'q stop',
      'F1 help',
      'Ctrl+C quit',
    ]);
    expect(
      footerItems('chain', (id) => id !== 'chain.retry').map((item) => item.hint),
    ).not.toContain('retry');
  });

  it('fits a narrow footer by rank: the primary action and back last to go, in their order', () => {
    const shown = (scope: Scope, width: number) =>
      fitFooter(
        footerItems(scope, (id) => id !== 'question.toggle'),
        width,
      ).map((item) => `${item.keys} ${item.hint}`);
    expect(shown('files', 60)).toEqual(['Space accept/skip', 'w write', 'Esc back', 'F1 help']);
    expect(shown('question', 50)).toEqual(['Enter answer', 'Esc back', 'Ctrl+D done', 'F1 help']);
    expect(shown('question', 200)).toHaveLength(footerItems('question').length - 1);
  });

  it('draws the help overlay from the registry, for every command of the screen', () => {
    const scopes = Object.keys(SCOPE_TITLES) as Scope[];
    for (const scope of scopes) {
      const rows = helpRows(scope);
      for (const command of [...commandsIn(scope), ...commandsIn('app')]) {
        expect(rows.some((row) => row.description.startsWith(command.description))).toBe(true);
      }
    }
    expect(helpRows('question').find((row) => row.keys === 'F1 or ?')?.description).toMatch(
      /text field/,
    );
  });

  it('draws the README key table from the registry', () => {
    const table = keyTableMarkdown();
    expect(table).toMatch(/^\| Screen \| Keys \| Command \| What it does \|/m);
    for (const command of COMMANDS) expect(table).toContain(`\`${command.id}\``);
    expect(table).toContain('| Questions | Ctrl+D | `question.done` |');
  });
});
