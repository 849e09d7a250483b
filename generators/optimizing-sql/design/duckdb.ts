import { sqlIdentifier } from '../../shared/text.js';
import { DASHBOARD_DAYS, type WorkloadQuery } from '../workload.js';
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
 * DuckDB: a column store whose scans skip row groups through zone maps (min/max per row group),
 * so range filters are served by the physical order of the rows, not by an index. ART indexes
 * pay off only for selective equality lookups (and enforce uniqueness); they live in memory and
 * slow bulk loads, so they go only where a lookup needs them. No materialized views: a rollup
 * table refreshed by upsert plays that role.
 */
export function duckdbDesign({ workload }: DesignInput): EngineDesign {
  const { primary, techniques, rollup, queries, dialect } = workload;
  const fact = primary.table;
  const time = fact.eventTime;
  const items: DesignItem[] = [];
  const indexed = new Map<string, string>();
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
      `Uniqueness of ${guarded.name}.${guarded.key.name} (an ART index): joins to it cannot fan out, and a lookup by key is an index probe.`,
      'dbt recreates the table on every run, which drops the index: re-apply this file after each build (make sql-indexes).',
    ],
    statements: [
      `CREATE UNIQUE INDEX IF NOT EXISTS ${guardName}\n    ON ${guarded.qualifiedName} (${sqlIdentifier(guarded.key.name)});`,
    ],
  });
  indexed.set(`${guarded.qualifiedName}.${guarded.key.name}`, guardName);

  if (techniques.has('indexes')) {
    for (const query of queries.filter((candidate) => candidate.kind === 'lookup')) {
      const { table, equality } = query.shape;
      const first = equality[0];
      if (!first || first.acceptedValues) continue; // low-cardinality filters: zone maps, not ART
      if (indexed.has(`${table.qualifiedName}.${first.name}`)) continue;
      const isKey = first === table.key;
      const name = objectName([table.name, first.name], isKey ? 'key' : 'idx');
      items.push({
        id: name,
        technique: 'indexes',
        table: table.qualifiedName,
        serves: [query.name],
        why: [
          isKey
            ? `ART index on ${first.name}: a lookup by key probes the index instead of scanning every row group.`
            : `ART index on ${first.name}: the lookup of one member's rows probes the index; the sort on ${query.shape.orderBy?.name ?? 'the result'} then runs on those rows only.`,
          'ART indexes are kept in memory and maintained on every insert: add them only for selective equality lookups.',
        ],
        statements: [
          `CREATE ${isKey ? 'UNIQUE ' : ''}INDEX IF NOT EXISTS ${name}\n    ON ${table.qualifiedName} (${sqlIdentifier(first.name)});`,
        ],
      });
      indexed.set(`${table.qualifiedName}.${first.name}`, name);
    }
  }

  if (rollup) {
    const keyName = objectName([rollup.name, ...rollup.keyColumns], 'key');
    items.push({
      id: rollup.name,
      technique: 'materialized-views',
      table: rollup.qualifiedName,
      serves: namesOf(workload, ['rollup']),
      why: [
        'DuckDB has no materialized views: the rollup is a table, created once here and refreshed for the latest days by maintenance.sql',
        '(INSERT OR REPLACE needs the unique index). Promote it to a dbt incremental model when the team prefers dbt to own it.',
      ],
      statements: [
        `CREATE TABLE IF NOT EXISTS ${rollup.qualifiedName} AS\n${rollup.definition}\nORDER BY ${sqlIdentifier(rollup.clusterColumn)};`,
        `CREATE UNIQUE INDEX IF NOT EXISTS ${keyName}\n    ON ${rollup.qualifiedName} (${rollup.keyColumns.map(sqlIdentifier).join(', ')});`,
      ],
    });
  }

  const maintenance: MaintenanceStep[] = [];
  if (techniques.has('partitioning-clustering')) {
    const factIndexes = items.filter((item) => item.table === fact.qualifiedName);
    maintenance.push({
      title: `Keep ${fact.qualifiedName} sorted by ${time.name}`,
      schedule:
        'after a backfill or an out-of-order load (incremental runs append in time order already)',
      why: [
        `Zone maps skip a row group only when its ${time.name} range misses the filter; rows loaded out of order widen every range.`,
        "Rewriting the table in time order restores pruning. CREATE OR REPLACE drops the table's indexes, so they are recreated after it.",
      ],
      statements: [
        `CREATE OR REPLACE TABLE ${fact.qualifiedName} AS\nSELECT *\nFROM ${fact.qualifiedName}\nORDER BY ${sqlIdentifier(time.name)};`,
        ...factIndexes.flatMap((item) => item.statements),
      ],
    });
  }
  if (rollup) {
    const time = sqlIdentifier(rollup.source.eventTime.name);
    const recent = `${time} >= ${dialect.minusDays(dialect.startOfToday, 3)}`;
    const group = sqlIdentifier(rollup.clusterColumn);
    const filter =
      rollup.kind === 'daily'
        ? `WHERE ${recent}`
        : `WHERE ${group} IN (\n    SELECT DISTINCT ${group}\n    FROM ${rollup.source.qualifiedName}\n    WHERE ${recent}\n)`;
    const refreshed = rollup.definition.replace(
      `FROM ${rollup.source.qualifiedName}\n`,
      `FROM ${rollup.source.qualifiedName}\n${filter}\n`,
    );
    maintenance.push({
      title: `Refresh the recent part of ${rollup.qualifiedName}`,
      schedule: 'after each dbt build of the fact',
      why: [
        rollup.kind === 'daily'
          ? 'Late events land in recent days only: recomputing the last three days and upserting them keeps the rollup exact'
          : 'Only members with events in the last three days changed: recomputing them and upserting keeps the summary exact',
        'without rescanning history (INSERT OR REPLACE matches rows on the unique index).',
      ],
      statements: [`INSERT OR REPLACE INTO ${rollup.qualifiedName}\n${refreshed};`],
    });
  }
  maintenance.push({
    title: 'Statistics and checkpoint',
    schedule: 'after each load',
    why: [
      'ANALYZE refreshes the distinct-count statistics the join order relies on; CHECKPOINT folds the write-ahead log',
      'into the database file so readers (the freshness exporter, BI tools) open it quickly.',
    ],
    statements: ['ANALYZE;', 'CHECKPOINT;'],
  });

  const hasDashboards = queries.some((query) => query.kind === 'dashboard');
  return {
    strategy: [
      'DuckDB is a column store without secondary indexes for ranges: every scan checks zone maps (the min/max of each column per row group of about 122,880 rows) and skips row groups that cannot match. Range filters are therefore served by the physical order of the rows: load facts in event-time order (incremental runs do) and re-sort after backfills.',
      hasDashboards
        ? `Dashboards filter \`${fact.qualifiedName}\` on \`${time.name}\`: with sorted rows, a ${DASHBOARD_DAYS}-day window reads only the row groups of those days.`
        : '',
      'ART indexes serve selective equality lookups (and enforce uniqueness). They are held in memory and maintained on every insert, so they are added only where a lookup needs one.',
      'Exports for other engines (Parquet) should be written `ORDER BY` the event time and, for large facts, with `PARTITION_BY` on a date column, so readers prune files the same way.',
    ].filter((paragraph) => paragraph !== ''),
    items,
    maintenance,
    plan: (query) => duckdbPlan(query, indexed),
    persistence: [
      'dbt recreates `table` models on every run, which drops their ART indexes; run `make sql-indexes` after `dbt build` (the orchestrator can run it as its last step), or create them in a dbt post-hook.',
      `Write the fact in event-time order in its model (\`order by ${time.name}\` in the final select of an incremental batch): zone maps stay tight without maintenance.`,
    ],
  };
}

function duckdbPlan(query: WorkloadQuery, indexed: ReadonlyMap<string, string>): PlanExpectation {
  const table = query.shape.table;
  const first = query.shape.equality[0];
  const index = first ? indexed.get(`${table.qualifiedName}.${first.name}`) : undefined;
  if (query.kind === 'lookup') {
    return {
      expected: [
        index
          ? `\`INDEX_SCAN\` on ${table.qualifiedName} using \`${index}\` once the table is large enough for the optimizer to prefer it; on a small table a \`SEQ_SCAN\` with the filter pushed into it.`
          : `\`SEQ_SCAN\` on ${table.qualifiedName} with \`Filters: ${first?.name ?? ''}=…\` pushed into the scan (zone maps skip row groups that cannot contain the value).`,
        ...(query.shape.orderBy ? ['`TOP_N` for the ORDER BY … LIMIT (no full sort).'] : []),
      ],
      warnings: [
        'A `FILTER` operator above the scan instead of `Filters:` inside it: the predicate was not pushed down (a cast or function on the column).',
        'Rows scanned in the millions for a single-row result: the index is missing or the table was recreated without it.',
      ],
    };
  }
  return {
    expected: [
      `\`SEQ_SCAN\` on ${query.kind === 'rollup' ? 'the rollup' : table.qualifiedName} with the time filter inside the scan (\`Filters:\`), then \`HASH_GROUP_BY\`${query.shape.joins ? ' and a `HASH_JOIN` to the dimension' : ''}.`,
      'With rows in time order, the scanned row count (EXPLAIN ANALYZE) is close to the rows of the window, not of the table.',
    ],
    warnings: [
      'The scan reads every row of the table for a 30-day window: rows are not in time order (re-sort, see maintenance.sql).',
      'A `FILTER` operator above the scan: a function wraps the time column and zone maps cannot be used.',
    ],
  };
}
