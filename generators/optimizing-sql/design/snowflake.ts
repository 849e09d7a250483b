import { sqlIdentifier, sqlString } from '../../shared/text.js';
import type { WorkloadQuery } from '../workload.js';
import { factLayout } from './layout.js';
import {
  namesOf,
  type DesignInput,
  type DesignItem,
  type EngineDesign,
  type MaintenanceStep,
  type PlanExpectation,
} from './types.js';

/**
 * Snowflake: no indexes. Queries prune micro-partitions by their min/max metadata, so the design
 * is a clustering key on the large fact (date of the event time first), the search optimization
 * service for selective equality lookups, and materialized views for repeated aggregates.
 */
export function snowflakeDesign({ workload }: DesignInput): EngineDesign {
  const layout = factLayout(workload, 3);
  const fact = layout.table;
  const time = fact.eventTime;
  const items: DesignItem[] = [];
  const keyExpressions = layout.columns.map((column) =>
    column === time ? `TO_DATE(${sqlIdentifier(column.name)})` : sqlIdentifier(column.name),
  );
  const rangeQueries = workload.queries.filter(
    (query) =>
      query.shape.table === fact &&
      (query.shape.range || query.shape.equality.some((column) => layout.columns.includes(column))),
  );
  items.push({
    id: `${fact.name}_clustering`,
    technique: layout.technique,
    table: fact.qualifiedName,
    serves: rangeQueries.map((query) => query.name),
    why: [
      layout.technique === 'baseline'
        ? `Baseline: cluster the fact on the date of ${time.name}, the filter of every time-window query, so pruning keeps working as late data arrives out of order.`
        : `Clustering key, lowest cardinality first: ${keyExpressions.join(', ')}. Time-window filters prune micro-partitions by date, and the next column narrows them further.`,
      'Automatic Clustering reclusters in the background and bills credits: worth it on tables of hundreds of GB and more; check with SYSTEM$CLUSTERING_INFORMATION first.',
    ],
    statements: [`ALTER TABLE ${fact.qualifiedName} CLUSTER BY (${keyExpressions.join(', ')});`],
  });
  if (layout.lookupColumns.length > 0) {
    items.push({
      id: `${fact.name}_search_optimization`,
      technique: 'indexes',
      table: fact.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.table === fact && query.kind === 'lookup')
        .map((query) => query.name),
      why: [
        `Search optimization on equality of ${layout.lookupColumns.map((column) => column.name).join(', ')}: a persistent access path that finds the few micro-partitions holding a key,`,
        'the closest Snowflake has to an index (Enterprise Edition; storage and maintenance are billed: estimate first, see maintenance.sql).',
      ],
      statements: [
        `ALTER TABLE ${fact.qualifiedName} ADD SEARCH OPTIMIZATION ON EQUALITY(${layout.lookupColumns.map((column) => sqlIdentifier(column.name)).join(', ')});`,
      ],
    });
  }
  if (layout.dimensionLookup) {
    const { table, column } = layout.dimensionLookup;
    items.push({
      id: `${table.name}_search_optimization`,
      technique: 'indexes',
      table: table.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.table === table)
        .map((query) => query.name),
      why: [
        `Search optimization on ${column.name}: key lookups on the dimension read one micro-partition.`,
      ],
      statements: [
        `ALTER TABLE ${table.qualifiedName} ADD SEARCH OPTIMIZATION ON EQUALITY(${sqlIdentifier(column.name)});`,
      ],
    });
  }
  const rollup = workload.rollup;
  if (rollup) {
    items.push({
      id: rollup.name,
      technique: 'materialized-views',
      table: rollup.qualifiedName,
      serves: namesOf(workload, ['rollup']),
      why: [
        `Materialized view of the ${rollup.kind === 'daily' ? 'daily totals' : `totals per ${rollup.clusterColumn}`} of ${fact.name}: Snowflake maintains it as the fact changes and can rewrite matching queries to it.`,
        'Single-table aggregates only (no joins): the dimension is joined at query time, on a year of daily rows. Enterprise Edition.',
      ],
      statements: [
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollup.qualifiedName}\n    CLUSTER BY (${sqlIdentifier(rollup.clusterColumn)})\nAS\n${rollup.definition};`,
      ],
    });
  }
  const maintenance: MaintenanceStep[] = [
    {
      title: `Clustering health of ${fact.qualifiedName}`,
      schedule: 'weekly, and before changing the clustering key',
      why: [
        'average_depth close to 1 means queries on the key prune well; a growing depth means reclustering is falling behind or the key is wrong.',
      ],
      statements: [
        `SELECT SYSTEM$CLUSTERING_INFORMATION(${sqlString(fact.qualifiedName)}, ${sqlString(`(${keyExpressions.join(', ')})`)});`,
      ],
    },
    {
      title: 'Pause reclustering during backfills',
      schedule: 'around large backfills',
      why: [
        'Reclustering while a backfill rewrites history bills credits twice; resume it when the backfill is done.',
      ],
      statements: [
        `ALTER TABLE ${fact.qualifiedName} SUSPEND RECLUSTER;`,
        `ALTER TABLE ${fact.qualifiedName} RESUME RECLUSTER;`,
      ],
    },
  ];
  if (layout.lookupColumns.length > 0) {
    maintenance.push({
      title: 'Search optimization cost',
      schedule: 'before enabling it, then monthly',
      why: [
        'Search optimization adds storage and background compute: estimate it, then watch what it costs.',
      ],
      statements: [
        `SELECT SYSTEM$ESTIMATE_SEARCH_OPTIMIZATION_COSTS(${sqlString(fact.qualifiedName)}, ${sqlString(`EQUALITY(${layout.lookupColumns.map((column) => column.name).join(', ')})`)});`,
        `SELECT *\nFROM TABLE(INFORMATION_SCHEMA.SEARCH_OPTIMIZATION_HISTORY(\n    DATE_RANGE_START => DATEADD(day, -30, CURRENT_TIMESTAMP()),\n    TABLE_NAME => ${sqlString(fact.qualifiedName)}\n));`,
      ],
    });
  }
  if (rollup) {
    maintenance.push({
      title: `Refresh cost of ${rollup.qualifiedName}`,
      schedule: 'monthly',
      why: [
        'Snowflake refreshes materialized views itself; the bill shows up here, not in a warehouse.',
      ],
      statements: [
        `SELECT *\nFROM TABLE(INFORMATION_SCHEMA.MATERIALIZED_VIEW_REFRESH_HISTORY(\n    DATE_RANGE_START => DATEADD(day, -30, CURRENT_TIMESTAMP()),\n    MATERIALIZED_VIEW_NAME => ${sqlString(rollup.qualifiedName)}\n));`,
      ],
    });
  }
  return {
    strategy: [
      'Snowflake has no indexes: every table is stored in micro-partitions with min/max metadata per column, and a query prunes the partitions whose ranges cannot match its filters. The design is about keeping related rows in the same micro-partitions.',
      `A clustering key on \`${fact.qualifiedName}\` (${keyExpressions.join(', ')}) keeps that order as data arrives; Automatic Clustering maintains it and bills credits, so it pays off on large, frequently filtered tables.`,
      layout.lookupColumns.length > 0
        ? 'Point lookups use the search optimization service (equality on keys), the Snowflake equivalent of a secondary index.'
        : '',
      'Statistics are automatic; the result cache returns repeated dashboard queries for free as long as the underlying data has not changed.',
    ].filter((paragraph) => paragraph !== ''),
    items,
    maintenance,
    plan: (query) => snowflakePlan(query),
    persistence: [
      'dbt-snowflake keeps the clustering key when the model declares it: `{{ config(cluster_by=["to_date(' +
        time.name +
        ')"], automatic_clustering=true) }}`. Search optimization is not a dbt config: add the ALTER as a post-hook, or run `make sql-indexes` after full refreshes.',
    ],
  };
}

function snowflakePlan(query: WorkloadQuery): PlanExpectation {
  return {
    expected: [
      `A \`TableScan\` on ${query.shape.table.qualifiedName} with \`partitionsAssigned\` a small fraction of \`partitionsTotal\`${query.kind === 'lookup' ? ' (search optimization shows as a pruned scan with few partitions)' : ''}.`,
      ...(query.shape.joins
        ? [
            'An `Aggregate` before the `Join` when the query pre-aggregates; the dimension scan is small.',
          ]
        : []),
    ],
    warnings: [
      '`partitionsAssigned` equal to `partitionsTotal`: no pruning (a function on the filtered column, or the table is not clustered on it).',
      'Bytes spilled to local or remote storage in the Query Profile: the warehouse is too small for the aggregate.',
    ],
  };
}
