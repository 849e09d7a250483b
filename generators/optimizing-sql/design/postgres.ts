import type { Column } from '../../../source/engine/model/types.js';
import type { MartTable } from '../../shared/mart-tables.js';
import { sqlIdentifier, sqlString } from '../../shared/text.js';
import type { WorkloadQuery } from '../workload.js';
import {
  namesOf,
  objectName,
  type DesignInput,
  type DesignItem,
  type EngineDesign,
  type MaintenanceStep,
  type PlanExpectation,
} from './types.js';

/**
 * PostgreSQL: a row store, so B-tree indexes shaped like the queries (equality columns, then the
 * sort column, `INCLUDE` for the rest of the projection), partial indexes for hot subsets, BRIN
 * for append-ordered time columns, and materialized views with a unique index so they refresh
 * concurrently.
 */
export function postgresDesign({ workload }: DesignInput): EngineDesign {
  const { primary, techniques, rollup, queries } = workload;
  const items: DesignItem[] = [];
  const expectations = new Map<string, PlanExpectation['postgres']>();
  const fact = primary.table;
  const time = fact.eventTime;
  const hasDashboards = queries.some((query) => query.kind === 'dashboard');
  const lookups = queries.filter((query) => query.kind === 'lookup');
  const col = (column: Column) => sqlIdentifier(column.name);
  const concurrently = (table: MartTable) => (table.kind === 'fact' ? ' CONCURRENTLY' : '');

  // Baseline: the key of the table the workload joins to (or looks up) is unique. The rewritten
  // joins rely on it (no fan-out), and it is the access path of the key lookups.
  const guarded = primary.link?.dimension ?? workload.lookupDimension?.table ?? fact;
  const guardName = objectName([guarded.name, guarded.key.name], 'key');
  items.push({
    id: guardName,
    technique: 'baseline',
    table: guarded.qualifiedName,
    serves: queries
      .filter((query) => query.shape.joins === guarded || query.shape.table === guarded)
      .map((query) => query.name),
    why: [
      `Uniqueness of ${guarded.name}.${guarded.key.name}: joins to it cannot fan out, and lookups by key are a single index probe.`,
      guarded.kind === 'dimension'
        ? 'dbt rebuilds dimension tables on every run, so this index is recreated after each build (see README: make sql-indexes).'
        : 'Built CONCURRENTLY: the incremental fact stays writable while the index builds.',
    ],
    statements: [
      `CREATE UNIQUE INDEX${concurrently(guarded)} IF NOT EXISTS ${guardName}\n    ON ${guarded.qualifiedName} (${col(guarded.key)});`,
    ],
  });
  for (const query of queries) {
    if (query.shape.table === guarded && query.shape.equality[0] === guarded.key) {
      expectations.set(query.name, {
        index: guardName,
        nodeTypes: ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'],
        needsSeqscanOff: false,
      });
    }
  }

  if (techniques.has('indexes')) {
    for (const query of lookups) {
      const { table, equality, orderBy, projection } = query.shape;
      const first = equality[0];
      if (!first) continue;
      if (table === guarded && first === guarded.key) continue;
      if (first === table.key) {
        const name = objectName([table.name, table.key.name], 'key');
        items.push({
          id: name,
          technique: 'indexes',
          table: table.qualifiedName,
          serves: [query.name],
          why: [
            `Point lookup by ${table.key.name}: one B-tree probe; UNIQUE also enforces the grain dbt tests check.`,
          ],
          statements: [
            `CREATE UNIQUE INDEX${concurrently(table)} IF NOT EXISTS ${name}\n    ON ${table.qualifiedName} (${col(table.key)});`,
          ],
        });
        expectations.set(query.name, {
          index: name,
          nodeTypes: ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'],
          needsSeqscanOff: false,
        });
        continue;
      }
      const included = projection.filter(
        (column) => !equality.includes(column) && column !== orderBy,
      );
      if (first.acceptedValues && orderBy) {
        // A constant predicate on a closed value set: a partial index holds only the hot rows.
        const value = sqlString(first.acceptedValues[0] ?? '');
        const name = objectName(
          [table.name, first.name, value.replace(/[^a-z0-9]/gi, '').toLowerCase(), orderBy.name],
          'partial',
        );
        items.push({
          id: name,
          technique: 'indexes',
          table: table.qualifiedName,
          serves: [query.name],
          why: [
            `Partial index: only rows with ${first.name} = ${value}, sorted by ${orderBy.name} descending. It stays small however large the table grows,`,
            'and the planner uses it only for queries whose WHERE clause implies the same predicate.',
          ],
          statements: [
            `CREATE INDEX${concurrently(table)} IF NOT EXISTS ${name}\n    ON ${table.qualifiedName} (${col(orderBy)} DESC)${included.length > 0 ? `\n    INCLUDE (${included.map(col).join(', ')})` : ''}\n    WHERE ${col(first)} = ${value};`,
          ],
        });
        expectations.set(query.name, {
          index: name,
          nodeTypes: ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'],
          needsSeqscanOff: true,
        });
        continue;
      }
      const keyColumns = [...equality.map(col), ...(orderBy ? [`${col(orderBy)} DESC`] : [])];
      const name = objectName(
        [table.name, ...equality.map((column) => column.name), ...(orderBy ? [orderBy.name] : [])],
        'idx',
      );
      items.push({
        id: name,
        technique: 'indexes',
        table: table.qualifiedName,
        serves: [query.name],
        why: [
          `Filter-then-sort order: equality on ${equality.map((column) => column.name).join(', ')} first, then ${orderBy ? `${orderBy.name} DESC` : 'nothing'},`,
          'so the scan returns rows already sorted and stops at the LIMIT. INCLUDE carries the rest of the projection: an index-only scan when the visibility map is current.',
        ],
        statements: [
          `CREATE INDEX${concurrently(table)} IF NOT EXISTS ${name}\n    ON ${table.qualifiedName} (${keyColumns.join(', ')})${included.length > 0 ? `\n    INCLUDE (${included.map(col).join(', ')})` : ''};`,
        ],
      });
      expectations.set(query.name, {
        index: name,
        nodeTypes: ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'],
        needsSeqscanOff: false,
      });
    }
  }

  const dashboards = namesOf(workload, ['dashboard']);
  if (hasDashboards && techniques.has('partitioning-clustering')) {
    const name = objectName([fact.name, time.name], 'brin');
    items.push({
      id: name,
      technique: 'partitioning-clustering',
      table: fact.qualifiedName,
      serves: dashboards,
      why: [
        `BRIN on ${time.name}: incremental loads append rows in time order, so each block range covers a narrow time span.`,
        'The index is a few pages for millions of rows; a 30-day window reads only the matching block ranges.',
        'autosummarize keeps new ranges summarized without a manual brin_summarize_new_values().',
      ],
      statements: [
        `CREATE INDEX${concurrently(fact)} IF NOT EXISTS ${name}\n    ON ${fact.qualifiedName} USING brin (${col(time)})\n    WITH (pages_per_range = 32, autosummarize = on);`,
      ],
    });
    for (const query of dashboards)
      expectations.set(query, {
        index: name,
        nodeTypes: ['Bitmap Index Scan'],
        needsSeqscanOff: true,
      });
  } else if (hasDashboards && techniques.has('indexes')) {
    const dashboardQueries = queries.filter((query) => query.kind === 'dashboard');
    const included = unique(dashboardQueries.flatMap((query) => query.shape.projection)).filter(
      (column) => column !== time,
    );
    const name = objectName([fact.name, time.name], 'covering');
    items.push({
      id: name,
      technique: 'indexes',
      table: fact.qualifiedName,
      serves: dashboards,
      why: [
        `Range on ${time.name}, INCLUDE the columns the dashboards aggregate: the window is answered by an index-only scan,`,
        'without touching the table (keep the visibility map current: see maintenance.sql).',
      ],
      statements: [
        `CREATE INDEX${concurrently(fact)} IF NOT EXISTS ${name}\n    ON ${fact.qualifiedName} (${col(time)})${included.length > 0 ? `\n    INCLUDE (${included.map(col).join(', ')})` : ''};`,
      ],
    });
    for (const query of dashboards) {
      expectations.set(query, {
        index: name,
        nodeTypes: ['Index Only Scan', 'Index Scan', 'Bitmap Index Scan'],
        needsSeqscanOff: true,
      });
    }
  }

  if (rollup) {
    const name = objectName([rollup.name, ...rollup.keyColumns], 'key');
    items.push({
      id: rollup.name,
      technique: 'materialized-views',
      table: rollup.qualifiedName,
      serves: namesOf(workload, ['rollup']),
      why: [
        rollup.kind === 'daily'
          ? `Daily rollup of ${rollup.source.name}: long-range dashboards read a year of daily rows instead of scanning the fact.`
          : `Per-member summary of ${rollup.source.name}: a lookup reads one precomputed row instead of aggregating the member's history.`,
        'The unique index is what REFRESH MATERIALIZED VIEW CONCURRENTLY needs: readers keep the old contents while it refreshes.',
      ],
      statements: [
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollup.qualifiedName} AS\n${rollup.definition}\nWITH DATA;`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${name}\n    ON ${rollup.qualifiedName} (${rollup.keyColumns.map(sqlIdentifier).join(', ')});`,
      ],
    });
    for (const query of namesOf(workload, ['rollup'])) {
      expectations.set(query, {
        index: name,
        nodeTypes: ['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'],
        needsSeqscanOff: rollup.kind === 'daily',
      });
    }
  }

  const maintenance: MaintenanceStep[] = [
    {
      title: 'Statistics after every load',
      schedule: 'after each dbt build (the orchestrator runs it), and after backfills',
      why: [
        'Autovacuum analyzes a table after a fraction of it changed; on a large append-only fact, the newest days',
        'stay out of the statistics for hours and "last 30 days" estimates go wrong. ANALYZE is cheap: it samples.',
      ],
      statements: martsOf(workload).map((table) => `ANALYZE ${table};`),
    },
    {
      title: 'Vacuum thresholds for append-only facts',
      schedule: 'once (table settings persist across incremental runs)',
      why: [
        'Insert-driven autovacuum (PostgreSQL 13+) keeps the visibility map current, which index-only scans need;',
        'the default scale factor (20%) waits far too long on a large fact.',
      ],
      statements: [
        `ALTER TABLE ${fact.qualifiedName} SET (\n    autovacuum_vacuum_insert_scale_factor = 0.01,\n    autovacuum_analyze_scale_factor = 0.01\n);`,
        `VACUUM (ANALYZE) ${fact.qualifiedName};`,
      ],
    },
  ];
  if (rollup) {
    maintenance.push({
      title: `Refresh ${rollup.qualifiedName}`,
      schedule: 'after each dbt build of the fact',
      why: [
        'CONCURRENTLY keeps the view readable during the refresh (it needs the unique index created in indexes.sql).',
      ],
      statements: [`REFRESH MATERIALIZED VIEW CONCURRENTLY ${rollup.qualifiedName};`],
    });
  }
  const latest = items.find((item) => item.technique === 'indexes' && item.id.endsWith('_idx'));
  if (techniques.has('partitioning-clustering') && latest) {
    maintenance.push({
      title: `Physically order ${latest.table} for per-member reads`,
      schedule:
        'rarely, in a maintenance window (it takes an ACCESS EXCLUSIVE lock and rewrites the table)',
      why: [
        "CLUSTER rewrites the table in index order once; a member's rows then sit in few pages, so the",
        'latest-rows lookup reads a handful of blocks. New rows are not kept in order: repeat after large backfills,',
        'or use pg_repack to do it without the long lock.',
      ],
      statements: [`CLUSTER ${latest.table} USING ${latest.id};`, `ANALYZE ${latest.table};`],
    });
  }
  maintenance.push({
    title: 'Index health',
    schedule: 'weekly',
    why: [
      'A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS then skips: find and rebuild it.',
      'Indexes never scanned since the last statistics reset cost writes for nothing.',
    ],
    statements: [
      'SELECT indexrelid::regclass AS invalid_index\nFROM pg_index\nWHERE NOT indisvalid;',
      `SELECT schemaname, relname, indexrelname, idx_scan, pg_size_pretty(pg_relation_size(indexrelid)) AS size\nFROM pg_stat_user_indexes\nWHERE schemaname = 'marts'\nORDER BY idx_scan, pg_relation_size(indexrelid) DESC;`,
    ],
  });

  return {
    strategy: [
      'PostgreSQL is a row store: every structure below is a B-tree, BRIN or partial index shaped after one query. Composite indexes list the equality columns first and the sort column last (filter, then sort), and `INCLUDE` adds the rest of the projection so the query can be answered from the index alone.',
      hasDashboards
        ? `Dashboards scan a time window of \`${fact.qualifiedName}\`. ${techniques.has('partitioning-clustering') ? 'A BRIN index on the event time serves them: incremental loads append in time order, so block ranges map to narrow time spans and the index stays tiny.' : 'A covering B-tree on the event time serves them with an index-only scan.'}`
        : '',
      lookups.length > 0
        ? 'Point lookups are single index probes: unique indexes on keys, a composite index for the latest rows of one member, and a partial index for the hot subset of a status column.'
        : '',
      "Partitioning: for facts beyond a few hundred million rows, declarative range partitioning by month on the event time lets old partitions be detached and dropped instantly. A partitioned table's primary key must include the partition column, and `CREATE INDEX CONCURRENTLY` is not allowed on the partitioned parent: create the index `ON ONLY` the parent, build it concurrently on each partition, then `ALTER INDEX … ATTACH PARTITION`.",
    ].filter((paragraph) => paragraph !== ''),
    items,
    maintenance,
    plan: (query) => postgresPlan(query, expectations.get(query.name)),
    persistence: [
      'dbt recreates `table` models on every run, which drops their indexes; incremental models keep theirs. Run `make sql-indexes` after each full build, or move each index into the model config (`{{ config(indexes=[{"columns": ["…"], "unique": true}]) }}`, supported by dbt-postgres) so dbt creates it with the table.',
    ],
  };
}

function postgresPlan(
  query: WorkloadQuery,
  expectation: PlanExpectation['postgres'],
): PlanExpectation {
  const table = query.shape.table.qualifiedName;
  if (!expectation) {
    return {
      expected: [
        `A Seq Scan on ${table}: no index in indexes.sql targets this query with the chosen techniques.`,
      ],
      warnings: [
        'Rows Removed by Filter close to the table size: add the index this query needs (the indexes technique).',
      ],
    };
  }
  const expected = [`${expectation.nodeTypes.join(' or ')} using \`${expectation.index}\`.`];
  if (query.kind === 'lookup' && query.shape.orderBy)
    expected.push(
      'No Sort node: the index returns rows in the requested order and the Limit stops the scan early.',
    );
  if (query.kind === 'dashboard')
    expected.push(
      'A HashAggregate (or GroupAggregate) over the rows of the window, then the join to the dimension on a Hash Join.',
    );
  if (query.kind === 'rollup')
    expected.push('A scan of the rollup only: the fact does not appear in the plan.');
  return {
    expected,
    warnings: [
      'Seq Scan on the table with a large "Rows Removed by Filter": the index is not used (stale statistics: run ANALYZE; or a function wraps the filtered column).',
      'Estimated rows far from actual rows on the scan node: statistics are stale or the predicate is not estimable.',
      'Buffers: shared read much larger than shared hit on repeated runs: the working set does not fit in shared_buffers.',
      ...(query.kind === 'dashboard'
        ? [
            'Heap Fetches close to the row count in an Index Only Scan: the visibility map is stale (VACUUM).',
          ]
        : []),
    ],
    postgres: expectation,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function martsOf(workload: DesignInput['workload']): string[] {
  const tables = new Set<string>();
  for (const query of workload.queries) {
    tables.add(query.shape.table.qualifiedName);
    if (query.shape.joins) tables.add(query.shape.joins.qualifiedName);
  }
  if (workload.rollup) tables.add(workload.rollup.qualifiedName);
  return [...tables];
}
