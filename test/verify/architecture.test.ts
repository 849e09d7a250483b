import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entityFlows } from '../../generators/architecting-data/marts.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import {
  checkDuckdbDdl,
  checkErd,
  checkLineage,
} from '../../source/engine/validate/domain/architecture.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { includedSkills, maturityOf } from '../../source/engine/workflow/state.js';
import { startPostgres, type PostgresCluster } from '../support/postgres.js';
import { buildProject, engineData, type BuiltProject } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

/**
 * Verification of architecting-data over the whole matrix: the local DDL runs in DuckDB, the
 * PostgreSQL DDL runs in a real PostgreSQL 15 (tables, partitions, roles and grants, twice),
 * the ERD and the lineage pass their checks, the outputs of skills/architecting-data/outputs.yaml
 * and the blueprint deliverables 1–4 hold, and the lineage names only models the dbt project
 * really has. Each broken fixture under test/fixtures/architecture/ is rejected.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/architecture');
const SKILL = 'architecting-data';
const DELIVERABLES = ['platform-design', 'er-diagram', 'warehouse-ddl', 'governance-lineage'];

const entries = matrix();
const built = new Map<string, Promise<BuiltProject>>();
function project(entry: MatrixEntry): Promise<BuiltProject> {
  let result = built.get(entry.id);
  if (!result) {
    result = buildProject(entry);
    built.set(entry.id, result);
  }
  return result;
}

let postgres: PostgresCluster;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => {
  await postgres.stop();
});

async function fixtureFiles(folder: string, into: string): Promise<Map<string, string>> {
  const names = (await readdir(join(FIXTURES, folder))).sort();
  const files = new Map<string, string>();
  for (const name of names)
    files.set(`${into}/${name}`, await readFile(join(FIXTURES, folder, name), 'utf8'));
  return files;
}

/** Runs the SQL files of one folder in name order in a database; returns the first failure. */
async function applyFolder(
  database: string,
  files: ReadonlyMap<string, string>,
  folder: string,
): Promise<{ path: string; stderr: string } | null> {
  const directory = await mkdtemp(join(tmpdir(), 'skillchain-ddl-'));
  try {
    const paths = [...files.keys()]
      .filter((path) => path.startsWith(`${folder}/`) && path.endsWith('.sql'))
      .sort();
    for (const path of paths) {
      // psql -f with a real file, as `make ddl-warehouse` runs it.
      const file = join(directory, path.slice(folder.length + 1));
      await writeFile(file, files.get(path) ?? '');
      const result = await postgres.runFile(database, file);
      if (result.exitCode !== 0) return { path, stderr: result.stderr.trim() };
    }
    return null;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Runs `make ddl-warehouse ddl-access` of the generated Makefile against the test cluster, as a
 * user would: the project's Makefile, architecture/ folder and a .env pointing at the socket.
 */
async function runMakeTargets(files: ReadonlyMap<string, string>, database: string): Promise<void> {
  const directory = await mkdtemp(join(tmpdir(), 'skillchain-make-'));
  try {
    for (const [path, text] of files) {
      if (path !== 'Makefile' && !path.startsWith('architecture/')) continue;
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), text);
    }
    const environment = {
      POSTGRES_HOST: postgres.socketDirectory,
      POSTGRES_PORT: String(postgres.port),
      POSTGRES_DB: database,
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: 'unused-trust-auth',
    };
    await writeFile(
      join(directory, '.env'),
      Object.entries(environment)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
    await promisify(execFile)('make', ['--no-print-directory', 'ddl-warehouse', 'ddl-access'], {
      cwd: directory,
    }).catch((error: unknown) => {
      const failure = error as { stderr?: string; message: string };
      throw new Error(
        `make ddl-warehouse ddl-access failed (is GNU make installed?): ${failure.stderr ?? failure.message}`,
      );
    });
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

describe.each(entries.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
  it('executes the local DuckDB DDL (twice) and creates every raw table', async () => {
    const { files, model } = await project(entry);
    expect(await checkDuckdbDdl(filesFromMap(files), model)).toEqual([]);
  });

  it('has an ERD that parses and names exactly the entities, and a lineage flowchart', async () => {
    const { files, model } = await project(entry);
    expect(checkErd(files.get('architecture/erd.mmd') ?? '', model)).toEqual([]);
    expect(checkLineage(files.get('architecture/lineage.md') ?? '', model)).toEqual([]);
  });

  it('fulfils outputs.yaml and the architecture deliverables of its maturity', async () => {
    const { files, state } = await project(entry);
    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    if (!blueprint) throw new Error('blueprint data-pipeline is missing');
    const answers = selectAnswers(state);
    const context = {
      catalogue: data.catalogue,
      answers,
      chain: includedSkills(state),
      maturity: maturityOf(answers.get('project.maturity')?.value),
      files: filesFromMap(files),
    };
    const outputs = evaluateOutputs(context).filter((output) => output.skill === SKILL);
    expect(outputs.length).toBeGreaterThan(0);
    expect(outputs.filter((output) => output.status !== 'present')).toEqual([]);
    const deliverables = evaluateDeliverables({ ...context, blueprint }).filter((result) =>
      DELIVERABLES.includes(result.id),
    );
    expect(
      deliverables.filter((result) => result.status !== 'fulfilled' && result.status !== 'skipped'),
    ).toEqual([]);
  });

  it('names in its lineage only dbt models the project has', async () => {
    const { files, model } = await project(entry);
    if (!model.flags.usesDbt) {
      // Without dbt there are no dbt models to agree with: the transformations are Python jobs.
      expect([...files.keys()].filter((path) => path.startsWith('transforms/dbt/models/'))).toEqual(
        [],
      );
      return;
    }
    const models = new Set(
      [...files.keys()]
        .filter((path) => path.startsWith('transforms/dbt/models/') && path.endsWith('.sql'))
        .map((path) => path.replace(/^.*\//, '').replace(/\.sql$/, '')),
    );
    const named = entityFlows(model).flatMap((flow) => [
      flow.staging.name,
      ...(flow.intermediate ? [flow.intermediate.name] : []),
      ...flow.marts.map((mart) => mart.name),
    ]);
    expect(named.filter((name) => !models.has(name))).toEqual([]);
  });

  it('executes the PostgreSQL DDL in PostgreSQL 15 (twice, partitions, roles and grants) when the warehouse is PostgreSQL', async () => {
    const { files, model } = await project(entry);
    if (model.architecture.warehouse !== 'postgres') {
      // Only the chosen warehouse (and the local DuckDB) gets a DDL folder.
      expect(
        [...files.keys()].filter((path) => path.startsWith('architecture/ddl/postgres/')),
      ).toEqual([]);
      return;
    }
    expect(postgres.majorVersion).toBe(15);
    const database = entry.id.replaceAll('-', '_');
    await postgres.createDatabase(database);
    expect(await applyFolder(database, files, 'architecture/ddl/postgres')).toBeNull();
    expect(await applyFolder(database, files, 'architecture/ddl/postgres')).toBeNull();
    // The make targets the README gives apply the same folder once more, through psql.
    await runMakeTargets(files, database);
    const tables = (
      await postgres.query(
        database,
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'raw' AND c.relkind IN ('r', 'p') AND NOT c.relispartition",
      )
    )
      .split('\n')
      .filter(Boolean);
    expect(tables.sort()).toEqual(model.entities.map((entity) => entity.name).sort());
    for (const entity of model.facts) {
      const partitions = Number(
        await postgres.query(
          database,
          `SELECT count(*) FROM pg_inherits WHERE inhparent = 'raw.${entity.name}'::regclass`,
        ),
      );
      if (model.architecture.partitioning === 'none') expect(partitions).toBe(0);
      // The default partition plus the maintained window around today.
      else expect(partitions).toBeGreaterThan(2);
    }
    const table = `raw.${model.entities[0]?.name ?? ''}`;
    const privileges = await postgres.query(
      database,
      `SELECT has_table_privilege('loader', '${table}', 'INSERT'), has_table_privilege('transformer', '${table}', 'SELECT'), has_table_privilege('transformer', '${table}', 'INSERT'), has_table_privilege('analyst', '${table}', 'SELECT')`,
    );
    // loader writes raw, transformer reads it, analysts never see raw.
    expect(privileges.trim()).toBe('t|t|f|f');
  });
});

describe('the matrix', () => {
  it('covers PostgreSQL as the warehouse, so the PostgreSQL DDL is verified', async () => {
    const warehouses = await Promise.all(
      entries.map(async (entry) => (await project(entry)).model.architecture.warehouse),
    );
    expect(warehouses).toContain('postgres');
  });
});

describe('broken fixtures', () => {
  it('DuckDB rejects DDL that uses PostgreSQL partitioning', async () => {
    const { model } = await buildProject({ goal: 'build a data warehouse', skills: [SKILL] });
    const files = await fixtureFiles('duckdb-ddl-fails', 'architecture/ddl/duckdb');
    const problems = await checkDuckdbDdl(filesFromMap(files), model);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('architecture/ddl/duckdb/11_raw_orders.sql');
    expect(problems[0]?.message).toMatch(/DuckDB rejects the file/);
  });

  it('PostgreSQL rejects a partitioned table whose primary key lacks the partition column', async () => {
    const files = await fixtureFiles('postgres-partition-key', 'architecture/ddl/postgres');
    await postgres.createDatabase('broken_partition_key');
    const failure = await applyFolder('broken_partition_key', files, 'architecture/ddl/postgres');
    expect(failure?.path).toBe('architecture/ddl/postgres/10_raw_orders.sql');
    expect(failure?.stderr).toMatch(
      /unique constraint on partitioned table must include all partitioning columns/,
    );
  });

  it('rejects an ERD with syntax errors', async () => {
    const { model } = await buildProject({ goal: 'build a data warehouse', skills: [SKILL] });
    const problems = checkErd(
      await readFile(join(FIXTURES, 'erd-syntax-error.mmd'), 'utf8'),
      model,
    );
    expect(problems.map((problem) => problem.line)).toEqual([5, 11]);
  });

  it('rejects an ERD that misses an entity and names one the project does not have', async () => {
    const { model } = await buildProject({ goal: 'build a data warehouse', skills: [SKILL] });
    const messages = checkErd(
      await readFile(join(FIXTURES, 'erd-missing-entity.mmd'), 'utf8'),
      model,
    ).map((problem) => problem.message);
    expect(messages).toEqual([
      expect.stringMatching(/entity orders is missing/),
      expect.stringMatching(/payments is not an entity of this project/),
    ]);
  });

  it('rejects a lineage without a flowchart', async () => {
    const { model } = await buildProject({ goal: 'build a data warehouse', skills: [SKILL] });
    const problems = checkLineage(
      await readFile(join(FIXTURES, 'lineage-without-flowchart.md'), 'utf8'),
      model,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/no ```mermaid block starting with "flowchart/);
  });
});
