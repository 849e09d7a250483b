import { readFile } from 'node:fs/promises';
import { createTwoFilesPatch } from 'diff';
import type { StagedFile } from '../generate/run-generators.js';
import { safeJoin } from '../generate/run-generators.js';
import { readBase, sha256, type Manifest } from '../manifest/manifest.js';
import { merge3 } from './merge3.js';

/**
 * The status of a staged file against disk and against the base the last run recorded
 * (DESIGN §5, with Yeoman's conflicter vocabulary extended for re-runs):
 * - create: not on disk, never generated before;
 * - identical: disk already holds exactly this;
 * - update: disk equals the last generated base, so replacing it loses nothing;
 * - merge: the user edited it and the template changed; the three-way merge is clean;
 * - conflict: both changed the same lines (or the file exists and skillchain never wrote it);
 * - kept: the user edited it and the template did not change: nothing to do;
 * - deleted-by-user: generated before, removed since: not recreated unless asked;
 * - obsolete: generated before, no longer generated for these answers (another orchestrator, a
 *   skill left out): removed when unedited, kept (and no longer tracked) when the user edited it.
 */
export type ChangeStatus =
  | 'create'
  | 'identical'
  | 'update'
  | 'merge'
  | 'conflict'
  | 'kept'
  | 'deleted-by-user'
  | 'obsolete';

export interface FileChange {
  path: string;
  status: ChangeStatus;
  generator: string;
  isExecutable: boolean;
  /**
   * What will be written when accepted: the new output, the merge, or the merge with markers.
   * Empty for an obsolete file: accepting it removes the file.
   */
  contents: string;
  /** The freshly generated content. */
  generated: string;
  /** What is on disk now. */
  current?: string;
  /** What the last run wrote. */
  base?: string;
  /** Conflict regions in `contents` (status conflict after a merge). */
  conflicts: number;
  /** Accepted unless the user says otherwise: new files, safe updates and clean merges. */
  isAcceptedByDefault: boolean;
  /** Why a file has its status, one line for the review screen. */
  note: string;
}

export interface ChangeSet {
  outDir: string;
  changes: FileChange[];
}

export const ACCEPTED_BY_DEFAULT: ReadonlySet<ChangeStatus> = new Set([
  'create',
  'update',
  'merge',
]);

/** Classifies every staged file. Reads only the staged paths, never the rest of the folder. */
export async function planChanges(
  staged: readonly StagedFile[],
  outDir: string,
  manifest?: Manifest,
  options: { detectObsolete?: boolean } = {},
): Promise<ChangeSet> {
  const changes = await Promise.all(staged.map((file) => classify(file, outDir, manifest)));
  if (options.detectObsolete && manifest) {
    const stagedPaths = new Set(staged.map((file) => file.path));
    const obsolete = await Promise.all(
      Object.entries(manifest.files)
        .filter(([path]) => !stagedPaths.has(path))
        .map(([path, entry]) => classifyObsolete(path, entry, outDir)),
    );
    for (const change of obsolete) if (change) changes.push(change);
    changes.sort((a, b) => a.path.localeCompare(b.path));
  }
  return { outDir, changes };
}

/**
 * A file the last run generated that this run does not: removed when it is as generated, kept
 * when the user edited it (removing it would lose their work). Already gone: nothing to do.
 */
async function classifyObsolete(
  path: string,
  entry: Manifest['files'][string],
  outDir: string,
): Promise<FileChange | undefined> {
  const current = await readIfExists(safeJoin(outDir, path));
  if (current === undefined) return undefined;
  const isUnedited = sha256(current) === entry.sha256;
  return {
    path,
    status: 'obsolete',
    generator: entry.generator,
    isExecutable: entry.isExecutable,
    contents: '',
    generated: '',
    current,
    conflicts: 0,
    isAcceptedByDefault: isUnedited,
    note: isUnedited
      ? 'no longer generated for these answers; unchanged since the last run, so it is removed'
      : 'no longer generated for these answers; you edited it, so it stays unless you accept removing it',
  };
}

async function classify(
  file: StagedFile,
  outDir: string,
  manifest?: Manifest,
): Promise<FileChange> {
  const current = await readIfExists(safeJoin(outDir, file.path));
  const entry = manifest?.files[file.path];
  const change = (
    status: ChangeStatus,
    contents: string,
    note: string,
    extra: Partial<FileChange> = {},
  ): FileChange => ({
    path: file.path,
    status,
    generator: file.generator,
    isExecutable: file.isExecutable,
    contents,
    generated: file.contents,
    ...(current === undefined ? {} : { current }),
    conflicts: 0,
    isAcceptedByDefault: ACCEPTED_BY_DEFAULT.has(status),
    note,
    ...extra,
  });

  if (current === undefined) {
    return entry
      ? change(
          'deleted-by-user',
          file.contents,
          'generated before and deleted since; not recreated unless you accept it',
        )
      : change('create', file.contents, 'new file');
  }
  if (current === file.contents) return change('identical', file.contents, 'already up to date');
  if (!entry) {
    return change(
      'conflict',
      file.contents,
      'exists and was not written by skillchain; accepting replaces it',
      { conflicts: 0 },
    );
  }
  if (sha256(current) === entry.sha256)
    return change('update', file.contents, 'unchanged since the last run; safe to replace');
  const base = await readBase(outDir, entry);
  if (base === undefined) {
    return change(
      'conflict',
      file.contents,
      'edited since the last run and the recorded base is missing; accepting replaces it',
    );
  }
  if (base === file.contents)
    return change('kept', current, 'your edits are kept; the template did not change', { base });
  const merged = merge3(base, current, file.contents);
  if (merged.conflicts === 0) {
    return change('merge', merged.text, 'your edits and the template changes merge cleanly', {
      base,
    });
  }
  return change(
    'conflict',
    merged.text,
    `your edits and the template changed the same lines (${merged.conflicts} conflict${merged.conflicts > 1 ? 's' : ''})`,
    {
      base,
      conflicts: merged.conflicts,
    },
  );
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** The unified diff of a change against disk (computed on demand: diffs are for viewing). */
export function unifiedDiff(change: FileChange): string {
  return createTwoFilesPatch(
    `a/${change.path}`,
    `b/${change.path}`,
    change.current ?? '',
    change.contents,
    'on disk',
    'skillchain',
    { context: 3 },
  );
}

export interface ChangeCounts {
  total: number;
  byStatus: Record<ChangeStatus, number>;
}

export function countChanges(changes: readonly FileChange[]): ChangeCounts {
  const byStatus: Record<ChangeStatus, number> = {
    create: 0,
    identical: 0,
    update: 0,
    merge: 0,
    conflict: 0,
    kept: 0,
    'deleted-by-user': 0,
    obsolete: 0,
  };
  for (const change of changes) byStatus[change.status]++;
  return { total: changes.length, byStatus };
}
