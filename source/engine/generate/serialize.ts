import { stringify } from 'yaml';
import type { FileSpec } from '../../../generators/types.js';

/**
 * Turns a file spec into its text. YAML goes through the `yaml` library (block style, no
 * aliases, long lines kept), so user-supplied values are always quoted correctly.
 */
export async function renderFileSpec(spec: FileSpec): Promise<string> {
  switch (spec.kind) {
    case 'text':
      return await spec.render();
    case 'json':
      return `${JSON.stringify(spec.data(), null, 2)}\n`;
    case 'yaml': {
      const header = (spec.header ?? [])
        .map((line) => (line === '' ? '#' : `# ${line}`))
        .join('\n');
      const options = { lineWidth: 0, aliasDuplicateObjects: false } as const;
      const body = spec.isMultiDocument
        ? (spec.data() as unknown[]).map((document) => stringify(document, options)).join('---\n')
        : stringify(spec.data(), options);
      return header ? `${header}\n${body}` : body;
    }
  }
}

/** Renders file specs into a path → text map, in order (tests and partial re-renders). */
export async function renderFileSpecs(specs: readonly FileSpec[]): Promise<Map<string, string>> {
  const rendered = new Map<string, string>();
  for (const spec of specs) rendered.set(spec.path, await renderFileSpec(spec));
  return rendered;
}
