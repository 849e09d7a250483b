import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/engine/paths.js';
import { runCli } from '../support/cli.js';

const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillchain-e2e-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('skillchain CLI, headless', () => {
  it('--version and --help answer at once', async () => {
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--yes',
      '--answers FILE',
      '--set skill.key=V',
      '--skills a,b,c',
      '--maturity LEVEL',
      '--out DIR',
      '--dry-run',
      '--json',
      '--strict',
      'validate [DIR]',
    ]) {
      expect(help.stdout).toContain(flag);
    }
  });

  it('rejects an unknown option with exit code 2', async () => {
    const result = await runCli(['--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Unknown option '--frobnicate'/);
  });

  it('never waits for input without a terminal: no --yes is an error that says what to pass', async () => {
    const result = await runCli([GOAL]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no terminal to ask questions in: pass --yes');
  });

  it('a goal that matches no skill exits 2 and suggests --skills', async () => {
    const result = await runCli(['bake a chocolate cake', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/matched no skill.*--skills/);
    // Said first, even without --yes: it is the more useful thing to hear.
    expect((await runCli(['bake a chocolate cake'])).stderr).toMatch(/matched no skill/);
  });

  it('--skills with an unknown name exits 2 naming the known skills', async () => {
    const result = await runCli(['x', '--skills', 'streaming-data,nope', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'unknown skill nope (available: architecting-data, streaming-data',
    );
  });

  it('a malformed answers file exits 2 naming the file, line and field', async () => {
    const file = join(work, 'bad-answers.yaml');
    await writeFile(file, 'answers:\n  streaming-data:\n    partitions: lots\n');
    const result = await runCli([GOAL, '--answers', file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}:3:17: answers.streaming-data.partitions: a whole number from 1 to 1000`,
    );
  });

  it('--set with a bad value exits 2 with the accepted values', async () => {
    const result = await runCli([GOAL, '--yes', '--set', 'streaming-data.broker=rabbitmq']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('choose kafka, redpanda, kinesis, pubsub, pulsar');
  });

  it('--strict turns an unresolved conflict into exit code 1 and writes nothing', async () => {
    const out = join(work, 'strict');
    const result = await runCli([
      'stream orders from kinesis',
      '--yes',
      '--strict',
      '--set',
      'streaming-data.delivery=exactly-once',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('conflict: the broker has no transactions');
    await expect(readdir(out)).rejects.toThrow();
  });

  it('--strict --dry-run --json still prints JSON: the conflicts that stopped the run', async () => {
    const result = await runCli([
      'stream orders from kinesis',
      '--dry-run',
      '--json',
      '--strict',
      '--set',
      'streaming-data.delivery=exactly-once',
    ]);
    expect(result.code).toBe(1);
    const plan = JSON.parse(result.stdout) as { status: string; conflicts: { id: string }[] };
    expect(plan.status).toBe('unresolved-conflicts');
    expect(plan.conflicts.length).toBeGreaterThan(0);
  });

  it('the examples of --help run (cdc from postgres joins streaming-data)', async () => {
    const result = await runCli([
      'cdc from postgres',
      '--dry-run',
      '--json',
      '--set',
      'streaming-data.cdc=debezium-postgres',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout) as { chain: { skill: string }[] };
    expect(plan.chain.map((link) => link.skill)).toContain('streaming-data');
  });

  it('an answer for a skill outside the chain is reported, not silently dropped', async () => {
    const result = await runCli([GOAL, '--dry-run', '--set', 'secret-management.store=vault']);
    expect(result.stderr).toContain(
      'warning: --set secret-management.store ignored: secret-management is not in the chain',
    );
  });

  it('subcommands have their own --help', async () => {
    const result = await runCli(['validate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^skillchain validate \[DIR\]/);
    expect(result.stdout).toContain('--fix');
  });

  it('--out naming a file, and update of a folder that is not a project, exit 2 with a message', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, 'not a folder\n');
    const onFile = await runCli([GOAL, '--yes', '--out', file]);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain('is a file, not a folder');
    const update = await runCli(['update', join(work, 'nothing-here'), '--yes']);
    expect(update.code).toBe(2);
    expect(update.stderr).toContain('is not a project skillchain made');
    expect(update.stderr).not.toMatch(/unexpected error|ENOENT/);
  });

  it('--dry-run --json prints the plan and writes nothing', async () => {
    const out = join(work, 'dry');
    const result = await runCli([
      'stream orders from kinesis',
      '--dry-run',
      '--json',
      '--set',
      'streaming-data.delivery=exactly-once',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      chain: {
        skill: string;
        score: number;
        keywords: { matched: string }[];
        joined: string;
        reason: string;
      }[];
      answers: { key: string; value: unknown; provenance: string; reason?: string }[];
      conflicts: { id: string; resolution: string; automatic: boolean }[];
      changes: { path: string; status: string }[];
    };
    expect(plan.chain.find((link) => link.skill === 'streaming-data')).toMatchObject({
      score: 20,
      joined: 'matched',
      reason: "matched 'stream', 'kinesis'",
    });
    expect(plan.answers.find((answer) => answer.key === 'streaming-data.broker')).toMatchObject({
      value: 'kafka',
      provenance: 'resolution',
    });
    expect(plan.answers.find((answer) => answer.key === 'project.cloud')).toMatchObject({
      value: 'aws',
      provenance: 'goal',
      reason: "from 'kinesis' in your goal",
    });
    // Every answer says why it has its value, plain defaults too.
    expect(plan.answers.filter((answer) => !answer.reason)).toEqual([]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        id: 'exactly-once-without-transactions',
        resolution: 'switch-to-kafka',
        automatic: true,
      }),
    ]);
    expect(plan.changes.length).toBeGreaterThan(5);
    expect(plan.changes.every((change) => change.status === 'create')).toBe(true);
    await expect(readdir(out)).rejects.toThrow();
  });

  it('skills lists every skill, question and option', async () => {
    const result = await runCli(['skills']);
    expect(result.code).toBe(0);
    for (const text of [
      'streaming-data.broker',
      'redpanda',
      'transforming-data.incremental',
      'insert-overwrite',
      'project.deployment',
      'keda-on-lag',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('a reader that closes the pipe early (| head) stops the output, not the work', async () => {
    const out = join(work, 'closed-pipe');
    const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
    const child = spawn(
      process.execPath,
      [join(packageRoot(), 'dist', 'bundle', 'cli.js'), GOAL, '--yes', '--out', out],
      { env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Like `head -1`: read the first chunk, then close our end of the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(await readdir(out)).toContain('.skillchain');
  });

  it("a re-run with another orchestrator removes the old one's files, unless you edited them", async () => {
    const out = join(work, 'switch');
    expect((await runCli([GOAL, '--yes', '--out', out])).code).toBe(0);
    const editedTest = join(out, 'tests', 'unit', 'test_dags.py');
    await writeFile(editedTest, `${await readFile(editedTest, 'utf8')}# my own check\n`);
    const rerun = await runCli([
      GOAL,
      '--yes',
      '--out',
      out,
      '--set',
      'transforming-data.orchestrator=dagster',
    ]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/obsolete +transforms\/airflow\/Dockerfile .*will remove/);
    expect(rerun.stdout).toMatch(/obsolete +tests\/unit\/test_dags\.py .*kept as is/);
    expect(rerun.stdout).toContain('removed 3 obsolete files');
    expect(await readdir(join(out, 'transforms'))).not.toContain('airflow');
    expect(await readFile(editedTest, 'utf8')).toContain('# my own check');

    // The goal run again on the project starts from its stored answers: Dagster stays.
    const again = await runCli([GOAL, '--yes', '--dry-run', '--out', out]);
    expect(again.stdout).toContain('the answers of its last run are used');
    expect(again.stdout).toMatch(/transforming-data\.orchestrator = dagster +\(stored\)/);
    expect(again.stdout).not.toContain('obsolete');
  });

  it('validate on a folder skillchain did not make exits 2 with a clear message', async () => {
    const result = await runCli(['validate', work]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('has no .skillchain/answers.yaml');
  });

  it('recover in a folder without an interrupted write says so', async () => {
    const result = await runCli(['recover', work]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing to recover');
  });
});

describe('the foundation issue demo', () => {
  const demo = () => join(work, 'demo');

  it('writes the project headless and validates it at 100%', async () => {
    const result = await runCli([GOAL, '--yes', '--out', demo()]);
    expect(result.stderr).toBe('');
    for (const text of [
      'Chain: 3 skills',
      "streaming-data           score 20  matched 'stream', 'kafka'",
      'added as dependency of transforming-data',
      'Changes in',
      'Wrote ',
      'Validation: 100% complete',
      'Next steps',
      'make up',
      // What was chosen, as --set takes it.
      'Streaming data: broker=kafka · serialization=avro',
    ]) {
      expect(result.stdout).toContain(text);
    }
    expect(result.code).toBe(0);
    const top = await readdir(demo());
    for (const entry of [
      'README.md',
      '.env.example',
      'Makefile',
      'docker-compose.yml',
      'architecture',
      'streaming',
      'transforms',
      'config',
      'docs',
      '.skillchain',
    ]) {
      expect(top).toContain(entry);
    }
    const validation = await runCli(['validate', demo(), '--json']);
    expect(validation.code).toBe(0);
    const report = JSON.parse(validation.stdout) as {
      completeness: { percent: number };
      passes: boolean;
    };
    expect(report.completeness.percent).toBe(100);
    expect(report.passes).toBe(true);
  });

  it('a re-run finds every file identical, and keeps a user edit', async () => {
    const readme = join(demo(), 'README.md');
    await writeFile(readme, `${await readFile(readme, 'utf8')}\nOur team notes.\n`);
    const result = await runCli([GOAL, '--yes', '--out', demo(), '--dry-run', '--json']);
    const plan = JSON.parse(result.stdout) as {
      changes: { path: string; status: string; willWrite: boolean }[];
    };
    const byStatus = new Map<string, number>();
    for (const change of plan.changes)
      byStatus.set(change.status, (byStatus.get(change.status) ?? 0) + 1);
    expect(plan.changes.find((change) => change.path === 'README.md')).toMatchObject({
      status: 'kept',
      willWrite: false,
    });
    expect(byStatus.get('identical')).toBe(plan.changes.length - 1);
  });

  it('update re-runs from the stored answers: nothing to write, still 100%', async () => {
    const result = await runCli(['update', demo()]);
    expect(result.stdout).toContain('Wrote 0 files');
    expect(result.stdout).toContain('Validation: 100% complete');
    expect(result.code).toBe(0);
  });

  it('the plopfile re-renders one generator into the project through the same engine', async () => {
    const dbtProject = join(demo(), 'transforms', 'dbt', 'dbt_project.yml');
    const original = await readFile(dbtProject, 'utf8');
    await rm(dbtProject);
    const { default: nodePlop } = await import('node-plop');
    const plop = await nodePlop(join(packageRoot(), 'dist', 'plopfile.js'));
    const result = await plop.getGenerator('transforming-data').runActions({ project: demo() });
    expect(result.failures).toEqual([]);
    expect(result.changes[0]?.path).toMatch(/^transforming-data: wrote 1 files/);
    expect(await readFile(dbtProject, 'utf8')).toBe(original);
  });

  it('validate reports a deleted deliverable as missing and --fix regenerates it', async () => {
    await rm(join(demo(), 'architecture', 'erd.mmd'));
    const broken = await runCli(['validate', demo(), '--json']);
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as { deliverables: { id: string; status: string }[] };
    expect(report.deliverables.find((deliverable) => deliverable.id === 'er-diagram')?.status).toBe(
      'missing',
    );
    const fixed = await runCli(['validate', demo(), '--fix']);
    expect(fixed.stdout).toContain('Generated 1 missing file');
    expect(fixed.code).toBe(0);
  });

  it('--fix also restores a deleted model that a failing check points at', async () => {
    const model = join(demo(), 'transforms', 'dbt', 'models', 'marts', 'dim_users.sql');
    await rm(model);
    const broken = await runCli(['validate', demo()]);
    expect(broken.code).toBe(1);
    const fixed = await runCli(['validate', demo(), '--fix']);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(await readFile(model, 'utf8')).toContain('ref(');
  });

  it('a dry run validates what would be on disk: a conflict left unaccepted is not written with its markers', async () => {
    const model = join(demo(), 'transforms', 'dbt', 'models', 'marts', 'fct_sessions.sql');
    const original = await readFile(model, 'utf8');
    expect(original).toContain("incremental_strategy='merge'");
    await writeFile(
      model,
      original.replace("incremental_strategy='merge',", "incremental_strategy = 'merge',"),
    );
    const dry = await runCli([
      'update',
      demo(),
      '--dry-run',
      '--set',
      'transforming-data.incremental=delete+insert',
    ]);
    expect(dry.stdout).toMatch(/conflict +transforms\/dbt\/models\/marts\/fct_sessions\.sql/);
    expect(dry.stdout).toContain('PASS');
    expect(dry.code).toBe(0);
    await writeFile(model, original);
  });
});
