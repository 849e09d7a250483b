import { isBareSqlIdentifier } from './sql-reserved.js';

/**
 * Helpers for text templates. Templates are TypeScript functions returning strings: typed, unit
 * testable, and free of the `{{ }}` clash that Handlebars would have with the Jinja, Go-template
 * and Prometheus syntax these files are full of.
 */

export type Line = string | false | null | undefined | readonly Line[];

/**
 * Joins lines, dropping `false`/`null`/`undefined` so conditional lines read naturally:
 * `lines('a', isX && 'b', ['c', 'd'])`. Ends with exactly one newline.
 */
export function lines(...parts: Line[]): string {
  const out: string[] = [];
  const walk = (part: Line) => {
    if (part === false || part === null || part === undefined) return;
    if (Array.isArray(part)) (part as readonly Line[]).forEach(walk);
    else out.push(part as string);
  };
  parts.forEach(walk);
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/** Prefixes every non-empty line with `spaces` spaces. */
export function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? line : pad + line))
    .join('\n');
}

/**
 * A tagged template that strips the common leading indentation, so templates can be indented
 * with the code around them. Interpolated multi-line values keep their own indentation relative
 * to the placeholder's column.
 */
export function dedent(strings: TemplateStringsArray, ...values: unknown[]): string {
  let text = '';
  strings.forEach((part, index) => {
    text += part;
    if (index < values.length) {
      const value = String(values[index]);
      const column = text.length - text.lastIndexOf('\n') - 1;
      const prefix = text.slice(text.lastIndexOf('\n') + 1);
      const isPlaceholderAtIndent = prefix.trim() === '';
      text += isPlaceholderAtIndent
        ? value
            .split('\n')
            .map((line, lineIndex) =>
              lineIndex === 0 || line === '' ? line : ' '.repeat(column) + line,
            )
            .join('\n')
        : value;
    }
  });
  const body = text.replace(/^\n/, '').replace(/\n[ \t]*$/, '');
  const indents = body
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => /^ */.exec(line)?.[0].length ?? 0);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return `${body
    .split('\n')
    .map((line) => line.slice(common))
    .join('\n')}\n`;
}

/** A SQL identifier: bare when it is a safe lowercase name, double-quoted (escaped) otherwise. */
export function sqlIdentifier(name: string): string {
  if (isBareSqlIdentifier(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A Python string literal (double quotes, escaped). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}

/** A JavaScript/TypeScript string literal. */
export function jsString(value: string): string {
  return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n')}'`;
}

/** A Java/Go string literal. */
export function cString(value: string): string {
  return JSON.stringify(value);
}

/** Text inside a Markdown table cell. */
export function markdownCell(value: string): string {
  return value.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A shell word, single-quoted when it holds anything but safe characters. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
