import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * `.skillchain/manifest.json`: what the last run wrote, so a re-run can tell the user's edits
 * from template changes without git (DESIGN §5). Base contents live beside it in a
 * content-addressed store (`.skillchain/objects/<sha256>`), the manifest keeps the pointer.
 */
export interface Manifest {
  version: 1;
  toolVersion: string;
  files: Record<string, ManifestEntry>;
}

export interface ManifestEntry {
  sha256: string;
  generator: string;
  isExecutable: boolean;
}

export const STATE_FOLDER = '.skillchain';
export const MANIFEST_FILE = `${STATE_FOLDER}/manifest.json`;
export const ANSWERS_FILE = `${STATE_FOLDER}/answers.yaml`;
export const OBJECTS_FOLDER = `${STATE_FOLDER}/objects`;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function objectPath(hash: string): string {
  return `${OBJECTS_FOLDER}/${hash}`;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** The manifest of the last run, or undefined for a folder skillchain never wrote to. */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(outDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(
      `${MANIFEST_FILE} is not valid JSON (${(error as Error).message}); restore it from version control or delete it to treat every file as unknown`,
    );
  }
  const manifest = data as Partial<Manifest>;
  if (manifest.version !== 1 || typeof manifest.files !== 'object') {
    throw new ManifestError(`${MANIFEST_FILE} has an unknown format (expected version 1)`);
  }
  return manifest as Manifest;
}

/** The base content recorded for a file, or undefined when its object is gone. */
export async function readBase(outDir: string, entry: ManifestEntry): Promise<string | undefined> {
  try {
    const text = await readFile(join(outDir, objectPath(entry.sha256)), 'utf8');
    return sha256(text) === entry.sha256 ? text : undefined;
  } catch {
    return undefined;
  }
}
