import { chmod, lstat, mkdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { safeJoin } from '../generate/run-generators.js';
import {
  ANSWERS_FILE,
  MANIFEST_FILE,
  STATE_FOLDER,
  objectPath,
  sha256,
  type Manifest,
  type ManifestEntry,
} from '../manifest/manifest.js';
import type { FileChange } from '../stage/change-set.js';
import {
  backupFile,
  clearTransaction,
  readJournal,
  removeEmptyFolders,
  rollBack,
  writeJournal,
  type JournalEntry,
} from './journal.js';

/** Temporary files written at once: enough to keep libuv's thread pool busy. */
const PARALLEL_WRITES = 16;

export interface WriteRequest {
  outDir: string;
  /** Every classified file of the run. */
  changes: readonly FileChange[];
  /** Paths the user accepted (defaults to each change's isAcceptedByDefault). */
  accepted: ReadonlySet<string>;
  /** The manifest of the previous run, if any. */
  previous?: Manifest;
  /** `.skillchain/answers.yaml` for this run. */
  answersYaml: string;
  toolVersion: string;
  /** Reports each file as it is written (progress). */
  onWrite?: (path: string, index: number, total: number) => void;
  /** The rename used to put files in place; tests inject a failing one to prove the rollback. */
  rename?: (from: string, to: string) => Promise<void>;
}

export interface WriteResult {
  written: string[];
  /** Obsolete files removed (accepted `obsolete` changes). */
  removed: string[];
  manifest: Manifest;
}

export class WriteError extends Error {
  constructor(
    message: string,
    readonly restored: string[],
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

/**
 * Writes the accepted files, the manifest and the answers: each file atomically (a temporary
 * file in the same folder, then rename) and the whole run all-or-nothing (a journal restores the
 * previous state if anything fails). No path escapes the output folder; a symlink that leads
 * outside it is refused before anything is written.
 */
export async function writeChanges(request: WriteRequest): Promise<WriteResult> {
  const { outDir } = request;
  await mkdir(outDir, { recursive: true });
  const pending = await readJournal(outDir);
  if (pending) {
    throw new WriteError(
      `an earlier write was interrupted; run \`skillchain recover ${outDir}\` first`,
      [],
    );
  }
  const root = await realpath(outDir);
  const accepted = request.changes.filter((change) => request.accepted.has(change.path));
  const manifest = nextManifest(request, accepted);

  const files = new Map<string, { contents: string; isExecutable: boolean }>();
  const removals = accepted
    .filter((change) => change.status === 'obsolete')
    .map((change) => change.path);
  for (const change of accepted)
    if (change.status !== 'obsolete')
      files.set(change.path, { contents: change.contents, isExecutable: change.isExecutable });
  for (const change of request.changes) {
    const entry = manifest.files[change.path];
    if (entry && (request.accepted.has(change.path) || change.status === 'identical')) {
      files.set(objectPath(entry.sha256), { contents: change.generated, isExecutable: false });
    }
  }
  files.set(MANIFEST_FILE, {
    contents: `${JSON.stringify(manifest, null, 2)}\n`,
    isExecutable: false,
  });
  files.set(ANSWERS_FILE, { contents: request.answersYaml, isExecutable: false });

  for (const path of [...files.keys(), ...removals]) await refuseEscapes(root, outDir, path);

  const token = `${process.pid}-${Date.now().toString(36)}`;
  const entries: JournalEntry[] = [];
  try {
    let backupIndex = 0;
    for (const path of files.keys()) {
      const target = join(outDir, path);
      const temp = join(
        dirname(path),
        `.${path.split('/').pop() ?? 'file'}.skillchain-${token}.tmp`,
      );
      const entry: JournalEntry = { path, temp };
      const info = await statIfExists(target);
      if (info?.isDirectory())
        throw new Error(`${path} is a folder on disk; move it away or skip the file`);
      if (info) {
        entry.backup = String(backupIndex++);
        await backupFile(outDir, path, entry.backup);
      }
      entries.push(entry);
    }
    // A removal is journaled like a write: its backup puts it back if anything after it fails.
    for (const path of removals) {
      // Already gone (deleted since the review): nothing to remove, nothing to put back.
      if (!(await statIfExists(join(outDir, path)))) continue;
      const backup = String(backupIndex++);
      await backupFile(outDir, path, backup);
      entries.unshift({ path, backup });
    }
  } catch (error) {
    await clearTransaction(outDir);
    throw new WriteError(`cannot write (${(error as Error).message}); nothing was written`, []);
  }
  const journal = { version: 1 as const, entries };
  await writeJournal(outDir, journal);

  const written: string[] = [];
  const removed: string[] = [];
  const renameFile = request.rename ?? rename;
  try {
    // Stage every temporary file first, so a failure (disk full, read-only folder) happens before
    // any target is replaced.
    // Folders first (once each), then the files in parallel batches: the writes are independent.
    const folders = [
      ...new Set(
        entries.flatMap((entry) => (entry.temp ? [dirname(join(outDir, entry.temp))] : [])),
      ),
    ];
    for (const folder of folders) await mkdir(folder, { recursive: true });
    for (let start = 0; start < entries.length; start += PARALLEL_WRITES) {
      await Promise.all(
        entries.slice(start, start + PARALLEL_WRITES).map(async (entry) => {
          const file = files.get(entry.path);
          if (!file || !entry.temp) return;
          const temp = join(outDir, entry.temp);
          await writeFile(temp, file.contents);
          if (file.isExecutable) await chmod(temp, 0o755);
        }),
      );
    }
    for (const [index, entry] of entries.entries()) {
      if (!entry.temp) {
        await rm(join(outDir, entry.path), { force: true });
        removed.push(entry.path);
        await removeEmptyFolders(outDir, dirname(entry.path));
        continue;
      }
      await renameFile(join(outDir, entry.temp), join(outDir, entry.path));
      if (!entry.path.startsWith(`${STATE_FOLDER}/`)) {
        written.push(entry.path);
        request.onWrite?.(entry.path, index, entries.length);
      }
    }
  } catch (error) {
    const restored = await rollBack(outDir, journal);
    throw new WriteError(
      `writing failed (${(error as Error).message}); every file was restored as it was`,
      restored,
    );
  }
  await clearTransaction(outDir);
  await removeUnreferencedObjects(outDir, request.previous, manifest);
  return { written, removed, manifest };
}

/** Finishes an interrupted write by rolling it back. Returns the restored paths. */
export async function recover(outDir: string): Promise<string[] | undefined> {
  const journal = await readJournal(outDir);
  if (!journal) {
    await clearTransaction(outDir);
    return undefined;
  }
  return rollBack(outDir, journal);
}

function nextManifest(request: WriteRequest, accepted: readonly FileChange[]): Manifest {
  const files = new Map<string, ManifestEntry>(Object.entries(request.previous?.files ?? {}));
  const acceptedPaths = new Set(accepted.map((change) => change.path));
  for (const change of request.changes) {
    // The base is what the template generated this run, for files that now hold it (written or
    // identical) or that were merged; skipped files keep their previous base so a later run still
    // sees the user's edits as edits.
    if (change.status === 'obsolete') {
      // Removed, or kept as the user's own file: either way no longer skillchain's to track.
      files.delete(change.path);
      continue;
    }
    if (acceptedPaths.has(change.path) || change.status === 'identical') {
      files.set(change.path, {
        sha256: sha256(change.generated),
        generator: change.generator,
        isExecutable: change.isExecutable,
      });
    }
  }
  const sorted = Object.fromEntries([...files].sort(([a], [b]) => a.localeCompare(b)));
  return { version: 1, toolVersion: request.toolVersion, files: sorted };
}

async function removeUnreferencedObjects(
  outDir: string,
  previous: Manifest | undefined,
  next: Manifest,
): Promise<void> {
  if (!previous) return;
  const keep = new Set(Object.values(next.files).map((entry) => entry.sha256));
  for (const entry of Object.values(previous.files)) {
    if (!keep.has(entry.sha256)) await rm(join(outDir, objectPath(entry.sha256)), { force: true });
  }
}

async function statIfExists(path: string) {
  try {
    return await stat(path);
  } catch {
    return undefined;
  }
}

/**
 * Refuses a target whose existing folders (or the file itself) resolve outside the output folder
 * through a symlink.
 */
async function refuseEscapes(root: string, outDir: string, path: string): Promise<void> {
  const target = safeJoin(outDir, path);
  let probe = target;
  for (;;) {
    try {
      const info = await lstat(probe);
      const resolved = await realpath(probe);
      const back = relative(root, resolved);
      if (back.startsWith('..') || back.split(sep).includes('..')) {
        throw new WriteError(
          `refusing to write ${path}: ${relative(outDir, probe) || '.'} is a symlink that leads outside the output folder`,
          [],
        );
      }
      if (info.isSymbolicLink() && probe === target) {
        throw new WriteError(`refusing to write ${path}: it is a symlink`, []);
      }
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = dirname(probe);
      if (parent === probe) return;
      probe = parent;
    }
  }
}
