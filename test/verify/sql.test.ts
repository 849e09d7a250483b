import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPlan } from '../../generators/optimizing-sql/plan.js';
import { countAlias } from '../../generators/optimizing-sql/workload.js';
import { martsDdl, martsSyntheticInserts } from '../../generators/shared/mart-fixtures.js';
import { martTables } from '../../generators/shared/mart-tables.js';
import {
  checkSqlStructure,
  runSqlOnDuckdb,
  splitStatements,
  SQL_FILES,
} from '../../source/engine/validate/domain/sql.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { startPostgres, type PostgresCluster } from '../support/postgres.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix } from './matrix.js';

/**
 * Verification of optimizing-sql over the matrix.
 *
 * - Every engine: the structure check (statements split outside quotes and comments, balanced
 *   parentheses, one SELECT per named query, an explain page per query, the engine's layout
 *   syntax) and every table named in indexes.sql is a mart of the model or created by the file.
 *   For Snowflake, BigQuery, Redshift and Databricks this is all that runs: it proves the files
 *   are well-formed and consistent with the model, not that the engine accepts every statement.
 * - DuckDB: the marts are created from the model with the sample rows in an in-memory DuckDB,
 *   then indexes.sql, every query and its EXPLAIN, the before/after pair and maintenance.sql run.
 * - PostgreSQL: the marts are created in a real PostgreSQL 15 with 200,000 synthetic fact rows,
 *   indexes.sql and maintenance.sql run through psql, and the EXPLAIN (FORMAT JSON) plan of every
 *   query has the shape the explain page promises (the index it names, or a sequential scan when
 *   nothing serves it). Costs and timings are never asserted.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/sql');
const projects = await Promise.all(
  matrix().map(async (entry) => ({ entry, built: await buildProject(entry) })),
);
const withSkill = projects.filter(({ built }) => built.model.chain.includes('optimizing-sql'));
const onDuckdb = withSkill.filter(({ built }) => built.model.sql.engine === 'duckdb');
const onPostgres = withSkill.filter(({ built }) => built.model.sql.engine === 'postgres');

let postgres: PostgresCluster;
let workspace: string;
beforeAll(async () => {
  postgres = await startPostgres();
  workspace = await mkdtemp(join(tmpdir(), 'skillchain-sql-'));
});
afterAll(async () => {
  await postgres.stop();
  await rm(workspace, { recursive: true, force: true });
});

describe('the matrix covers the engines', () => {
  it('has entries on DuckDB, on PostgreSQL and on the column stores', () => {
    expect(onDuckdb.length).toBeGreaterThan(0);
    expect(onPostgres.length).toBeGreaterThan(0);
    const engines = new Set(withSkill.map(({ built }) => built.model.sql.engine));
    expect([...engines].sort()).toEqual([
      'bigquery',
      'databricks',
      'duckdb',
      'postgres',
      'redshift',
      'snowflake',
    ]);
  });
});

/** Tables a statement text touches: `ON marts.x`, `TABLE marts.x`, `FROM marts.x`, … (not the dataset's INFORMATION_SCHEMA views). */
function martsNamed(sql: string): string[] {
  return [
    ...sql.matchAll(
      /\b(?:on|table|from|join|view|into|cluster|optimize|vacuum|analyze)\s+(?:if\s+(?:not\s+)?exists\s+)?(?:only\s+)?(marts\.[a-z0-9_]+)/gi,
    ),
  ]
    .map((match) => (match[1] ?? '').toLowerCase())
    .filter((table) => table !== 'marts.information_schema');
}

describe.each(withSkill)('$entry.id ($built.model.sql.engine)', ({ built }) => {
  it('is well-formed and names only marts of the model', () => {
    const { model, files } = built;
    expect(checkSqlStructure(filesFromMap(files), model)).toEqual([]);
    const known = new Set(martTables(model).map((table) => table.qualifiedName));
    const indexes = files.get(SQL_FILES.indexes) ?? '';
    for (const statement of splitStatements(indexes)) {
      const created =
        /create\s+(?:materialized\s+view|table)\s+(?:if\s+not\s+exists\s+)?(marts\.[a-z0-9_]+)/i.exec(
          statement.text,
        )?.[1];
      if (created) known.add(created.toLowerCase());
    }
    for (const path of [SQL_FILES.indexes, SQL_FILES.queries, SQL_FILES.maintenance]) {
      for (const table of martsNamed(
        splitStatements(files.get(path) ?? '')
          .map((statement) => statement.text)
          .join('\n'),
      )) {
        expect(known, `${path} names ${table}`).toContain(table);
      }
    }
  });
});

describe.each(onDuckdb)('$entry.id on DuckDB', ({ built }) => {
  it('runs indexes.sql, every query with its EXPLAIN, the before/after and maintenance.sql', async () => {
    expect(await runSqlOnDuckdb(filesFromMap(built.files), built.model)).toEqual([]);
  });
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describe.each(onPostgres)('$entry.id on PostgreSQL 15', ({ entry, built }) => {
  const database = entry.id.replaceAll('-', '_');
  const plan = sqlPlan(built.model);

  // The design is applied before any test runs, so each test also holds when run alone (-t).
  const applied: { path: string; exitCode: number; stderr: string }[] = [];
  beforeAll(async () => {
    await postgres.createDatabase(database);
    const setup = [
      'CREATE SCHEMA marts;',
      ...martsDdl(built.model, 'postgres').map((statement) => `${statement};`),
      ...martsSyntheticInserts(built.model).map((statement) => `${statement};`),
      'ANALYZE;',
    ].join('\n');
    const result = await postgres.runSql(database, setup);
    expect(result.exitCode, result.stderr).toBe(0);
    // indexes.sql, maintenance.sql, then indexes.sql again: every statement must be idempotent.
    for (const path of [SQL_FILES.indexes, SQL_FILES.maintenance, SQL_FILES.indexes]) {
      const file = join(workspace, `${database}-${path.replaceAll('/', '_')}`);
      await writeFile(file, built.files.get(path) ?? '');
      const run = await postgres.runFile(database, file);
      applied.push({ path, exitCode: run.exitCode, stderr: run.stderr });
    }
  });

  it('applies indexes.sql and maintenance.sql through psql (twice: they are idempotent)', () => {
    expect(applied.map((run) => run.path)).toEqual([
      SQL_FILES.indexes,
      SQL_FILES.maintenance,
      SQL_FILES.indexes,
    ]);
    for (const run of applied) expect(run.exitCode, `${run.path}: ${run.stderr}`).toBe(0);
  });

  it('plans every query with the shape its explain page promises', async () => {
    expect(plan.workload.queries.length).toBeGreaterThan(0);
    const queries = new Map(
      (built.files.get(SQL_FILES.queries) ?? '')
        .split(/^-- name: /m)
        .slice(1)
        .map((block) => [
          block.split('\n')[0]?.trim() ?? '',
          splitStatements(block.slice(block.indexOf('\n')))[0]?.text ?? '',
        ]),
    );
    for (const query of plan.workload.queries) {
      const sql = queries.get(query.name);
      expect(sql, `${query.name} in queries.sql`).toBeTruthy();
      const expectation = plan.design.plan(query).postgres;
      const settings = expectation?.needsSeqscanOff ? 'SET enable_seqscan = off;\n' : '';
      const output = await postgres.query(
        database,
        `${settings}EXPLAIN (FORMAT JSON)\n${sql ?? ''};`,
      );
      const parsed = JSON.parse(output) as { Plan: PlanNode }[];
      const nodes = nodesOf(parsed[0]?.Plan ?? { 'Node Type': 'none' });
      if (expectation) {
        const used = nodes.find(
          (node) =>
            node['Index Name'] === expectation.index &&
            expectation.nodeTypes.includes(node['Node Type']),
        );
        expect(
          used,
          `${query.name}: expected ${expectation.nodeTypes.join('/')} on ${expectation.index}, got ${nodes.map((node) => `${node['Node Type']}${node['Index Name'] ? `(${node['Index Name']})` : ''}`).join(' > ')}`,
        ).toBeDefined();
      } else {
        const table = query.shape.table.name;
        expect(
          nodes.some((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === table),
          `${query.name}: nothing in indexes.sql serves it, so the page promises a Seq Scan on ${table}`,
        ).toBe(true);
      }
    }
  });

  it('captures plans as the capture script does (EXPLAIN ANALYZE, BUFFERS, JSON) for the before/after pair', async () => {
    if (built.model.sql.slowQuery.trim() !== '' && !plan.slowQuery.tables.length) return;
    for (const path of built.model.sql.slowQuery.trim() === ''
      ? [SQL_FILES.before, SQL_FILES.after]
      : [SQL_FILES.after]) {
      const statement = splitStatements(built.files.get(path) ?? '')[0]?.text ?? '';
      const output = await postgres.query(
        database,
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)\n${statement};`,
      );
      const parsed = JSON.parse(output) as { Plan: PlanNode; 'Execution Time': number }[];
      expect(parsed[0]?.Plan['Node Type'], path).toBeTruthy();
    }
  });
});

/** The event-time type the dbt contract of a mart column declares on the production Postgres target. */
function contractTypeOnPostgres(properties: string, column: string): string | undefined {
  const declared = new RegExp(
    `- name: ${column}\\n(?:\\s+description:.*\\n)?\\s+data_type: (.+)`,
  ).exec(properties)?.[1];
  if (declared === undefined) return undefined;
  const unquoted = declared.trim().replace(/^"(.*)"$/, '$1');
  const switched = /^\{\{ '([^']+)' if target\.type == '([^']+)' else '([^']+)' \}\}$/.exec(
    unquoted,
  );
  return switched ? (switched[2] === 'postgres' ? switched[1] : switched[3]) : unquoted;
}

/** A dispatched macro as dbt-postgres renders it for one column: postgres__name, else default__name. */
function postgresMacro(macros: string, name: string, column: string): string | undefined {
  const body = (prefix: string) =>
    new RegExp(`\\{% macro ${prefix}__${name}\\(column\\) %\\}(.*?)\\{% endmacro %\\}`).exec(
      macros,
    )?.[1];
  return (body('postgres') ?? body('default'))
    ?.replaceAll('{{ column }}', column)
    .replaceAll('{{ dbt.type_timestamp() }}', 'timestamp without time zone');
}

describe.each(onPostgres)('$entry.id on PostgreSQL 15 in a non-UTC session', ({ entry, built }) => {
  const database = `${entry.id.replaceAll('-', '_')}_tz`;
  const plan = sqlPlan(built.model);
  const fact = plan.workload.primary.table;
  const time = fact.eventTime.name;
  const LOS_ANGELES = "SET TimeZone = 'America/Los_Angeles';\n";
  // Instants around UTC midnights (days before today, UTC): in Los Angeles, the first and the
  // third fall on another calendar day than in UTC.
  const instants: { daysAgo: number; at: string }[] = [
    { daysAgo: 1, at: '23:30' },
    { daysAgo: 2, at: '00:30' },
    { daysAgo: 2, at: '12:00' },
    { daysAgo: 5, at: '02:00' },
  ];
  let today = '';
  /** The UTC day `days` days before today, as YYYY-MM-DD. */
  const utcDay = (days: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
  const expected = () => {
    const counts = new Map<string, number>();
    for (const { daysAgo } of instants)
      counts.set(utcDay(daysAgo), (counts.get(utcDay(daysAgo)) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([day, n]) => `${day}|${n}`);
  };

  beforeAll(async () => {
    await postgres.createDatabase(database);
    const volume = { factRows: instants.length, dimensionRows: instants.length };
    const setup = [
      'CREATE SCHEMA marts;',
      ...martsDdl(built.model, 'postgres').map((statement) => `${statement};`),
      ...martsSyntheticInserts(built.model, volume).map((statement) => `${statement};`),
      `WITH numbered AS (SELECT "${fact.key.name}" AS key, row_number() OVER (ORDER BY "${fact.key.name}") AS n FROM ${fact.qualifiedName})`,
      `UPDATE ${fact.qualifiedName} AS f SET "${time}" = date_trunc('day', now(), 'UTC') + CASE numbered.n`,
      ...instants.map(
        ({ daysAgo, at }, index) =>
          `    WHEN ${index + 1} THEN interval '-${daysAgo} days' + interval '${at}'`,
      ),
      `  END FROM numbered WHERE f."${fact.key.name}" = numbered.key;`,
    ].join('\n');
    const result = await postgres.runSql(database, setup);
    expect(result.exitCode, result.stderr).toBe(0);
    // The design (rollups included), created in the non-UTC session.
    const design = await postgres.runSql(
      database,
      `${LOS_ANGELES}${built.files.get(SQL_FILES.indexes) ?? ''}`,
    );
    expect(design.exitCode, design.stderr).toBe(0);
    today = (
      await postgres.query(database, "SELECT (now() AT TIME ZONE 'UTC')::date::text;")
    ).trim();
  });

  it('stores event times as dbt builds the marts (timestamptz) and takes UTC dates in any session', async () => {
    const properties = built.files.get('transforms/dbt/models/marts/_marts__models.yml');
    const macros = built.files.get('transforms/dbt/macros/to_utc_timestamp.sql');
    if (properties === undefined || macros === undefined) return;
    // The fixtures' column type is the type the dbt contract enforces on Postgres.
    expect(martsDdl(built.model, 'postgres').join('\n')).toContain(`"${time}" timestamptz`);
    expect(contractTypeOnPostgres(properties, time)).toBe('timestamptz');
    // Staging's to_utc_timestamp keeps the instant; to_utc_date gives its UTC date.
    const literal = "'2026-03-01 23:30:00+00'::timestamptz";
    const output = await postgres.query(
      database,
      `${LOS_ANGELES}SELECT pg_typeof(${postgresMacro(macros, 'to_utc_timestamp', literal) ?? 'NULL'})::text || '|' || (${postgresMacro(macros, 'to_utc_date', literal) ?? 'NULL'})::text;`,
    );
    expect(output.trim()).toBe('timestamp with time zone|2026-03-01');
  });

  it('buckets the daily queries and the before/after pair by UTC day with TimeZone America/Los_Angeles', async () => {
    const count = countAlias(fact);
    const daily = plan.workload.queries.filter((query) =>
      query.name.startsWith(`${fact.entity.name}_daily`),
    );
    const cases = [
      ...daily.map((query) => ({ name: query.name, sql: query.sql, isDate: false })),
      ...(plan.slowQuery.isUserQuery
        ? []
        : [
            {
              name: 'slow_query_before',
              sql: plan.slowQuery.before,
              isDate: plan.slowQuery.before !== plan.slowQuery.after,
            },
            { name: 'slow_query_after', sql: plan.slowQuery.after, isDate: false },
          ]),
    ];
    for (const { name, sql, isDate } of cases) {
      // A day bucket is midnight UTC (a timestamptz), or the UTC date in the unrewritten query.
      const day = isDate ? 'q.event_day::text' : "(q.event_day AT TIME ZONE 'UTC')::text";
      const output = await postgres.query(
        database,
        `${LOS_ANGELES}SELECT ${day} AS day, sum(q.${count}) FROM (\n${sql}\n) AS q GROUP BY 1 ORDER BY 1;`,
      );
      const rows = output.trim().split('\n').filter(Boolean);
      expect(rows, name).toEqual(
        expected().map((line) => (isDate ? line : line.replace('|', ' 00:00:00|'))),
      );
    }
  });
});

describe.each(withSkill)('$entry.id: outputs and deliverables', ({ built }) => {
  it('holds every output of skills/optimizing-sql/outputs.yaml and fulfils its blueprint deliverables', async () => {
    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    expect(blueprint).toBeDefined();
    const context = {
      catalogue: data.catalogue,
      chain: built.model.chain,
      answers: selectAnswers(built.state),
      maturity: built.model.maturity,
      files: filesFromMap(built.files),
    };
    const outputs = evaluateOutputs(context).filter((output) => output.skill === 'optimizing-sql');
    expect(outputs.length).toBeGreaterThan(0);
    expect(
      outputs
        .filter((output) => output.status !== 'present')
        .map((output) => `${output.path}: ${output.status} ${output.failedPatterns.join(', ')}`),
    ).toEqual([]);
    if (!blueprint) return;
    const deliverables = evaluateDeliverables({ ...context, blueprint }).filter((deliverable) =>
      ['indexes-queries', 'explain-before-after'].includes(deliverable.id),
    );
    expect(
      deliverables
        .filter(
          (deliverable) => deliverable.status !== 'fulfilled' && deliverable.status !== 'skipped',
        )
        .map((deliverable) => `${deliverable.id}: ${deliverable.status}`),
    ).toEqual([]);
    if (built.model.maturity !== 'starter')
      expect(deliverables.some((deliverable) => deliverable.status === 'fulfilled')).toBe(true);
  });
});

describe('broken fixtures', () => {
  it('DuckDB rejects a query on a column the mart does not have', async () => {
    const { model, files } = await buildProject({
      goal: 'sql optimization on duckdb',
      skills: ['architecting-data', 'optimizing-sql'],
      set: {
        'architecting-data.warehouse': 'duckdb',
        'architecting-data.entities': ['customers', 'orders'],
      },
    });
    const broken = new Map(files);
    broken.set(
      SQL_FILES.queries,
      await readFile(join(FIXTURES, 'missing-column-queries.sql'), 'utf8'),
    );
    const problems = await runSqlOnDuckdb(filesFromMap(broken), model);
    expect(
      problems.some(
        (problem) =>
          problem.path === SQL_FILES.queries &&
          problem.message.includes('orders_with_discount') &&
          problem.message.includes('order_discount'),
      ),
    ).toBe(true);
  });

  it('PostgreSQL rejects CREATE INDEX CONCURRENTLY on a partitioned parent', async () => {
    await postgres.createDatabase('broken_concurrently');
    const result = await postgres.runFile(
      'broken_concurrently',
      join(FIXTURES, 'concurrently-partitioned.sql'),
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/cannot create index on partitioned table .* concurrently/i);
  });

  it('the structure check rejects an unbalanced clustering key', async () => {
    const { model, files } = await buildProject({
      goal: 'sql optimization on snowflake',
      skills: ['architecting-data', 'optimizing-sql'],
      set: {
        'architecting-data.warehouse': 'snowflake',
        'architecting-data.entities': ['customers', 'orders'],
      },
    });
    const broken = new Map(files);
    broken.set(SQL_FILES.indexes, await readFile(join(FIXTURES, 'unbalanced-indexes.sql'), 'utf8'));
    const problems = checkSqlStructure(filesFromMap(broken), model);
    expect(problems.map((problem) => problem.message)).toContain(
      '1 parenthesis is not closed: ALTER TABLE marts.fct_orders CLUSTER BY (TO_DATE(ordered_at), customer_id',
    );
  });
});
