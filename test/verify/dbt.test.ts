import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dbtChecks,
  runDbtValidation,
  validateDbtProject,
} from '../../source/engine/validate/domain/dbt.js';
import { evaluateDeliverables } from '../../source/engine/validate/completeness.js';
import { Compiler } from '../../source/engine/validate/domain/dbt/compile.js';
import { readProject } from '../../source/engine/validate/domain/dbt/project.js';
import { filesFromMap, type DomainProblem } from '../../source/engine/validate/domain/types.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { includedSkills, maturityOf } from '../../source/engine/workflow/state.js';
import { buildProject, engineData, type BuiltProject } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

/**
 * Verification of the dbt project: for every matrix entry that uses dbt (and for every modeling ×
 * incremental strategy pair on top), the generated project renders, forms a sound DAG, builds on
 * DuckDB from its seeds, passes its contracts, data tests and unit tests, survives an incremental
 * run, and fulfils the blueprint's dbt deliverables. The broken fixtures under test/fixtures/dbt/
 * must be rejected, each for its own reason.
 */

const CLICKSTREAM_GOAL =
  'stream clickstream events from kafka into snowflake and model them with dbt';
const FIXTURES = join(import.meta.dirname, '../fixtures/dbt');
const DBT_DELIVERABLES = ['dbt-project', 'dbt-tests-docs', 'dbt-intermediate-macros'];
const ALL_SKILLS = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

const environmentOf = (project: BuiltProject) => project.model.env.map((variable) => variable.name);

describe('the clickstream goal', () => {
  it(`builds its dbt models on DuckDB: "${CLICKSTREAM_GOAL}"`, async () => {
    const project = await buildProject({ goal: CLICKSTREAM_GOAL });
    expect(project.model.flags.usesDbt).toBe(true);
    const result = await runDbtValidation(filesFromMap(project.files), {
      environment: environmentOf(project),
    });
    expect(result.staticProblems).toEqual([]);
    expect(result.isBuilt).toBe(true);
    expect(result.buildProblems).toEqual([]);
    // The models the integration depends on are there.
    for (const entity of project.model.entities)
      expect(project.files.has(`transforms/dbt/models/staging/stg_${entity.name}.sql`)).toBe(true);
    expect(project.files.has('transforms/dbt/models/marts/fct_page_views.sql')).toBe(true);
    expect(project.files.has('transforms/dbt/models/marts/dim_users.sql')).toBe(true);
  });

  it('passes the layer-3 dbt checks as the validate command runs them', async () => {
    const project = await buildProject({ goal: CLICKSTREAM_GOAL });
    for (const check of dbtChecks) {
      expect(check.appliesTo(project.model)).toBe(true);
      expect(await check.run(filesFromMap(project.files), project.model)).toEqual([]);
    }
  });
});

/** Every modeling answer with every incremental strategy, over all warehouses. */
function strategyEntries(): MatrixEntry[] {
  const modelings = ['dimensional', 'data-vault', '3nf', 'one-big-table'];
  const strategies = ['merge', 'append', 'delete+insert', 'insert-overwrite'];
  const warehouses = ['snowflake', 'bigquery', 'redshift', 'databricks', 'postgres', 'duckdb'];
  const entitySets = [
    ['users', 'sessions', 'page_views'],
    ['customers', 'products', 'orders', 'order_items'],
    ['devices', 'sensor_readings'],
    ['customers', 'subscriptions', 'invoices'],
    ['accounts', 'transactions'],
    ['users', 'app_events', 'shipments'],
    ['customers', 'products'],
  ];
  return modelings.flatMap((modeling, modelingIndex) =>
    strategies.map((strategy, strategyIndex) => {
      const index = modelingIndex * strategies.length + strategyIndex;
      const warehouse = warehouses[index % warehouses.length] ?? 'duckdb';
      const cloud = warehouse === 'bigquery' ? 'gcp' : 'aws';
      return {
        id: `dbt-${modeling}-${strategy}-${warehouse}`,
        goal: 'verification matrix project',
        skills: ALL_SKILLS,
        set: {
          'project.name': `dbt-${String(index + 1).padStart(2, '0')}`,
          'project.cloud': cloud,
          'project.maturity': ['starter', 'intermediate', 'advanced'][index % 3] ?? 'intermediate',
          'project.volume': ['small', 'medium', 'large'][index % 3] ?? 'small',
          'architecting-data.warehouse': warehouse,
          'architecting-data.modeling': modeling,
          'architecting-data.partitioning':
            ['event-date', 'ingestion-date', 'none'][index % 3] ?? 'none',
          'architecting-data.entities': entitySets[index % entitySets.length] ?? [
            'customers',
            'orders',
          ],
          'transforming-data.tool': 'dbt',
          'transforming-data.incremental': strategy,
          'secret-management.store': 'vault',
        },
      };
    }),
  );
}

const dbtEntries = [...matrix(), ...strategyEntries()];

describe.each(dbtEntries.map((entry) => [entry.id, entry] as const))('%s', (_id, entry) => {
  it('builds and passes its dbt tests on DuckDB when it uses dbt', async () => {
    const project = await buildProject(entry);
    if (!project.model.flags.usesDbt) {
      expect(
        [...project.files.keys()].filter((path) => path.startsWith('transforms/dbt/')),
      ).toEqual([]);
      return;
    }
    const result = await runDbtValidation(filesFromMap(project.files), {
      environment: environmentOf(project),
    });
    expect(result.staticProblems).toEqual([]);
    expect(result.isBuilt).toBe(true);
    expect(result.buildProblems).toEqual([]);

    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    if (!blueprint) throw new Error('blueprint data-pipeline is missing');
    const answers = selectAnswers(project.state);
    const deliverables = evaluateDeliverables({
      catalogue: data.catalogue,
      blueprint,
      answers,
      chain: includedSkills(project.state),
      maturity: maturityOf(answers.get('project.maturity')?.value),
      files: filesFromMap(project.files),
    }).filter((deliverable) => DBT_DELIVERABLES.includes(deliverable.id));
    expect(deliverables.length).toBe(DBT_DELIVERABLES.length);
    expect(
      deliverables.filter(
        (deliverable) => deliverable.status !== 'fulfilled' && deliverable.status !== 'skipped',
      ),
    ).toEqual([]);
  });
});

async function readTree(directory: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(directory, path).split('\\').join('/'), await readFile(path, 'utf8'));
  }
  return files;
}

/** base/ with a broken overlay on top. */
async function fixture(broken?: string): Promise<Map<string, string>> {
  const files = await readTree(join(FIXTURES, 'base'));
  if (broken)
    for (const [path, text] of await readTree(join(FIXTURES, 'broken', broken)))
      files.set(path, text);
  return files;
}

const describeAll = (problems: readonly DomainProblem[]) =>
  problems.map((problem) => `${problem.path ?? ''}: ${problem.message}`);

const validateFixture = async (broken?: string) =>
  validateDbtProject(filesFromMap(await fixture(broken)), {
    root: '',
    environment: ['DUCKDB_PATH'],
  });

describe('broken dbt projects', () => {
  it('accepts the base fixture they are made from (so each rejection is the breakage)', async () => {
    expect(await validateFixture()).toEqual([]);
  });

  it('rejects a ref to a missing model', async () => {
    const problems = await validateFixture('missing-ref');
    expect(describeAll(problems)).toEqual([
      "models/marts/customer_orders.sql: ref('stg_order_lines') names no model or seed of this project",
    ]);
  });

  it('rejects a ref cycle', async () => {
    const problems = await validateFixture('ref-cycle');
    expect(describeAll(problems)).toEqual([
      'models/marts/customer_ranks.sql: ref cycle: customer_ranks → customer_totals → customer_ranks (dbt refuses a graph with a cycle)',
    ]);
  });

  it('rejects a seed with a duplicate key through the unique test', async () => {
    const problems = await validateFixture('duplicate-seed-key');
    expect(describeAll(problems)).toContain(
      'models/staging/_staging__models.yml: unique_stg_customers_customer_id failed: 1 failing row',
    );
  });

  it('rejects tests: with generic-test arguments at the top level', async () => {
    const problems = await validateFixture('tests-key');
    const messages = problems.map(
      (problem) => `${problem.path ?? ''}:${String(problem.line)} ${problem.message}`,
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/^models\/staging\/_staging__models\.yml:\d+ .*unknown field "tests"/),
    );
    expect(
      problems.every((problem) => problem.path === 'models/staging/_staging__models.yml'),
    ).toBe(true);
  });

  it('rejects a model that does not compile on DuckDB', async () => {
    const problems = await validateFixture('sql-error');
    const failure = describeAll(problems).find((text) =>
      text.startsWith('models/marts/fct_orders.sql:'),
    );
    expect(failure).toMatch(/fct_orders does not build on DuckDB: .*median_absolute_deviation/);
  });
});

/**
 * The validator renders with nunjucks; dbt renders with Jinja2. Rendering every model of a
 * project with both (python3's Jinja2 gets the same context) and comparing the SQL proves the
 * generated templates stay in the subset the two engines share. Needs python3 with Jinja2
 * (Debian: python3-jinja2); PYTHON overrides the interpreter.
 */
describe('the generated Jinja renders the same in Jinja2 (dbt) and nunjucks (the validator)', () => {
  const python = process.env.PYTHON ?? 'python3';
  const script = join(FIXTURES, 'render_with_jinja2.py');
  const entries = [
    { id: 'goal-clickstream', goal: CLICKSTREAM_GOAL } as MatrixEntry,
    ...strategyEntries(),
  ];

  it.each(entries.map((entry) => [entry.id, entry] as const))('%s', async (_id, entry) => {
    const project = await buildProject(entry);
    const problems: DomainProblem[] = [];
    const dbtProject = readProject(filesFromMap(project.files), 'transforms/dbt/', problems);
    if (!dbtProject) throw new Error(`the dbt project does not read: ${JSON.stringify(problems)}`);
    const vars = { raw_schema: 'raw_sample' };
    const compiler = new Compiler(dbtProject, { vars }, problems);
    expect(problems).toEqual([]);
    const nodes = new Map(
      [...dbtProject.models.values(), ...dbtProject.singularTests].map((node) => [node.name, node]),
    );
    const models = [...nodes.values()].flatMap((node) => [
      { name: node.name, sql: node.sql, incremental: false, this: `"this"."${node.name}"` },
      {
        name: `${node.name}#incremental`,
        sql: node.sql,
        incremental: true,
        this: `"this"."${node.name}"`,
      },
    ]);
    const nunjucks = Object.fromEntries(
      models.map((model) => {
        const node = nodes.get(model.name.replace('#incremental', ''));
        if (!node) throw new Error(`no model ${model.name}`);
        const rendered = compiler.render(node, {
          isIncremental: model.incremental,
          relation: { schema: 'this', name: node.name },
          refText: (name) => `"__ref__"."${name}"`,
          sourceText: (source, table) => `"__source__"."${source}.${table}"`,
        });
        return [model.name, rendered.sql.trimEnd()];
      }),
    );
    const request = JSON.stringify({
      macros: dbtProject.macros.map((macro) => macro.text),
      vars: { ...(dbtProject.config.vars as object), ...vars },
      project: dbtProject.name,
      models,
    });
    const child = spawnSync(python, [script], { input: request, encoding: 'utf8' });
    if (child.error || child.status !== 0) {
      throw new Error(
        `${python} with Jinja2 is needed for this test (Debian: apt-get install python3-jinja2; or set PYTHON): ${child.error?.message ?? child.stderr}`,
      );
    }
    const jinja2 = JSON.parse(child.stdout) as {
      rendered: Record<string, string>;
      errors: Record<string, string>;
    };
    expect(jinja2.errors).toEqual({});
    expect(
      Object.fromEntries(
        Object.entries(jinja2.rendered).map(([name, sql]) => [name, sql.trimEnd()]),
      ),
    ).toEqual(nunjucks);
  });
});
