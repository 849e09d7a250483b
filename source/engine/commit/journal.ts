import { copyFile, mkdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { STATE_FOLDER } from '../manifest/manifest.js';

/**
 * The write journal: before anything on disk changes, every target's previous state (its content
 * or its absence) is recorded in `.skillchain/transaction/`. If a write fails, or the process is
 * killed half way, the journal puts every file back as it was (`skillchain recover`).
 */
export const TRANSACTION_FOLDER = `${STATE_FOLDER}/transaction`;
const JOURNAL = `${TRANSACTION_FOLDER}/journal.json`;

export interface JournalEntry {
  path: string;
  /** The backup copy's name under the transaction folder, when the file existed. */
  backup?: string;
  /** The temporary file beside the target that is renamed into place (none for a removal). */
  temp?: string;
}

export interface Journal {
  version: 1;
  entries: JournalEntry[];
}

export async function writeJournal(outDir: string, journal: Journal): Promise<void> {
  await mkdir(join(outDir, TRANSACTION_FOLDER), { recursive: true });
  const target = join(outDir, JOURNAL);
  await writeFile(`${target}.tmp`, JSON.stringify(journal, null, 2));
  await rename(`${target}.tmp`, target);
}

export async function readJournal(outDir: string): Promise<Journal | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, JOURNAL), 'utf8')) as Journal;
  } catch {
    return undefined;
  }
}

export async function backupFile(outDir: string, path: string, name: string): Promise<void> {
  await mkdir(join(outDir, TRANSACTION_FOLDER, 'backup'), { recursive: true });
  await copyFile(join(outDir, path), join(outDir, TRANSACTION_FOLDER, 'backup', name));
}

/**
 * Puts every journaled file back: restores backups, removes files that did not exist before,
 * and deletes leftover temporary files. Idempotent, so it can run again after a crash.
 */
export async function rollBack(outDir: string, journal: Journal): Promise<string[]> {
  const restored: string[] = [];
  for (const entry of journal.entries) {
    const target = join(outDir, entry.path);
    if (entry.temp) await rm(join(outDir, entry.temp), { force: true });
    if (entry.backup) {
      await mkdir(dirname(target), { recursive: true });
      await copyFile(join(outDir, TRANSACTION_FOLDER, 'backup', entry.backup), target);
    } else {
      await rm(target, { force: true });
      // Folders the write created for new files go too (recover leaves no empty transforms/prefect/).
      await removeEmptyFolders(outDir, dirname(entry.path));
    }
    restored.push(entry.path);
  }
  await clearTransaction(outDir);
  return restored;
}

export async function clearTransaction(outDir: string): Promise<void> {
  await rm(join(outDir, TRANSACTION_FOLDER), { recursive: true, force: true });
}

/** Removes `folder` and its parents while they are empty (the Airflow folder of a Dagster re-run). */
export async function removeEmptyFolders(outDir: string, folder: string): Promise<void> {
  for (let current = folder; current !== '.' && current !== ''; current = dirname(current)) {
    try {
      await rmdir(join(outDir, current));
    } catch {
      return; // not empty (or already gone): the parents are not empty either
    }
  }
}
