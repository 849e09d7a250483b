import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The folder holding skillchain's package.json. The code runs both from `source/` (tests) and from
 * `dist/source/` (the built CLI), so the data folders are found relative to the package, not to
 * this file.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'skillchain') return (cachedRoot = folder);
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the skillchain package root');
    folder = parent;
  }
}

export function defaultSkillsRoot(): string {
  return join(packageRoot(), 'skills');
}

export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}
