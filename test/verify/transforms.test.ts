import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { CronExpressionParser } from 'cron-parser';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pipelineName,
  pipelineSteps,
  pythonLibrary,
} from '../../generators/transforming-data/orchestration/plan.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import {
  crontabSchedules,
  transformsChecks,
} from '../../source/engine/validate/domain/transforms.js';
import { filesFromMap, type DomainProblem } from '../../source/engine/validate/domain/types.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { includedSkills, maturityOf } from '../../source/engine/workflow/state.js';
import { buildProject, engineData, type BuiltProject } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

/**
 * Verification of the orchestration part of transforming-data, for every matrix entry with the
 * skill: every generated Python file compiles; the Airflow DAG, the Dagster definitions and the
 * Prefect flow import against the recording stubs in test/verify/stubs/python and declare the
 * answered schedule, retries and a sound task graph; the crontab parses with cron-parser and
 * equals the answer; run-pipeline.sh passes shellcheck; the generated pytest suites pass (DAG
 * integrity against the stubs, the crontab and gate tests, and the pandas transforms against a
 * real pandas); the layer-3 checks, the skill's outputs.yaml and the blueprint deliverables hold.
 * The broken fixtures under test/fixtures/transforms/ must each be rejected.
 *
 * Programs: python3 (PYTHON), shellcheck (SHELLCHECK), and for the pandas suites a Python with
 * pandas and pytest (PANDAS_PYTHON; Debian: apt-get install python3-pandas python3-pytest).
 */

const run = promisify(execFile);
const STUBS = join(import.meta.dirname, 'stubs/python');
const INSPECTOR = join(STUBS, 'inspect_pipeline.py');
const FIXTURES = join(import.meta.dirname, '../fixtures/transforms');
const PYTHON = process.env.PYTHON ?? 'python3';
const SHELLCHECK = process.env.SHELLCHECK ?? 'shellcheck';
const OWN_DELIVERABLES = [
  'pipeline-config',
  'orchestration',
  'python-transforms',
  'quality-tests',
  'integration-tests',
];

interface Project {
  entry: MatrixEntry;
  built: BuiltProject;
  root: string;
}

// ---------------------------------------------------------------------------------------------
// Programs
// ---------------------------------------------------------------------------------------------

async function requireProgram(program: string, args: string[], hint: string): Promise<void> {
  try {
    await run(program, args);
  } catch {
    throw new Error(
      `${program} is required for this verification and was not found or failed: ${hint}`,
    );
  }
}

/** A Python that has pandas and pytest: PANDAS_PYTHON, else python3, else Debian's /usr/bin/python3. */
async function pandasPython(): Promise<string> {
  const candidates = process.env.PANDAS_PYTHON
    ? [process.env.PANDAS_PYTHON]
    : [PYTHON, '/usr/bin/python3'];
  for (const candidate of candidates) {
    try {
      await run(candidate, ['-c', 'import pandas, pytest']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `no Python with pandas and pytest (tried ${candidates.join(', ')}): apt-get install python3-pandas python3-pytest, or set PANDAS_PYTHON`,
  );
}

async function execute(
  program: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(program, args, {
      ...options,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number | string; stdout?: string; stderr?: string };
    if (typeof failure.code !== 'number') throw error;
    return { code: failure.code, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

// ---------------------------------------------------------------------------------------------
// Projects on disk
// ---------------------------------------------------------------------------------------------

async function writeTree(
  root: string,
  files: ReadonlyMap<string, string>,
  executable: ReadonlySet<string>,
): Promise<void> {
  for (const [path, contents] of files) {
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, contents);
    if (executable.has(path)) await chmod(target, 0o755);
  }
}

async function readTree(directory: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else files.set(relative(directory, path).split('\\').join('/'), await readFile(path, 'utf8'));
    }
  };
  await walk(directory);
  return files;
}

function transformsFiles(project: BuiltProject): string[] {
  return project.staged
    .filter((file) => file.generator === 'transforming-data')
    .map((file) => file.path);
}

// ---------------------------------------------------------------------------------------------
// Assertions on what the orchestration code declares (the stubs' record)
// ---------------------------------------------------------------------------------------------

interface AirflowRecord {
  dags: {
    dag_id: string;
    kwargs: Record<string, unknown>;
    start_date_is_aware: boolean;
    tasks: {
      task_id: string;
      type: string;
      kind: string | null;
      kwargs: Record<string, unknown>;
    }[];
    edges: [string, string][];
  }[];
  errors: Record<string, string>;
}

/** Problems of a task graph: cycles, tasks not connected to the rest, more than one final task. */
export function graphProblems(
  tasks: readonly string[],
  edges: readonly (readonly [string, string])[],
): string[] {
  const problems: string[] = [];
  const incoming = new Map(tasks.map((task) => [task, 0]));
  const outgoing = new Map<string, string[]>(tasks.map((task) => [task, []]));
  for (const [from, to] of edges) {
    if (!incoming.has(from) || !incoming.has(to))
      problems.push(`edge ${from} >> ${to} names an unknown task`);
    incoming.set(to, (incoming.get(to) ?? 0) + 1);
    outgoing.get(from)?.push(to);
  }
  const queue = tasks.filter((task) => incoming.get(task) === 0);
  const remaining = new Map(incoming);
  let visited = 0;
  while (queue.length > 0) {
    const task = queue.shift() as string;
    visited++;
    for (const next of outgoing.get(task) ?? []) {
      remaining.set(next, (remaining.get(next) ?? 0) - 1);
      if (remaining.get(next) === 0) queue.push(next);
    }
  }
  if (visited < tasks.length) problems.push('the task graph has a cycle');
  const neighbours = new Map<string, Set<string>>(tasks.map((task) => [task, new Set()]));
  for (const [from, to] of edges) {
    neighbours.get(from)?.add(to);
    neighbours.get(to)?.add(from);
  }
  const reached = new Set<string>();
  const stack = tasks.slice(0, 1);
  while (stack.length > 0) {
    const task = stack.pop() as string;
    if (reached.has(task)) continue;
    reached.add(task);
    stack.push(...(neighbours.get(task) ?? []));
  }
  const stray = tasks.filter((task) => !reached.has(task));
  if (stray.length > 0) problems.push(`tasks not connected to the pipeline: ${stray.join(', ')}`);
  const finals = tasks.filter((task) => (outgoing.get(task) ?? []).length === 0);
  if (tasks.length > 0 && finals.length !== 1)
    problems.push(`expected one final task, found ${finals.join(', ')}`);
  return problems;
}

export function airflowProblems(record: AirflowRecord, schedule: string): string[] {
  const problems = Object.entries(record.errors).map(
    ([path, error]) => `import error in ${path}: ${error.trim().split('\n').at(-1) ?? ''}`,
  );
  if (problems.length === 0 && record.dags.length === 0) problems.push('no DAG defined');
  for (const dag of record.dags) {
    const kwargs = dag.kwargs;
    const defaults = (kwargs.default_args ?? {}) as Record<string, unknown>;
    if (kwargs.schedule !== schedule)
      problems.push(
        `${dag.dag_id}: schedule ${JSON.stringify(kwargs.schedule)} is not the answer "${schedule}"`,
      );
    if (kwargs.catchup !== false)
      problems.push(`${dag.dag_id}: catchup must be written out as False`);
    if (typeof defaults.retries !== 'number' || defaults.retries < 2)
      problems.push(`${dag.dag_id}: default_args retries must be at least 2`);
    if (defaults.retry_delay === undefined)
      problems.push(`${dag.dag_id}: default_args has no retry_delay`);
    if (typeof defaults.owner !== 'string' || defaults.owner === '' || defaults.owner === 'airflow')
      problems.push(`${dag.dag_id}: default_args needs an owner`);
    if (!dag.start_date_is_aware) problems.push(`${dag.dag_id}: start_date must be timezone-aware`);
    if (kwargs.max_active_runs !== 1) problems.push(`${dag.dag_id}: max_active_runs must be 1`);
    if (kwargs.dagrun_timeout === undefined) problems.push(`${dag.dag_id}: no dagrun_timeout`);
    if (!Array.isArray(kwargs.tags) || kwargs.tags.length === 0)
      problems.push(`${dag.dag_id}: no tags`);
    if (typeof kwargs.doc_md !== 'string' || kwargs.doc_md.trim() === '')
      problems.push(`${dag.dag_id}: no doc_md`);
    problems.push(
      ...graphProblems(
        dag.tasks.map((task) => task.task_id),
        dag.edges,
      ).map((problem) => `${dag.dag_id}: ${problem}`),
    );
  }
  return problems;
}

interface DagsterRecord {
  definitions: {
    assets: {
      keys: string[][];
      kind: string;
      retry_policy: { max_retries: number; delay: number | null; backoff: string | null } | null;
      deps: string[][];
    }[];
    jobs: { name: string }[];
    schedules: { name: string; cron: string; timezone: string | null; job: string }[];
  }[];
  errors: Record<string, string>;
}

export function dagsterProblems(record: DagsterRecord, schedule: string): string[] {
  const problems = Object.entries(record.errors).map(
    ([module, error]) => `import error in ${module}: ${error.trim().split('\n').at(-1) ?? ''}`,
  );
  if (problems.length > 0) return problems;
  if (record.definitions.length !== 1)
    return [`expected one Definitions, found ${record.definitions.length}`];
  const [definitions] = record.definitions;
  if (!definitions) return problems;
  if (definitions.schedules.length !== 1)
    problems.push(`expected one schedule, found ${definitions.schedules.length}`);
  for (const item of definitions.schedules) {
    if (item.cron !== schedule)
      problems.push(`schedule ${item.name}: cron "${item.cron}" is not the answer "${schedule}"`);
    if (item.timezone !== 'UTC')
      problems.push(`schedule ${item.name}: execution_timezone must be UTC`);
    if (!definitions.jobs.some((job) => job.name === item.job))
      problems.push(`schedule ${item.name}: job ${item.job} is not defined`);
  }
  for (const asset of definitions.assets) {
    const name = asset.keys.map((key) => key.join('/')).join(', ');
    if (!asset.retry_policy) problems.push(`asset ${name} has no retry policy`);
    else if (asset.retry_policy.max_retries < 2 || asset.retry_policy.backoff === null)
      problems.push(`asset ${name}: retry policy needs at least 2 retries with a backoff`);
  }
  const quality = definitions.assets.find((asset) =>
    asset.keys.some((key) => key[0] === 'quality'),
  );
  if (!quality) problems.push('no quality asset');
  else {
    const upstream = definitions.assets
      .filter((asset) => asset !== quality)
      .flatMap((asset) => asset.keys.map((key) => key.join('/')));
    const missing = upstream.filter(
      (key) => !quality.deps.some((dependency) => dependency.join('/') === key),
    );
    if (missing.length > 0)
      problems.push(`the quality asset does not depend on ${missing.join(', ')}`);
  }
  return problems;
}

interface PrefectRecord {
  flows: { name: string; retries: number; timeout_seconds: number | null }[];
  tasks: { name: string; retries: number; has_retry_delay: boolean }[];
  errors: Record<string, string>;
}

export function prefectProblems(
  record: PrefectRecord,
  deploymentYaml: string | undefined,
  schedule: string,
  qualityTasks: readonly string[],
): string[] {
  const problems = Object.entries(record.errors).map(
    ([module, error]) => `import error in ${module}: ${error.trim().split('\n').at(-1) ?? ''}`,
  );
  if (problems.length > 0) return problems;
  if (record.flows.length !== 1) problems.push(`expected one flow, found ${record.flows.length}`);
  for (const flow of record.flows) {
    if (flow.retries < 1) problems.push(`flow ${flow.name} does not retry`);
    if (flow.timeout_seconds === null) problems.push(`flow ${flow.name} has no timeout`);
  }
  for (const task of record.tasks) {
    if (qualityTasks.includes(task.name)) continue;
    if (task.retries < 2 || !task.has_retry_delay)
      problems.push(`task ${task.name} needs at least 2 retries with a delay`);
  }
  const deployment =
    deploymentYaml === undefined
      ? undefined
      : (parseYaml(deploymentYaml) as {
          deployments?: { schedules?: { cron?: string }[]; concurrency_limit?: number }[];
        });
  const crons =
    deployment?.deployments?.flatMap((item) => item.schedules?.map((entry) => entry.cron) ?? []) ??
    [];
  if (crons.length === 0) problems.push('the deployment has no cron schedule');
  for (const cron of crons)
    if (cron !== schedule)
      problems.push(`deployment cron "${String(cron)}" is not the answer "${schedule}"`);
  return problems;
}

/** cron-parser (an independent implementation) on the crontab's job lines. */
export function crontabProblems(crontab: string, schedule: string): string[] {
  const jobs = crontabSchedules(crontab);
  if (jobs.length !== 1) return [`expected one job line, found ${jobs.length}`];
  const problems: string[] = [];
  for (const job of jobs) {
    try {
      CronExpressionParser.parse(job.expression, { tz: 'UTC' });
    } catch (error) {
      problems.push(
        `line ${job.line}: "${job.expression}" does not parse: ${(error as Error).message}`,
      );
      continue;
    }
    if (job.expression !== schedule)
      problems.push(`line ${job.line}: "${job.expression}" is not the answer "${schedule}"`);
  }
  return problems;
}

async function inspect<T>(root: string, orchestrator: string, module?: string): Promise<T> {
  const result = await execute(
    PYTHON,
    [INSPECTOR, root, orchestrator, ...(module ? [module] : [])],
    {
      env: { ...process.env, PYTHONPATH: STUBS, PYTHONDONTWRITEBYTECODE: '1' },
    },
  );
  if (result.code !== 0) throw new Error(`inspector failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

async function compileProblems(paths: readonly string[]): Promise<string[]> {
  const script = [
    'import json, os, py_compile, sys, tempfile',
    'errors = []',
    'scratch = tempfile.mkdtemp()',
    'for index, path in enumerate(json.load(sys.stdin)):',
    '    try:',
    '        py_compile.compile(path, cfile=os.path.join(scratch, f"{index}.pyc"), doraise=True)',
    '    except py_compile.PyCompileError as error:',
    '        errors.append(f"{path}: {error.msg.strip().splitlines()[-1]}")',
    'print(json.dumps(errors))',
  ].join('\n');
  const child = execFile(PYTHON, ['-c', script], { maxBuffer: 16 * 1024 * 1024 });
  child.stdin?.end(JSON.stringify(paths));
  const output = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`py_compile runner exited with ${String(code)}`));
    });
  });
  return JSON.parse(output) as string[];
}

async function pytest(
  python: string,
  cwd: string,
  files: readonly string[],
  extraPath: string[] = [],
): Promise<{ code: number; output: string }> {
  const result = await execute(
    python,
    ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--import-mode=importlib', ...files],
    {
      cwd,
      env: {
        ...process.env,
        PYTHONPATH: [...extraPath, cwd].join(':'),
        PYTHONDONTWRITEBYTECODE: '1',
      },
    },
  );
  return { code: result.code, output: `${result.stdout}\n${result.stderr}` };
}

async function shellcheck(path: string): Promise<{ code: number; output: string }> {
  const result = await execute(SHELLCHECK, [path]);
  return { code: result.code, output: result.stdout + result.stderr };
}

function domainProblems(
  files: ReadonlyMap<string, string>,
  project: BuiltProject,
): Promise<DomainProblem[]> {
  return Promise.all(
    transformsChecks
      .filter((check) => check.appliesTo(project.model))
      .map(async (check) =>
        (await check.run(filesFromMap(files), project.model)).map((problem) => ({
          ...problem,
          message: `${check.id}: ${problem.message}`,
        })),
      ),
  ).then((lists) => lists.flat());
}

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

const workspace = { root: '' };
const projects: Project[] = [];

beforeAll(async () => {
  await requireProgram(PYTHON, ['--version'], 'install python3 or set PYTHON');
  await requireProgram(SHELLCHECK, ['--version'], 'apt-get install shellcheck, or set SHELLCHECK');
  workspace.root = await mkdtemp(join(tmpdir(), 'skillchain-transforms-'));
  for (const entry of matrix()) {
    const built = await buildProject(entry);
    if (!built.model.flags.hasTransforms) continue;
    const root = join(workspace.root, entry.id);
    await writeTree(
      root,
      built.files,
      new Set(built.staged.filter((file) => file.isExecutable).map((file) => file.path)),
    );
    projects.push({ entry, built, root });
  }
}, 300_000);

afterAll(async () => {
  if (workspace.root) await rm(workspace.root, { recursive: true, force: true });
});

describe('every matrix entry with transforming-data', () => {
  it('covers every orchestrator, tool, approach and quality answer', () => {
    const seen = (pick: (project: Project) => string) => new Set(projects.map(pick));
    expect(seen((project) => project.built.model.transforms.orchestrator)).toEqual(
      new Set(['airflow', 'dagster', 'prefect', 'cron']),
    );
    expect(seen((project) => project.built.model.transforms.tool)).toEqual(
      new Set(['dbt', 'pandas', 'polars', 'pyspark']),
    );
    expect(seen((project) => project.built.model.transforms.approach)).toEqual(
      new Set(['elt', 'etl', 'hybrid']),
    );
    expect(seen((project) => project.built.model.transforms.quality)).toEqual(
      new Set(['dbt-tests', 'great-expectations', 'soda']),
    );
  });

  it('every generated Python file compiles (python3 -m py_compile)', async () => {
    const paths = projects.flatMap((project) =>
      transformsFiles(project.built)
        .filter((path) => path.endsWith('.py'))
        .map((path) => join(project.root, path)),
    );
    expect(paths.length).toBeGreaterThan(100);
    expect(await compileProblems(paths)).toEqual([]);
  });

  it('passes the layer-3 checks, the skill outputs and its blueprint deliverables', async () => {
    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    if (!blueprint) throw new Error('blueprint data-pipeline is missing');
    const failures: string[] = [];
    for (const { entry, built } of projects) {
      for (const problem of await domainProblems(built.files, built))
        failures.push(
          `${entry.id}: ${problem.path ?? ''}:${problem.line ?? ''} ${problem.message}`,
        );
      const answers = selectAnswers(built.state);
      const context = {
        catalogue: data.catalogue,
        answers,
        chain: includedSkills(built.state),
        maturity: maturityOf(answers.get('project.maturity')?.value),
        files: filesFromMap(built.files),
      };
      for (const output of evaluateOutputs(context).filter(
        (item) => item.skill === 'transforming-data' && item.status !== 'present',
      )) {
        failures.push(
          `${entry.id}: outputs.yaml ${output.path} is ${output.status} ${output.failedPatterns.join(' ')}`,
        );
      }
      for (const deliverable of evaluateDeliverables({ ...context, blueprint }).filter((item) =>
        OWN_DELIVERABLES.includes(item.id),
      )) {
        if (deliverable.status !== 'fulfilled' && deliverable.status !== 'skipped')
          failures.push(
            `${entry.id}: deliverable ${deliverable.id} ${deliverable.status}: ${deliverable.reason}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });

  it('Airflow DAGs import against the stub, run on the answer with retries and no catchup, as a sound graph', async () => {
    const airflow = projects.filter(
      (project) => project.built.model.transforms.orchestrator === 'airflow',
    );
    expect(airflow.length).toBeGreaterThan(0);
    for (const { entry, built, root } of airflow) {
      const record = await inspect<AirflowRecord>(root, 'airflow');
      expect(airflowProblems(record, built.model.transforms.schedule), entry.id).toEqual([]);
      expect(
        record.dags.map((dag) => dag.dag_id),
        entry.id,
      ).toEqual([pipelineName(built.model)]);
      expect(new Set(record.dags[0]?.tasks.map((task) => task.task_id)), entry.id).toEqual(
        new Set(pipelineSteps(built.model).map((step) => step.id)),
      );
    }
  });

  it('Dagster definitions load against the stub with the answered schedule and retry policies', async () => {
    const dagster = projects.filter(
      (project) => project.built.model.transforms.orchestrator === 'dagster',
    );
    expect(dagster.length).toBeGreaterThan(0);
    for (const { entry, built, root } of dagster) {
      const record = await inspect<DagsterRecord>(
        root,
        'dagster',
        `transforms.dagster.${built.model.snakeName}.definitions`,
      );
      expect(dagsterProblems(record, built.model.transforms.schedule), entry.id).toEqual([]);
    }
  });

  it('Prefect flows load against the stub with retries, and the deployment runs on the answer', async () => {
    const prefect = projects.filter(
      (project) => project.built.model.transforms.orchestrator === 'prefect',
    );
    expect(prefect.length).toBeGreaterThan(0);
    for (const { entry, built, root } of prefect) {
      const record = await inspect<PrefectRecord>(root, 'prefect');
      const qualityTasks = pipelineSteps(built.model)
        .filter((step) => step.kind === 'quality')
        .map((step) => step.id);
      expect(
        prefectProblems(
          record,
          built.files.get('transforms/prefect/prefect.yaml'),
          built.model.transforms.schedule,
          qualityTasks,
        ),
        entry.id,
      ).toEqual([]);
    }
  });

  it('crontabs parse with cron-parser and equal the answer; run-pipeline.sh passes shellcheck', async () => {
    const cron = projects.filter(
      (project) => project.built.model.transforms.orchestrator === 'cron',
    );
    expect(cron.length).toBeGreaterThan(0);
    for (const { entry, built, root } of cron) {
      expect(
        crontabProblems(
          built.files.get('transforms/cron/crontab') ?? '',
          built.model.transforms.schedule,
        ),
        entry.id,
      ).toEqual([]);
      const result = await shellcheck(join(root, 'transforms/cron/run-pipeline.sh'));
      expect(result, entry.id).toEqual({ code: 0, output: '' });
    }
  });

  it(
    'the generated DAG, crontab and quality-gate tests pass (pytest, Airflow stubs)',
    { timeout: 180_000 },
    async () => {
      const files = projects.flatMap(({ built, root }) =>
        [
          'tests/unit/test_dags.py',
          'tests/unit/test_crontab.py',
          'tests/unit/test_check_dbt_results.py',
        ]
          .filter((path) => built.files.has(path))
          .map((path) => join(root, path)),
      );
      expect(files.length).toBeGreaterThan(10);
      const result = await pytest(PYTHON, workspace.root, files, [STUBS]);
      expect(result.output).not.toMatch(/ skipped/);
      expect(result.code, result.output).toBe(0);
    },
  );

  it(
    'the generated pandas transforms pass their unit tests on a real pandas',
    { timeout: 300_000 },
    async () => {
      const python = await pandasPython();
      const pandasProjects = projects.filter(
        (project) =>
          project.built.model.flags.usesPythonTransforms &&
          pythonLibrary(project.built.model) === 'pandas',
      );
      expect(pandasProjects.length).toBeGreaterThan(0);
      for (const { entry, built, root } of pandasProjects) {
        const tests = [...built.files.keys()].filter((path) =>
          /^tests\/unit\/test_transform_.*\.py$/.test(path),
        );
        const result = await pytest(python, root, tests);
        expect(result.code, `${entry.id}\n${result.output}`).toBe(0);
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Broken fixtures: each is a generated project with one file replaced, and must be rejected.
// ---------------------------------------------------------------------------------------------

const BASES = {
  clickstream: 'goal-clickstream',
  starter: 'goal-starter',
  kinesis: 'goal-iot-kinesis',
  dagster: 'goal-ecommerce-bigquery',
  prefect: 'goal-lakehouse',
  soda: 'answers-03',
  greatExpectations: 'answers-05',
} as const;

async function brokenProject(
  fixture: string,
  base: string,
): Promise<{ project: Project; files: Map<string, string>; root: string }> {
  const project = projects.find((item) => item.entry.id === base);
  if (!project) throw new Error(`matrix entry ${base} is not in the matrix any more`);
  const overlay = await readTree(join(FIXTURES, fixture));
  const files = new Map([...project.built.files, ...overlay]);
  const root = join(workspace.root, `broken-${fixture}`);
  await writeTree(
    root,
    files,
    new Set(project.built.staged.filter((file) => file.isExecutable).map((file) => file.path)),
  );
  return { project, files, root };
}

describe('broken fixtures are rejected', () => {
  it('a DAG with catchup=True', async () => {
    const { project, root } = await brokenProject('airflow-catchup', BASES.clickstream);
    const problems = airflowProblems(
      await inspect<AirflowRecord>(root, 'airflow'),
      project.built.model.transforms.schedule,
    );
    expect(problems).toEqual([expect.stringContaining('catchup must be written out as False')]);
  });

  it('a DAG with retries=0', async () => {
    const { project, root } = await brokenProject('airflow-no-retries', BASES.clickstream);
    const problems = airflowProblems(
      await inspect<AirflowRecord>(root, 'airflow'),
      project.built.model.transforms.schedule,
    );
    expect(problems).toEqual([expect.stringContaining('retries must be at least 2')]);
  });

  it('a DAG with a syntax error (py_compile and the DAG import both fail)', async () => {
    const { project, root } = await brokenProject('airflow-syntax-error', BASES.clickstream);
    const dag = join(root, 'transforms/airflow/dags/clickstream_pipeline.py');
    expect(await compileProblems([dag])).toEqual([expect.stringContaining('SyntaxError')]);
    const problems = airflowProblems(
      await inspect<AirflowRecord>(root, 'airflow'),
      project.built.model.transforms.schedule,
    );
    expect(problems).toEqual([expect.stringMatching(/import error .*SyntaxError/)]);
  });

  it('a crontab with an invalid expression (cron-parser and the layer-3 check)', async () => {
    const { project, files } = await brokenProject('crontab-invalid', BASES.starter);
    expect(
      crontabProblems(
        files.get('transforms/cron/crontab') ?? '',
        project.built.model.transforms.schedule,
      ),
    ).toEqual([expect.stringContaining('does not parse')]);
    const problems = await domainProblems(files, project.built);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /^transforms\.schedule: "61 \* \* \* \*" is not a valid cron expression/,
      ),
    ]);
  });

  it('a connections.yaml with a literal password', async () => {
    const { project, files } = await brokenProject('connections-literal-password', BASES.kinesis);
    const problems = await domainProblems(files, project.built);
    expect(problems.map((problem) => [problem.path, problem.line, problem.message])).toEqual([
      [
        'config/connections.yaml',
        14,
        'transforms.connections: connections.warehouse.password is a credential written in clear: use a ${VAR} reference',
      ],
    ]);
  });

  it('a pipeline.yaml without destination', async () => {
    const { project, files } = await brokenProject(
      'pipeline-missing-destination',
      BASES.clickstream,
    );
    const problems = await domainProblems(files, project.built);
    expect(problems.map((problem) => problem.message)).toEqual([
      'transforms.pipeline-config: missing top-level "destination:"',
    ]);
  });

  it('a SodaCL file with a check that is not SodaCL', async () => {
    const { project, files } = await brokenProject('soda-invalid-check', BASES.soda);
    expect(project.built.model.transforms.quality).toBe('soda');
    const problems = await domainProblems(files, project.built);
    expect(problems.length).toBeGreaterThan(0);
    expect(
      problems.every((problem) =>
        problem.message.includes('"rows_must_be_positive" is not a SodaCL check'),
      ),
    ).toBe(true);
  });

  it('a Great Expectations script on the 0.18 API', async () => {
    const { project, files } = await brokenProject('gx-legacy-api', BASES.greatExpectations);
    expect(project.built.model.transforms.quality).toBe('great-expectations');
    const messages = (await domainProblems(files, project.built)).map((problem) => problem.message);
    expect(messages).toContain(
      'transforms.quality-files: uses the legacy API: get_validator() (0.18)',
    );
    expect(messages).toContain(
      'transforms.quality-files: does not use the GX Core 1.x ValidationDefinition',
    );
  });

  it('Dagster definitions without retry policies', async () => {
    const { project, root } = await brokenProject('dagster-no-retry-policy', BASES.dagster);
    const problems = dagsterProblems(
      await inspect<DagsterRecord>(
        root,
        'dagster',
        `transforms.dagster.${project.built.model.snakeName}.definitions`,
      ),
      project.built.model.transforms.schedule,
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.endsWith('has no retry policy'))).toBe(true);
  });

  it('a Prefect flow whose tasks do not retry', async () => {
    const { project, root, files } = await brokenProject('prefect-no-retries', BASES.prefect);
    const qualityTasks = pipelineSteps(project.built.model)
      .filter((step) => step.kind === 'quality')
      .map((step) => step.id);
    const problems = prefectProblems(
      await inspect<PrefectRecord>(root, 'prefect'),
      files.get('transforms/prefect/prefect.yaml'),
      project.built.model.transforms.schedule,
      qualityTasks,
    );
    expect(problems).toEqual([
      'task dbt_source_freshness needs at least 2 retries with a delay',
      'task dbt_build needs at least 2 retries with a delay',
    ]);
  });

  it('a run script shellcheck rejects', async () => {
    const { root } = await brokenProject('run-pipeline-shellcheck', BASES.starter);
    const result = await shellcheck(join(root, 'transforms/cron/run-pipeline.sh'));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('SC2086');
  });

  it('a pandas transform that does not deduplicate fails its generated unit tests', async () => {
    const python = await pandasPython();
    const { root } = await brokenProject('pandas-no-deduplication', BASES.starter);
    const result = await pytest(python, root, ['tests/unit/test_transform_orders.py']);
    expect(result.code).toBe(1);
    expect(result.output).toContain('test_keeps_one_row_per_key');
  });
});
