import { parseYamlSource, type YamlSource } from './yaml-source.js';
import type { LoadError } from './types.js';

export const CONFIGURATION_HEADING = '## Skillchain Configuration';

export interface SkillFileParts {
  frontMatter?: { source: YamlSource; data: unknown };
  configuration?: { source: YamlSource; data: unknown };
  guide: string;
  errors: LoadError[];
}

/**
 * Splits a SKILL.md into its YAML front matter, its human guide and the YAML block under
 * "## Skillchain Configuration", keeping each block's line offset so errors point into SKILL.md.
 */
export function splitSkillFile(file: string, text: string): SkillFileParts {
  const lines = text.split(/\r?\n/);
  const errors: LoadError[] = [];
  const error = (line: number, message: string): LoadError => ({
    file,
    line,
    column: 1,
    field: '',
    message,
  });

  if (lines[0]?.trim() !== '---') {
    return { guide: '', errors: [error(1, 'SKILL.md must start with YAML front matter ("---")')] };
  }
  const frontEnd = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (frontEnd < 0) {
    return { guide: '', errors: [error(1, 'the front matter is not closed by a "---" line')] };
  }
  const front = parseYamlSource(file, lines.slice(1, frontEnd).join('\n'), 1);
  errors.push(...front.errors);
  const parts: SkillFileParts = { guide: '', errors };
  if (front.errors.length === 0)
    parts.frontMatter = { source: front.source, data: front.source.doc.toJS() };

  const headingIndex = lines.findIndex((line) => line.trim() === CONFIGURATION_HEADING);
  const guideLines = lines.slice(frontEnd + 1, headingIndex < 0 ? undefined : headingIndex);
  parts.guide = guideLines.join('\n').trim();
  if (headingIndex < 0) {
    errors.push(error(frontEnd + 2, `missing the "${CONFIGURATION_HEADING}" section`));
    return parts;
  }
  const fenceStart = lines.findIndex(
    (line, index) => index > headingIndex && /^```(ya?ml)?\s*$/.test(line.trim()),
  );
  if (fenceStart < 0) {
    errors.push(
      error(headingIndex + 1, `"${CONFIGURATION_HEADING}" needs a fenced \`\`\`yaml block`),
    );
    return parts;
  }
  const fenceEnd = lines.findIndex((line, index) => index > fenceStart && line.trim() === '```');
  if (fenceEnd < 0) {
    errors.push(error(fenceStart + 1, 'the ```yaml block is not closed'));
    return parts;
  }
  const block = parseYamlSource(
    file,
    lines.slice(fenceStart + 1, fenceEnd).join('\n'),
    fenceStart + 1,
  );
  errors.push(...block.errors);
  if (block.errors.length === 0) {
    parts.configuration = { source: block.source, data: block.source.doc.toJS() };
  }
  return parts;
}
