import { graphemes } from './graphemes.js';

/** Plain ASCII (the usual case) is measured by length; anything else by grapheme. */
function widthOf(text: string): number {
  return /^[\x20-\x7e]*$/.test(text) ? text.length : graphemes(text).length;
}

/**
 * Word-wraps plain text to `width` columns (long words are broken), keeping blank lines between
 * paragraphs. Screens wrap text themselves so they know how many rows it takes before drawing.
 */
export function wrapText(text: string, width: number): string[] {
  const room = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r/g, '').split('\n')) {
    if (paragraph.trim() === '') {
      lines.push('');
      continue;
    }
    const indent = /^\s*/.exec(paragraph)?.[0] ?? '';
    let line = '';
    for (const word of paragraph.trim().split(/\s+/)) {
      let rest = word;
      while (widthOf(rest) > room) {
        if (line !== '') {
          lines.push(line);
          line = '';
        }
        const characters = graphemes(rest);
        lines.push(characters.slice(0, room).join(''));
        rest = characters.slice(room).join('');
      }
      const candidate = line === '' ? indent + rest : `${line} ${rest}`;
      if (widthOf(candidate) > room && line !== '') {
        lines.push(line);
        line = indent + rest;
      } else {
        line = candidate;
      }
    }
    if (line !== '') lines.push(line);
  }
  return lines;
}

/** At most `max` lines; the last kept line ends with an ellipsis when some were cut. */
export function clampLines(lines: readonly string[], max: number): string[] {
  if (lines.length <= max) return [...lines];
  if (max <= 0) return [];
  const kept = lines.slice(0, max);
  const last = kept[max - 1] ?? '';
  kept[max - 1] = `${last.replace(/.$/u, '')}…`;
  return kept;
}

/**
 * Markdown prose is written with hard line breaks inside paragraphs; for a narrow pane the
 * paragraphs are joined and re-wrapped. Headings, lists, tables and code keep their lines.
 */
export function reflowMarkdown(markdown: string): string {
  return markdown
    .replace(/\r/g, '')
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.split('\n');
      const isStructured = lines.some((line) =>
        /^\s*([-*+]\s|\d+\.\s|#|\||```|>|\s{4})/.test(line),
      );
      return isStructured ? block : lines.map((line) => line.trim()).join(' ');
    })
    .join('\n\n');
}
