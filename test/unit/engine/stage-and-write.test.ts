import { mkdir, mkdtemp, readFile, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recover, writeChanges, WriteError } from '../../../source/engine/commit/write-changes.js';
import { TRANSACTION_FOLDER, writeJournal } from '../../../source/engine/commit/journal.js';
import type { StagedFile } from '../../../source/engine/generate/run-generators.js';
import {
  ANSWERS_FILE,
  MANIFEST_FILE,
  readManifest,
} from '../../../source/engine/manifest/manifest.js';
import { planChanges, unifiedDiff } from '../../../source/engine/stage/change-set.js';
import { merge3 } from '../../../source/engine/stage/merge3.js';

describe('three-way merge', () => {
  const base = 'a\nb\nc\nd\ne\n';
  it('takes changes from either side when they do not overlap', () => {
    expect(merge3(base, 'a\nB\nc\nd\ne\n', 'a\nb\nc\nD\ne\n')).toEqual({
      text: 'a\nB\nc\nD\ne\n',
      conflicts: 0,
    });
    expect(merge3(base, 'z\na\nb\nc\nd\ne\n', 'a\nb\nc\nd\ne\nf\n')).toEqual({
      text: 'z\na\nb\nc\nd\ne\nf\n',
      conflicts: 0,
    });
  });
  it('merges identical changes once', () => {
    expect(merge3(base, 'a\nX\nc\nd\ne\n', 'a\nX\nc\nd\ne\n').text).toBe('a\nX\nc\nd\ne\n');
  });
  it('marks overlapping changes as a conflict with both sides and the base', () => {
    const result = merge3(base, 'a\nmine\nc\nd\ne\n', 'a\ntheirs\nc\nd\ne\n');
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe(
      'a\n<<<<<<< yours (on disk)\nmine\n||||||| last generated\nb\n=======\ntheirs\n>>>>>>> skillchain (new)\nc\nd\ne\n',
    );
  });
});

describe('change set and atomic write', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'skillchain-write-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const staged = (files: Record<string, string>): StagedFile[] =>
    Object.entries(files).map(([path, contents]) => ({
      path,
      contents,
      generator: 'project',
      isExecutable: path.endsWith('.sh'),
    }));
  const firstRun = async (files: Record<string, string>) => {
    const changeSet = await planChanges(staged(files), dir);
    await writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(Object.keys(files)),
      answersYaml: 'version: 1\n',
      toolVersion: '0.1.0',
    });
  };
  const statuses = async (files: Record<string, string>) => {
    const manifest = await readManifest(dir);
    const changeSet = await planChanges(staged(files), dir, manifest);
    return Object.fromEntries(changeSet.changes.map((change) => [change.path, change.status]));
  };

  it('writes files, the manifest and the answers; a re-run finds everything identical', async () => {
    await firstRun({ 'README.md': 'hello\n', 'scripts/run.sh': '#!/bin/sh\n' });
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('hello\n');
    expect((await stat(join(dir, 'scripts/run.sh'))).mode & 0o111).not.toBe(0);
    expect(await readFile(join(dir, ANSWERS_FILE), 'utf8')).toBe('version: 1\n');
    expect(Object.keys((await readManifest(dir))!.files)).toEqual(['README.md', 'scripts/run.sh']);
    expect(await statuses({ 'README.md': 'hello\n', 'scripts/run.sh': '#!/bin/sh\n' })).toEqual({
      'README.md': 'identical',
      'scripts/run.sh': 'identical',
    });
  });

  it('classifies create, update, kept, merge, conflict and deleted-by-user on a re-run', async () => {
    const base = 'one\ntwo\nthree\nfour\nfive\n';
    await firstRun({
      'same.txt': base,
      'edited.txt': base,
      'both.txt': base,
      'clash.txt': base,
      'gone.txt': base,
      'untouched.txt': base,
    });
    await writeFile(join(dir, 'edited.txt'), 'one\nTWO (mine)\nthree\nfour\nfive\n');
    await writeFile(join(dir, 'both.txt'), 'one\nTWO (mine)\nthree\nfour\nfive\n');
    await writeFile(join(dir, 'clash.txt'), 'one\nmine\nthree\nfour\nfive\n');
    await rm(join(dir, 'gone.txt'));
    await writeFile(join(dir, 'foreign.txt'), 'not ours\n');
    const next = {
      'same.txt': base,
      'edited.txt': base, // template unchanged: the user's edit is kept
      'both.txt': 'one\ntwo\nthree\nfour\nFIVE (new)\n',
      'clash.txt': 'one\ntheirs\nthree\nfour\nfive\n',
      'gone.txt': base,
      'untouched.txt': 'one\ntwo\nthree\nfour\nfive\nsix\n',
      'new.txt': 'new\n',
      'foreign.txt': 'ours\n',
    };
    expect(await statuses(next)).toEqual({
      'same.txt': 'identical',
      'edited.txt': 'kept',
      'both.txt': 'merge',
      'clash.txt': 'conflict',
      'gone.txt': 'deleted-by-user',
      'untouched.txt': 'update',
      'new.txt': 'create',
      'foreign.txt': 'conflict',
    });
    const changeSet = await planChanges(staged(next), dir, await readManifest(dir));
    const merged = changeSet.changes.find((change) => change.path === 'both.txt')!;
    expect(merged.contents).toBe('one\nTWO (mine)\nthree\nfour\nFIVE (new)\n');
    expect(merged.isAcceptedByDefault).toBe(true);
    expect(
      changeSet.changes.find((change) => change.path === 'clash.txt')?.isAcceptedByDefault,
    ).toBe(false);
    expect(unifiedDiff(merged)).toContain('+FIVE (new)');
  });

  it('after writing a merge, the next run still sees the user edit as an edit', async () => {
    const base = 'one\ntwo\nthree\nfour\nfive\n';
    await firstRun({ 'f.txt': base });
    await writeFile(join(dir, 'f.txt'), 'one\nmine\nthree\nfour\nfive\n');
    const next = { 'f.txt': 'one\ntwo\nthree\nfour\nnew\n' };
    const changeSet = await planChanges(staged(next), dir, await readManifest(dir));
    await writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(['f.txt']),
      previous: (await readManifest(dir))!,
      answersYaml: '',
      toolVersion: '0.1.0',
    });
    expect(await readFile(join(dir, 'f.txt'), 'utf8')).toBe('one\nmine\nthree\nfour\nnew\n');
    expect(await statuses(next)).toEqual({ 'f.txt': 'kept' });
  });

  it('skipped files are left alone', async () => {
    await firstRun({ 'a.txt': 'a\n' });
    const changeSet = await planChanges(
      staged({ 'a.txt': 'changed\n', 'b.txt': 'b\n' }),
      dir,
      await readManifest(dir),
    );
    await writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(['b.txt']),
      previous: (await readManifest(dir))!,
      answersYaml: '',
      toolVersion: '0.1.0',
    });
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('a\n');
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('b\n');
  });

  it('all or nothing: a failing write restores every file as it was', async () => {
    await firstRun({ 'keep.txt': 'original\n', 'other.txt': 'other\n' });
    const changeSet = await planChanges(
      staged({ 'keep.txt': 'replaced\n', 'other.txt': 'changed\n', 'new.txt': 'new\n' }),
      dir,
      await readManifest(dir),
    );
    let renames = 0;
    const write = writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(['keep.txt', 'other.txt', 'new.txt']),
      previous: (await readManifest(dir))!,
      answersYaml: '',
      toolVersion: '0.1.0',
      // The disk fails on the third rename, after two files were already replaced.
      rename: async (from, to) => {
        if (++renames === 3) throw new Error('EIO: simulated disk failure');
        await rename(from, to);
      },
    });
    await expect(write).rejects.toThrow(WriteError);
    await expect(write).rejects.toThrow(/every file was restored/);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('original\n');
    expect(await readFile(join(dir, 'other.txt'), 'utf8')).toBe('other\n');
    await expect(stat(join(dir, 'new.txt'))).rejects.toThrow();
    await expect(stat(join(dir, TRANSACTION_FOLDER))).rejects.toThrow();
    expect(Object.keys((await readManifest(dir))!.files)).toEqual(['keep.txt', 'other.txt']);
  });

  it('a file no longer generated is obsolete: removed when unedited, kept when edited', async () => {
    await firstRun({
      'README.md': 'hello\n',
      'airflow/dags/pipeline.py': 'dag\n',
      'tests/test_dags.py': 'test\n',
    });
    await writeFile(join(dir, 'tests/test_dags.py'), 'test\n# mine\n');
    const manifest = await readManifest(dir);
    const next = staged({ 'README.md': 'hello\n', 'dagster/definitions.py': 'defs\n' });
    // A partial run (generate missing, one generator) does not know what is obsolete.
    expect(
      (await planChanges(next, dir, manifest)).changes.map((change) => change.status),
    ).not.toContain('obsolete');
    const changeSet = await planChanges(next, dir, manifest, { detectObsolete: true });
    const byPath = new Map(changeSet.changes.map((change) => [change.path, change]));
    expect(byPath.get('airflow/dags/pipeline.py')).toMatchObject({
      status: 'obsolete',
      isAcceptedByDefault: true,
    });
    expect(byPath.get('tests/test_dags.py')).toMatchObject({
      status: 'obsolete',
      isAcceptedByDefault: false,
    });
    const accepted = new Set(
      changeSet.changes.filter((change) => change.isAcceptedByDefault).map((change) => change.path),
    );
    const result = await writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted,
      previous: manifest!,
      answersYaml: '',
      toolVersion: '0.1.0',
    });
    expect(result.removed).toEqual(['airflow/dags/pipeline.py']);
    // The emptied folders go with it; the edited file stays, no longer tracked.
    await expect(stat(join(dir, 'airflow'))).rejects.toThrow();
    expect(await readFile(join(dir, 'tests/test_dags.py'), 'utf8')).toBe('test\n# mine\n');
    expect(Object.keys((await readManifest(dir))!.files).sort()).toEqual([
      'README.md',
      'dagster/definitions.py',
    ]);
  });

  it('an obsolete file deleted between the review and the write is simply not removed', async () => {
    await firstRun({ 'old.txt': 'old\n', 'keep.txt': 'keep\n' });
    const manifest = await readManifest(dir);
    const changeSet = await planChanges(staged({ 'keep.txt': 'keep\n' }), dir, manifest, {
      detectObsolete: true,
    });
    await rm(join(dir, 'old.txt'));
    const result = await writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(['old.txt']),
      previous: manifest!,
      answersYaml: '',
      toolVersion: '0.1.0',
    });
    expect(result.removed).toEqual([]);
    expect(Object.keys((await readManifest(dir))!.files)).toEqual(['keep.txt']);
  });

  it('a failing write puts back an obsolete file it had removed', async () => {
    await firstRun({ 'old.txt': 'old\n', 'keep.txt': 'keep\n' });
    const manifest = await readManifest(dir);
    const changeSet = await planChanges(staged({ 'keep.txt': 'changed\n' }), dir, manifest, {
      detectObsolete: true,
    });
    const write = writeChanges({
      outDir: dir,
      changes: changeSet.changes,
      accepted: new Set(['old.txt', 'keep.txt']),
      previous: manifest!,
      answersYaml: '',
      toolVersion: '0.1.0',
      rename: () => Promise.reject(new Error('EIO: simulated disk failure')),
    });
    await expect(write).rejects.toThrow(/every file was restored/);
    expect(await readFile(join(dir, 'old.txt'), 'utf8')).toBe('old\n');
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('keep\n');
  });

  it('a folder in the way stops the write before anything changes', async () => {
    await firstRun({ 'keep.txt': 'original\n' });
    await mkdir(join(dir, 'blocked', 'inner'), { recursive: true });
    const changeSet = await planChanges(
      staged({ 'keep.txt': 'replaced\n' }),
      dir,
      await readManifest(dir),
    );
    const blocked = {
      ...changeSet.changes[0]!,
      path: 'blocked',
      status: 'create' as const,
      contents: 'x\n',
      generated: 'x\n',
    };
    await expect(
      writeChanges({
        outDir: dir,
        changes: [...changeSet.changes, blocked],
        accepted: new Set(['keep.txt', 'blocked']),
        answersYaml: '',
        toolVersion: '0.1.0',
      }),
    ).rejects.toThrow(/blocked is a folder on disk.*nothing was written/);
    expect(await readFile(join(dir, 'keep.txt'), 'utf8')).toBe('original\n');
    await expect(stat(join(dir, TRANSACTION_FOLDER))).rejects.toThrow();
  });

  it('recover rolls back an interrupted write from its journal', async () => {
    await firstRun({ 'a.txt': 'before\n' });
    await mkdir(join(dir, TRANSACTION_FOLDER, 'backup'), { recursive: true });
    await writeFile(join(dir, TRANSACTION_FOLDER, 'backup', '0'), 'before\n');
    await writeJournal(dir, {
      version: 1,
      entries: [
        { path: 'a.txt', backup: '0', temp: '.a.txt.tmp' },
        { path: 'b.txt', temp: '.b.txt.tmp' },
        { path: 'flows/prefect/flow.py', temp: 'flows/prefect/.flow.py.tmp' },
      ],
    });
    // The process died after renaming: a.txt replaced, b.txt and a new folder's file created.
    await writeFile(join(dir, 'a.txt'), 'after\n');
    await writeFile(join(dir, 'b.txt'), 'new\n');
    await mkdir(join(dir, 'flows', 'prefect'), { recursive: true });
    await writeFile(join(dir, 'flows', 'prefect', 'flow.py'), 'new\n');
    await expect(
      writeChanges({
        outDir: dir,
        changes: [],
        accepted: new Set(),
        answersYaml: '',
        toolVersion: '0.1.0',
      }),
    ).rejects.toThrow(/skillchain recover/);
    expect(await recover(dir)).toEqual(['a.txt', 'b.txt', 'flows/prefect/flow.py']);
    expect(await readFile(join(dir, 'a.txt'), 'utf8')).toBe('before\n');
    await expect(stat(join(dir, 'b.txt'))).rejects.toThrow();
    // The folders the write created are gone with their files.
    await expect(stat(join(dir, 'flows'))).rejects.toThrow();
    expect(await recover(dir)).toBeUndefined();
  });

  it('refuses a symlink that leads outside the output folder, before writing anything', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'skillchain-outside-'));
    try {
      await symlink(outside, join(dir, 'escape'));
      const changeSet = await planChanges(
        staged({ 'ok.txt': 'ok\n', 'escape/evil.txt': 'x\n' }),
        dir,
      );
      await expect(
        writeChanges({
          outDir: dir,
          changes: changeSet.changes,
          accepted: new Set(['ok.txt', 'escape/evil.txt']),
          answersYaml: '',
          toolVersion: '0.1.0',
        }),
      ).rejects.toThrow(/symlink that leads outside/);
      await expect(stat(join(dir, 'ok.txt'))).rejects.toThrow();
      await expect(stat(join(outside, 'evil.txt'))).rejects.toThrow();
      await expect(stat(join(dir, MANIFEST_FILE))).rejects.toThrow();
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('refuses paths that escape the output folder', async () => {
    await expect(planChanges(staged({ '../escape.txt': 'x' }), dir)).rejects.toThrow(
      /outside the output folder/,
    );
    await expect(planChanges(staged({ '/etc/passwd': 'x' }), dir)).rejects.toThrow(/absolute/);
  });
});
