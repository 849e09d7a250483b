import { commandsIn, formatKeys, SCOPE_TITLES, type Scope } from './key-registry.js';

/**
 * The README's key table, drawn from the registry (scripts/key-table.ts prints it): one row per
 * screen and command, screens in the order a run meets them.
 */
const ORDER: readonly Scope[] = [
  'app',
  'goal',
  'chain',
  'customize',
  'announce',
  'question',
  'review',
  'files',
  'completion',
  'failed',
  'help',
  'status',
  'guide',
  'quit',
  'restart',
];

export function keyTableMarkdown(): string {
  const rows = ['| Screen | Keys | Command | What it does |', '| --- | --- | --- | --- |'];
  for (const scope of ORDER) {
    for (const command of commandsIn(scope)) {
      const keys = formatKeys(command).replace(/\|/g, '\\|');
      const note = command.isTypedInText ? ' (in a text field, printable keys type)' : '';
      rows.push(
        `| ${SCOPE_TITLES[scope]} | ${keys} | \`${command.id}\` | ${command.description}${note} |`,
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
