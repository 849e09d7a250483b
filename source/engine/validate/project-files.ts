import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { glob } from 'tinyglobby';
import type { ProjectFiles } from './domain/types.js';

/** Folders that are never part of a generated project's content (and may be huge). */
const IGNORED = [
  '**/node_modules/**',
  '.git/**',
  '.skillchain/**',
  'data/**',
  '**/target/**',
  '**/.venv/**',
  '**/__pycache__/**',
  '**/logs/**',
];

/**
 * The project's files on disk, read lazily. Only the files skillchain knows about (the manifest)
 * and those the blueprint's globs name are listed, so validation costs grow with the project,
 * not with whatever else the folder holds.
 */
export async function diskProjectFiles(
  dir: string,
  knownPaths: readonly string[],
  patterns: readonly string[],
): Promise<ProjectFiles & { preload(): Promise<void> }> {
  const matched =
    patterns.length > 0
      ? await glob([...patterns], { cwd: dir, ignore: IGNORED, dot: true, onlyFiles: true })
      : [];
  const existing = await Promise.all(
    knownPaths.map(async (path) =>
      (await readIfExists(join(dir, path))) === undefined ? undefined : path,
    ),
  );
  const paths = [
    ...new Set([...matched, ...existing.filter((path): path is string => path !== undefined)]),
  ].sort();
  const contents = new Map<string, string | undefined>();
  return {
    paths: () => paths,
    read: (path) => contents.get(path),
    async preload() {
      await Promise.all(
        paths.map(async (path) => contents.set(path, await readIfExists(join(dir, path)))),
      );
    },
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
