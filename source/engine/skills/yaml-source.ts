import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { LoadError } from './types.js';

/** A YAML document kept with its positions, so errors can name the file, line and field. */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Lines before the YAML inside its file (a block in SKILL.md starts below the front matter). */
  lineOffset: number;
}

export type PathSegment = string | number;

export function parseYamlSource(
  file: string,
  text: string,
  lineOffset = 0,
): { source: YamlSource; errors: LoadError[] } {
  const lineCounter = new LineCounter();
  // uniqueKeys: a duplicated key is an error, not a silent override.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const source: YamlSource = { file, doc, lineCounter, lineOffset };
  const errors: LoadError[] = doc.errors.map((error) => {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    return {
      file,
      line: line + lineOffset,
      column: col,
      field: '',
      message: error.message.split('\n')[0] ?? error.message,
    };
  });
  return { source, errors };
}

/** `questions[2].type` for ['questions', 2, 'type']. */
export function formatFieldPath(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text ? `.${segment}` : segment;
  }
  return text;
}

/**
 * The line and column of the node at `path` (or of the key `key` inside it, when the complaint is
 * about a key). Falls back to the nearest ancestor that exists.
 */
export function locate(
  source: YamlSource,
  path: readonly PathSegment[],
  key?: string,
): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  let best: Node | undefined = node as Node | undefined;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next.value ?? next.key;
    best = (next.value ?? next.key) as Node | undefined;
  }
  if (key !== undefined) {
    const pair = childOf(node, key);
    if (pair?.key) best = pair.key as Node;
  }
  const offset = best?.range?.[0] ?? 0;
  const { line, col } = source.lineCounter.linePos(offset);
  return { line: line + source.lineOffset, column: col };
}

function childOf(
  node: unknown,
  segment: PathSegment,
): { key?: unknown; value?: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find(
      (item) => (item.key as { value?: unknown } | null)?.value === segment,
    );
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

export function errorAt(
  source: YamlSource,
  path: readonly PathSegment[],
  message: string,
  key?: string,
): LoadError {
  const { line, column } = locate(source, path, key);
  const fieldPath = key === undefined ? path : [...path, key];
  return { file: source.file, line, column, field: formatFieldPath(fieldPath), message };
}
