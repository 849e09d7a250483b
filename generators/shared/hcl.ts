/**
 * A small HCL writer for the Terraform and Vault files: blocks are built as data and rendered in
 * `terraform fmt` style (two-space indent, `=` aligned within runs of single-line attributes), so
 * the output passes `terraform fmt -check` and string values are always escaped.
 */

export type HclItem =
  | { kind: 'attribute'; name: string; value: HclExpression }
  | { kind: 'block'; block: HclBlock }
  | { kind: 'comment'; text: string }
  | { kind: 'blank' };

export interface HclBlock {
  type: string;
  labels?: string[];
  body: HclItem[];
}

/** An expression already in HCL syntax (use the helpers below to build one). */
export interface HclExpression {
  hcl: string;
}

export const attribute = (
  name: string,
  value: HclExpression | string | number | boolean | readonly string[],
): HclItem => ({
  kind: 'attribute',
  name,
  value: toExpression(value),
});
export const block = (type: string, labels: string[], body: HclItem[]): HclItem => ({
  kind: 'block',
  block: { type, labels, body },
});
export const comment = (text: string): HclItem => ({ kind: 'comment', text });
export const blank: HclItem = { kind: 'blank' };

/** A raw expression: a reference (`var.region`), a function call, an interpolation. */
export const expression = (hcl: string): HclExpression => ({ hcl });

/** A quoted string; `${` and `%{` are escaped so they stay literal. */
export function hclString(value: string): HclExpression {
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll('"', '\\"')
    .replaceAll('\n', '\\n')
    // A function replacement: in a replacement string `$$` would collapse to one `$`.
    .replaceAll('${', () => '$${')
    .replaceAll('%{', () => '%%{');
  return { hcl: `"${escaped}"` };
}

/**
 * A quoted template string written as is: its `${…}` interpolations (and the quotes inside them)
 * are kept. Literal parts must not contain quotes or backslashes.
 */
export function hclTemplate(value: string): HclExpression {
  return { hcl: `"${value}"` };
}

/** A list of expressions, one per line when it does not fit in one short line. */
export function hclList(values: readonly (HclExpression | string)[]): HclExpression {
  const items = values.map((value) =>
    typeof value === 'string' ? hclString(value).hcl : value.hcl,
  );
  const inline = `[${items.join(', ')}]`;
  if (inline.length <= 60 && !inline.includes('\n')) return { hcl: inline };
  return { hcl: `[\n${items.map((item) => `  ${item},`).join('\n')}\n]` };
}

/** An object expression (`tags = { … }`), keys as identifiers. */
export function hclObject(entries: Record<string, HclExpression | string>): HclExpression {
  const keys = Object.keys(entries);
  if (keys.length === 0) return { hcl: '{}' };
  const width = Math.max(...keys.map((key) => key.length));
  const body = keys.map((key) => {
    const value = entries[key] as HclExpression | string;
    return `  ${key.padEnd(width)} = ${typeof value === 'string' ? hclString(value).hcl : value.hcl}`;
  });
  return { hcl: `{\n${body.join('\n')}\n}` };
}

function toExpression(
  value: HclExpression | string | number | boolean | readonly string[],
): HclExpression {
  if (typeof value === 'string') return hclString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return { hcl: String(value) };
  if (Array.isArray(value)) return hclList(value as readonly string[]);
  return value as HclExpression;
}

/** Renders top-level items (blocks separated by blank lines as written). */
export function renderHcl(items: readonly HclItem[]): string {
  return `${renderItems(items, 0).join('\n')}\n`;
}

function renderItems(items: readonly HclItem[], depth: number): string[] {
  const pad = '  '.repeat(depth);
  const out: string[] = [];
  // Width of the `=` column for each run of consecutive single-line attributes.
  const widths = new Map<number, number>();
  let run: number[] = [];
  const closeRun = () => {
    const width = Math.max(
      0,
      ...run.map((index) => (items[index] as { name: string }).name.length),
    );
    for (const index of run) widths.set(index, width);
    run = [];
  };
  items.forEach((item, index) => {
    if (item.kind === 'attribute' && !item.value.hcl.includes('\n')) run.push(index);
    else closeRun();
  });
  closeRun();
  items.forEach((item, index) => {
    switch (item.kind) {
      case 'blank':
        out.push('');
        break;
      case 'comment':
        for (const line of item.text.split('\n'))
          out.push(line === '' ? `${pad}#` : `${pad}# ${line}`);
        break;
      case 'attribute': {
        const name = item.name.padEnd(widths.get(index) ?? item.name.length);
        const [first, ...rest] = item.value.hcl.split('\n');
        out.push(`${pad}${name} = ${first ?? ''}`);
        for (const line of rest) out.push(line === '' ? '' : `${pad}${line}`);
        break;
      }
      case 'block': {
        const labels = (item.block.labels ?? []).map((label) => ` "${label}"`).join('');
        if (item.block.body.length === 0) {
          out.push(`${pad}${item.block.type}${labels} {}`);
          break;
        }
        out.push(`${pad}${item.block.type}${labels} {`);
        out.push(...renderItems(item.block.body, depth + 1));
        out.push(`${pad}}`);
        break;
      }
    }
  });
  return out;
}

/** A multi-line map with quoted keys (`"a/b" = …`), keys padded as `terraform fmt` aligns them. */
export function hclMap(entries: readonly (readonly [string, HclExpression])[]): HclExpression {
  if (entries.length === 0) return { hcl: '{}' };
  const keys = entries.map(([key]) => hclString(key).hcl);
  const width = Math.max(...keys.map((key) => key.length));
  return {
    hcl: `{\n${entries.map(([, value], index) => `  ${(keys[index] as string).padEnd(width)} = ${value.hcl}`).join('\n')}\n}`,
  };
}

/** A single-line object (`{ group = "x", variable = "Y" }`), for values inside a map. */
export function hclInlineObject(entries: Record<string, HclExpression | string>): HclExpression {
  const body = Object.entries(entries)
    .map(
      ([key, value]) => `${key} = ${typeof value === 'string' ? hclString(value).hcl : value.hcl}`,
    )
    .join(', ');
  return { hcl: `{ ${body} }` };
}
