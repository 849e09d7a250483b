import { describe, expect, it } from 'vitest';
import { optimizingSqlGenerator } from '../../../generators/optimizing-sql/index.js';
import { sqlPlan } from '../../../generators/optimizing-sql/plan.js';
import type { Technique } from '../../../generators/optimizing-sql/workload.js';
import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import { namedQueries, splitStatements } from '../../../source/engine/validate/domain/sql.js';
import { buildProject } from '../../support/project.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';

/** Unit tests of the optimizing-sql generator: what each answer produces. */

const base = (
  await buildProject({
    goal: 'sql optimization for dashboards',
    skills: ['architecting-data', 'optimizing-sql'],
    set: {
      'architecting-data.warehouse': 'postgres',
      'architecting-data.entities': ['customers', 'products', 'orders', 'order_items'],
    },
  })
).model;

function withSql(overrides: Partial<ProjectModel['sql']>): ProjectModel {
  return { ...base, sql: { ...base.sql, ...overrides } };
}

function render(model: ProjectModel): Promise<Map<string, string>> {
  return renderFileSpecs(optimizingSqlGenerator.files(model));
}

const ENGINES: Warehouse[] = [
  'postgres',
  'duckdb',
  'snowflake',
  'bigquery',
  'redshift',
  'databricks',
];
const TECHNIQUE_SETS: Technique[][] = [
  ['indexes'],
  ['partitioning-clustering'],
  ['materialized-views'],
  ['rewrites'],
  ['indexes', 'partitioning-clustering', 'materialized-views', 'rewrites'],
];
const LAYOUT = /CREATE (UNIQUE )?INDEX|CLUSTER BY|SORTKEY|PARTITION BY|ZORDER/i;

describe('workload answer', () => {
  it('dashboards: only time-window aggregates', () => {
    const kinds = sqlPlan(
      withSql({ workload: 'dashboards', techniques: ['indexes'] }),
    ).workload.queries.map((query) => query.kind);
    expect(new Set(kinds)).toEqual(new Set(['dashboard']));
  });
  it('point lookups: only lookups by key, with the filter-then-sort lookup of one member', () => {
    const queries = sqlPlan(withSql({ workload: 'point-lookups', techniques: ['indexes'] }))
      .workload.queries;
    expect(new Set(queries.map((query) => query.kind))).toEqual(new Set(['lookup']));
    expect(queries.map((query) => query.name)).toEqual(
      expect.arrayContaining([
        'order_by_order_id',
        'latest_orders_of_customer',
        'customer_by_customer_id',
      ]),
    );
  });
  it('mixed: both', () => {
    const kinds = new Set(
      sqlPlan(withSql({ workload: 'mixed', techniques: ['indexes'] })).workload.queries.map(
        (query) => query.kind,
      ),
    );
    expect(kinds).toEqual(new Set(['dashboard', 'lookup']));
  });
});

describe('techniques answer', () => {
  it('materialized views: a daily rollup for dashboards, a per-member summary for lookups', () => {
    const dashboards = sqlPlan(
      withSql({ workload: 'dashboards', techniques: ['materialized-views'] }),
    );
    expect(dashboards.workload.rollup?.kind).toBe('daily');
    expect(
      dashboards.workload.queries.some(
        (query) => query.kind === 'rollup' && query.sql.includes('marts.rollup_orders_daily'),
      ),
    ).toBe(true);
    const lookups = sqlPlan(
      withSql({ workload: 'point-lookups', techniques: ['materialized-views'] }),
    );
    expect(lookups.workload.rollup?.kind).toBe('member');
    expect(
      lookups.workload.queries.some((query) =>
        query.sql.includes('marts.summary_orders_by_customer'),
      ),
    ).toBe(true);
  });
  it('rewrites: the dashboard aggregates the fact before joining the dimension', () => {
    const rewritten = sqlPlan(withSql({ workload: 'dashboards', techniques: ['rewrites'] }))
      .workload.queries[0];
    expect(rewritten?.sql).toMatch(/^WITH daily AS \(/);
    const plain = sqlPlan(withSql({ workload: 'dashboards', techniques: ['indexes'] })).workload
      .queries[0];
    expect(plain?.sql).toMatch(/^SELECT/);
    expect(plain?.sql).toContain('JOIN marts.dim_customers');
  });
  it.each(
    ENGINES.flatMap((engine) => TECHNIQUE_SETS.map((techniques) => ({ engine, techniques }))),
  )(
    '$engine with $techniques: indexes.sql has the engine layout the blueprint checks for',
    async ({ engine, techniques }) => {
      for (const workload of ['dashboards', 'point-lookups', 'mixed'] as const) {
        const files = await render(withSql({ engine, techniques, workload }));
        const statements = splitStatements(files.get('sql/indexes.sql') ?? '').map(
          (statement) => statement.text,
        );
        expect(statements.length, workload).toBeGreaterThan(0);
        expect(statements.join('\n'), workload).toMatch(LAYOUT);
      }
    },
  );
});

describe('engine answer', () => {
  it('PostgreSQL: composite filter-then-sort index with INCLUDE, a partial index, BRIN on the event time', async () => {
    const indexes =
      (
        await render(
          withSql({
            engine: 'postgres',
            workload: 'mixed',
            techniques: ['indexes', 'partitioning-clustering'],
          }),
        )
      ).get('sql/indexes.sql') ?? '';
    expect(indexes).toMatch(/ON marts\.fct_orders \(customer_id, ordered_at DESC\)\n\s+INCLUDE \(/);
    expect(indexes).toMatch(/WHERE order_status = 'placed';/);
    expect(indexes).toMatch(/USING brin \(ordered_at\)/);
    // Facts stay writable while indexes build; never CONCURRENTLY on the dbt-rebuilt dimension.
    expect(indexes).toContain(
      'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS fct_orders_order_id_key',
    );
    expect(indexes).toContain('CREATE UNIQUE INDEX IF NOT EXISTS dim_customers_customer_id_key');
  });
  it('each engine gets its own EXPLAIN statement', async () => {
    const statements: Record<Warehouse, RegExp> = {
      postgres: /EXPLAIN \(ANALYZE, BUFFERS, FORMAT JSON\)/,
      duckdb: /EXPLAIN ANALYZE/,
      snowflake: /EXPLAIN USING JSON/,
      bigquery: /no EXPLAIN statement/,
      redshift: /^EXPLAIN$/m,
      databricks: /EXPLAIN FORMATTED/,
    };
    for (const engine of ENGINES) {
      const files = await render(
        withSql({ engine, workload: 'dashboards', techniques: ['indexes'] }),
      );
      const page = [...files].find(([path]) => /^sql\/explain\/[^/]+\.md$/.test(path))?.[1] ?? '';
      expect(page, engine).toMatch(statements[engine]);
    }
  });
  it('every named query of queries.sql has its explain page', async () => {
    const files = await render(
      withSql({ workload: 'mixed', techniques: ['indexes', 'materialized-views'] }),
    );
    const names = namedQueries(files.get('sql/queries.sql') ?? '').map((block) => block.name);
    expect(names.length).toBeGreaterThan(4);
    for (const name of names) expect(files.has(`sql/explain/${name}.md`), name).toBe(true);
  });
});

describe('slow_query answer', () => {
  it('without one, a representative dashboard query is rewritten (sargable range, complete days)', () => {
    const { slowQuery } = sqlPlan(withSql({ slowQuery: '', techniques: ['rewrites', 'indexes'] }));
    expect(slowQuery.isUserQuery).toBe(false);
    expect(slowQuery.before).toContain(
      "CAST(now() AT TIME ZONE 'UTC' AS date) - CAST(f.ordered_at AT TIME ZONE 'UTC' AS date) <= 30",
    );
    expect(slowQuery.after).toContain(
      "f.ordered_at >= date_trunc('day', now(), 'UTC') - interval '30 days'",
    );
  });
  it('before-after.md says what the rewrite changes instead of claiming the same rows', async () => {
    const files = await render(withSql({ slowQuery: '', techniques: ['rewrites', 'indexes'] }));
    const page = files.get('sql/before-after.md') ?? '';
    expect(page).not.toContain('returns the same rows');
    expect(page).toContain('does not return exactly the rows of the original');
    expect(page).toMatch(
      /\*\*Window\.\*\* Before: the 31 calendar days .* After: the 30 complete days/,
    );
    expect(page).toMatch(/\*\*`event_day` type\.\*\* Before: a date\. After: .*`timestamptz`/);
    expect(page).toMatch(/\*\*Join\.\*\* .*`customer_id`/);
  });
  it('the INNER JOIN note says which rows a nullable foreign key loses', () => {
    const model = withSql({ slowQuery: '', techniques: ['rewrites', 'indexes'] });
    expect(sqlPlan(model).slowQuery.equivalence.join('\n')).toContain('No row changes');
    const entities = model.entities.map((entity) => ({
      ...entity,
      columns: entity.columns.map((column) =>
        column.references ? { ...column, isNullable: true } : column,
      ),
    }));
    const relaxed: ProjectModel = {
      ...model,
      entities,
      facts: entities.filter((entity) => entity.kind === 'fact'),
    };
    const equivalence = sqlPlan(relaxed).slowQuery.equivalence.join('\n');
    expect(equivalence).toMatch(/INNER JOIN drops fact rows whose `customer_id` is null/);
  });
  it('a pasted SELECT * on one mart gets its columns listed and the unbounded sort flagged', () => {
    const { slowQuery } = sqlPlan(
      withSql({
        slowQuery:
          "SELECT * FROM marts.fct_orders WHERE ordered_at > now() - interval '7 days' ORDER BY ordered_at DESC;",
      }),
    );
    expect(slowQuery.isUserQuery).toBe(true);
    expect(slowQuery.after).toMatch(/^SELECT\n {4}order_id,\n/);
    expect(slowQuery.after).not.toContain('*');
    expect(slowQuery.recommendations.some((line) => line.includes('LIMIT'))).toBe(true);
    expect(slowQuery.servedBy.length).toBeGreaterThan(0);
  });
  it('a pasted query on tables outside the marts is analysed but not rewritten', () => {
    const { slowQuery } = sqlPlan(
      withSql({ slowQuery: "SELECT id FROM app.users WHERE lower(email) = 'a@example.com'" }),
    );
    expect(slowQuery.after).toBe(slowQuery.before);
    expect(slowQuery.problems.some((line) => line.includes('function wraps a column'))).toBe(true);
    expect(slowQuery.recommendations.some((line) => line.includes('reads no table'))).toBe(true);
  });
});

describe('generation', () => {
  it('is deterministic', async () => {
    const model = withSql({
      workload: 'mixed',
      techniques: ['indexes', 'partitioning-clustering', 'materialized-views', 'rewrites'],
    });
    expect(await render(model)).toEqual(await render(model));
  });
  it('splits statements outside quotes and comments, with their line numbers', () => {
    const statements = splitStatements(
      "-- a comment; with a semicolon\nSELECT 'a;b' AS x;\n\n/* block; */ SELECT 2;",
    );
    expect(statements).toEqual([
      { text: "SELECT 'a;b' AS x", line: 2 },
      { text: 'SELECT 2', line: 4 },
    ]);
  });
});

describe('modeling answer', () => {
  function withModeling(modeling: ProjectModel['architecture']['modeling']): ProjectModel {
    return {
      ...withSql({ workload: 'mixed', techniques: ['indexes', 'rewrites'] }),
      architecture: { ...base.architecture, modeling },
    };
  }
  it('3NF: the queries read the core_ tables', async () => {
    const queries = (await render(withModeling('3nf'))).get('sql/queries.sql') ?? '';
    expect(queries).toContain('FROM marts.core_orders');
    expect(queries).toContain('JOIN marts.core_customers');
    expect(queries).not.toMatch(/marts\.(fct|dim)_/);
  });
  it('one big table: the wide fact tables only, no join to a dimension table', async () => {
    const queries = (await render(withModeling('one-big-table'))).get('sql/queries.sql') ?? '';
    expect(queries).toContain('FROM marts.obt_orders');
    expect(queries).not.toMatch(/JOIN|marts\.(dim|fct)_/);
  });
  it('dimensional and data vault: the dim_ and fct_ marts', async () => {
    for (const modeling of ['dimensional', 'data-vault'] as const) {
      expect((await render(withModeling(modeling))).get('sql/queries.sql'), modeling).toContain(
        'FROM marts.fct_orders',
      );
    }
  });
});
