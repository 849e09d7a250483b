import { Document, isMap, isSeq, type Node } from 'yaml';

/**
 * Structured YAML with comments: the object is still built as data, then comments are attached to
 * nodes by path (the `yaml` library keeps them when the engine serializes the document).
 */
export interface NodeComment {
  /** Keys and indexes from the root, e.g. `['scrape_configs', 2]`. */
  path: (string | number)[];
  comment: string;
}

export function commentedDocument(
  data: unknown,
  comments: readonly NodeComment[],
  top?: string,
): Document {
  const document = new Document(data);
  if (top) document.commentBefore = top;
  for (const { path, comment } of comments) {
    const node = nodeAt(document, path);
    if (node)
      node.commentBefore = comment
        .split('\n')
        .map((line) => ` ${line}`)
        .join('\n');
  }
  return document;
}

function nodeAt(document: Document, path: readonly (string | number)[]): Node | undefined {
  if (path.length === 0) return undefined;
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? document.contents : document.getIn(parentPath, true);
  const last = path[path.length - 1];
  if (isMap(parent)) {
    // On a map, the comment goes above the key (the pair's key node).
    const pair = parent.items.find(
      (item) => (item.key as { value?: unknown } | null)?.value === last,
    );
    return (pair?.key ?? undefined) as Node | undefined;
  }
  if (isSeq(parent) && typeof last === 'number') return parent.items[last] as Node | undefined;
  return undefined;
}
