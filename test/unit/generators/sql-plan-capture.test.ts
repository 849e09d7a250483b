import { describe, expect, it } from 'vitest';
import {
  captureDuckdbPlans,
  relativeTimestamps,
  renderPlanTree,
  type PlanNode,
} from '../../../generators/optimizing-sql/capture-plans.js';
import { optimizingSqlGenerator } from '../../../generators/optimizing-sql/index.js';
import { sqlPlan } from '../../../generators/optimizing-sql/plan.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';
import type { ProjectModel } from '../../../source/engine/model/types.js';
import { buildProject } from '../../support/project.js';

/** The plans DuckDB projects get at generation time (optimizing-sql, engine duckdb). */

const duckdb = (
  await buildProject({
    goal: 'optimize slow dashboard queries on duckdb',
    skills: ['architecting-data', 'optimizing-sql'],
    set: {
      'architecting-data.warehouse': 'duckdb',
      'optimizing-sql.engine': 'duckdb',
      'optimizing-sql.workload': 'mixed',
    },
  })
).model;

const render = (model: ProjectModel) => renderFileSpecs(optimizingSqlGenerator.files(model));

describe('renderPlanTree', () => {
  const scan: PlanNode = {
    name: 'SEQ_SCAN',
    extra_info: {
      Table: 'memory.marts.fct_orders',
      Type: 'Sequential Scan',
      Projections: ['ordered_at'],
      Filters: "ordered_at>='2026-10-28 00:00:00+00'::TIMESTAMP WITH TIME ZONE",
      'Estimated Cardinality': '40000',
    },
  };
  const tree: PlanNode[] = [
    {
      name: 'PROJECTION',
      extra_info: { Projections: ['#0'] },
      children: [
        {
          name: 'HASH_JOIN',
          extra_info: { 'Join Type': 'INNER', Conditions: 'customer_id = customer_id' },
          children: [
            { name: 'PROJECTION', children: [scan] },
            {
              name: 'SEQ_SCAN',
              extra_info: { Table: 'memory.marts.dim_customers', Type: 'Index Scan' },
            },
          ],
        },
      ],
    },
  ];

  it('folds projections, draws the branches and keeps details and estimates', () => {
    expect(renderPlanTree(tree, new Date('2026-11-27T15:00:00Z'))).toBe(
      [
        'HASH_JOIN · join type: INNER · conditions: customer_id = customer_id',
        '├─ SEQ_SCAN · table: marts.fct_orders · filters: ordered_at>=[today - 30 days] · ~40,000 rows',
        '└─ SEQ_SCAN · Index Scan · table: marts.dim_customers',
      ].join('\n'),
    );
  });
});

describe('relativeTimestamps', () => {
  const capturedOn = new Date('2026-11-27T23:59:00Z');
  it('names midnight bounds relative to the day of capture', () => {
    expect(
      relativeTimestamps(
        "a>='2026-11-20 00:00:00+00'::TIMESTAMP WITH TIME ZONE AND a<'2026-11-27'::DATE AND b<'2026-11-28 00:00:00'::TIMESTAMP",
        capturedOn,
      ),
    ).toBe('a>=[today - 7 days] AND a<[today] AND b<[today + 1 day]');
  });
  it('does not pretend to know what a bound in the middle of a day means', () => {
    expect(relativeTimestamps("a>'2026-11-27 13:05:00'::TIMESTAMP", capturedOn)).toBe(
      'a>[a timestamp]',
    );
  });
});

describe('the explain pages of a DuckDB project', () => {
  it('show the plan DuckDB chose for every query and for the slow query before and after', async () => {
    const files = await render(duckdb);
    const pages = [...files].filter(
      ([path]) => path.startsWith('sql/explain/') && path.endsWith('.md'),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const [path, page] of pages) {
      expect(page, path).toContain('## The plan DuckDB chose');
      expect(page, path).toMatch(/on DuckDB v\d+\.\d+\.\d+/);
      // A real plan: a scan of a mart of this project, with DuckDB's estimate.
      expect(page, path).toMatch(
        /SEQ_SCAN · (Index Scan · )?table: marts\.(fct|dim)_\w+.*~[\d,]+ rows/,
      );
    }
    const beforeAfter = files.get('sql/before-after.md') ?? '';
    expect(beforeAfter).toContain('## The plan before, as DuckDB chose it');
    expect(beforeAfter).toContain('## The plan after, as DuckDB chose it');
  });

  it('the time window is pushed into the scan of the fact, as the page promises', async () => {
    const captured = await captureDuckdbPlans(sqlPlan(duckdb));
    const dashboard = sqlPlan(duckdb).workload.queries.find((query) => query.kind === 'dashboard');
    const tree = captured.plans.get(dashboard?.name ?? '') ?? '';
    expect(tree).toMatch(/SEQ_SCAN · table: marts\.fct_\w+ · filters: \w+>=\[today - \d+ days\]/);
    expect(tree).not.toMatch(/^\s*[├└]─ FILTER/m);
    expect(captured.failures).toEqual(new Map());
  });

  it('are the same on every run (a re-run must not show them as changed)', async () => {
    const first = await render(duckdb);
    const second = await render({ ...duckdb });
    expect(second).toEqual(first);
  });

  it('other engines get no captured plan: their plans need the real database', async () => {
    const files = await render({ ...duckdb, sql: { ...duckdb.sql, engine: 'postgres' } });
    expect(files.get('sql/before-after.md')).not.toContain('as DuckDB chose it');
    for (const [path, text] of files)
      if (path.endsWith('.md')) expect(text, path).not.toContain('## The plan DuckDB chose');
  });

  it('a pasted slow query on tables DuckDB does not have is reported, not a failed generation', async () => {
    const pasted = {
      ...duckdb,
      sql: { ...duckdb.sql, slowQuery: 'SELECT * FROM legacy.orders_v2 WHERE id = 1' },
    };
    const captured = await captureDuckdbPlans(sqlPlan(pasted));
    expect(captured.failures.get('slow_query_before')).toMatch(/legacy/);
    const files = await render(pasted);
    expect(files.get('sql/before-after.md')).toMatch(
      /DuckDB could not plan it on the marts of this project/,
    );
  });
});
