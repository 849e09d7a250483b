import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSkillsRoot } from '../../source/engine/paths.js';

/**
 * A private copy of skills/ that a test may break on purpose (a malformed SKILL.md, a bad rule),
 * so loader errors are tested against the real files with one deliberate fault.
 */
export interface SkillsCopy {
  root: string;
  edit: (path: string, change: (text: string) => string) => Promise<void>;
  write: (path: string, text: string) => Promise<void>;
  remove: () => Promise<void>;
}

export async function copySkills(): Promise<SkillsCopy> {
  const root = await mkdtemp(join(tmpdir(), 'skillchain-skills-'));
  await cp(defaultSkillsRoot(), root, { recursive: true });
  return {
    root,
    edit: async (path, change) => {
      const file = join(root, path);
      await writeFile(file, change(await readFile(file, 'utf8')));
    },
    write: (path, text) => writeFile(join(root, path), text),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
