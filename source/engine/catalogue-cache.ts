import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A cache of the loaded and validated catalogue, keyed by the exact content of every file in
 * skills/ (plus the tool version and working folder, which error paths are relative to). Parsing
 * YAML with positions and compiling the schemas costs ~0.4 s; reading the cache costs a few
 * milliseconds, which is what lets the dashboard draw its first frame at once. Any change to any
 * skill file changes the key, so a stale catalogue is never used. SKILLCHAIN_NO_CACHE=1 turns it
 * off; SKILLCHAIN_CACHE_DIR moves it.
 */
const FORMAT = 1;

export function cacheFolder(): string | undefined {
  if (process.env.SKILLCHAIN_NO_CACHE === '1') return undefined;
  if (process.env.SKILLCHAIN_CACHE_DIR) return process.env.SKILLCHAIN_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME ?? (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'skillchain');
}

/** Every file under skills/ that the catalogue is built from, in a stable order. */
async function sourceFiles(skillsRoot: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (/\.(ya?ml|md)$/.test(entry.name)) files.push(path);
    }
  };
  await walk(skillsRoot);
  return files;
}

export async function cacheKey(skillsRoot: string, toolVersion: string): Promise<string> {
  const hash = createHash('sha256').update(
    `${FORMAT}\0${toolVersion}\0${process.cwd()}\0${skillsRoot}\0`,
  );
  for (const file of await sourceFiles(skillsRoot)) {
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

export async function readCache<T>(key: string): Promise<T | undefined> {
  const folder = cacheFolder();
  if (!folder) return undefined;
  try {
    return JSON.parse(await readFile(join(folder, `catalogue-${key}.json`), 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written (read-only home) only costs speed. */
export async function writeCache(key: string, value: unknown): Promise<void> {
  const folder = cacheFolder();
  if (!folder) return;
  try {
    await mkdir(folder, { recursive: true });
    const target = join(folder, `catalogue-${key}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(value));
    await rename(temp, target);
  } catch {
    // ignored on purpose
  }
}
