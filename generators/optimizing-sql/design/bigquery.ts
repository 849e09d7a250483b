import type { Column } from '../../../source/engine/model/types.js';
import { sqlIdentifier } from '../../shared/text.js';
import type { WorkloadQuery } from '../workload.js';
import { factLayout } from './layout.js';
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
 * BigQuery: billed by bytes scanned, so the design is partitioning by day (whole partitions are
 * skipped) and clustering (blocks inside a partition are skipped), plus search indexes for
 * selective equality on string keys and materialized views for repeated aggregates.
 */
export function bigqueryDesign({ model, workload }: DesignInput): EngineDesign {
  const layout = factLayout(workload, 4);
  const fact = layout.table;
  const time = fact.eventTime;
  const items: DesignItem[] = [];
  const hasLookups = workload.queries.some((query) => query.kind === 'lookup');
  // Clustering columns: the layout's non-time columns, then the lookup keys (BigQuery allows four).
  const clustering: Column[] = [];
  for (const column of [
    ...layout.columns.filter((item) => item !== time),
    ...layout.lookupColumns,
  ]) {
    if (!clustering.includes(column) && clustering.length < 4) clustering.push(column);
  }
  const options = [`require_partition_filter = ${hasLookups ? 'FALSE' : 'TRUE'}`];
  // INFORMATION_SCHEMA.JOBS is regional: the dataset location from the environment registry.
  const location = (
    model.env.find((variable) => variable.name === 'BIGQUERY_LOCATION')?.example ?? 'US'
  ).toLowerCase();
  items.push({
    id: `${fact.name}_partitioning`,
    technique:
      layout.technique === 'baseline' && clustering.length > 0 ? 'indexes' : layout.technique,
    table: fact.qualifiedName,
    serves: workload.queries
      .filter((query) => query.shape.table === fact)
      .map((query) => query.name),
    why: [
      `Partitioned by DATE(${time.name}): a time-window query is billed for the days it reads, not for the table.`,
      clustering.length > 0
        ? `Clustered by ${clustering.map((column) => column.name).join(', ')}: inside each partition, blocks are sorted by these columns and filters on them skip blocks.`
        : 'No clustering columns were chosen for this workload.',
      hasLookups
        ? 'require_partition_filter stays off: key lookups have no time filter.'
        : 'require_partition_filter = TRUE rejects queries that would scan every partition (a missing time filter is a bug on this table).',
      'BigQuery cannot add partitioning to an existing table: the statement rewrites it in place (CREATE OR REPLACE … AS SELECT), which keeps the data but not table-level settings; declare the same layout in the dbt model (see README) so rebuilds keep it.',
    ],
    statements: [
      [
        `CREATE OR REPLACE TABLE ${fact.qualifiedName}`,
        `PARTITION BY DATE(${sqlIdentifier(time.name)})`,
        ...(clustering.length > 0
          ? [`CLUSTER BY ${clustering.map((column) => sqlIdentifier(column.name)).join(', ')}`]
          : []),
        `OPTIONS (${options.join(', ')})`,
        `AS SELECT * FROM ${fact.qualifiedName};`,
      ].join('\n'),
    ],
  });
  const stringLookups = layout.lookupColumns.filter((column) => column.type === 'string');
  if (stringLookups.length > 0) {
    const name = objectName([fact.name, 'lookup'], 'search');
    items.push({
      id: name,
      technique: 'indexes',
      table: fact.qualifiedName,
      serves: workload.queries
        .filter((query) => query.kind === 'lookup' && query.shape.table === fact)
        .map((query) => query.name),
      why: [
        `Search index on ${stringLookups.map((column) => column.name).join(', ')}: BigQuery uses it for = and IN on string columns, reading only the blocks that hold the value.`,
        'It is maintained asynchronously; until coverage reaches 100% (INFORMATION_SCHEMA.SEARCH_INDEXES) queries fall back to a scan.',
      ],
      statements: [
        `CREATE SEARCH INDEX IF NOT EXISTS ${name}\nON ${fact.qualifiedName} (${stringLookups.map((column) => sqlIdentifier(column.name)).join(', ')});`,
      ],
    });
  }
  if (layout.dimensionLookup) {
    const { table, column } = layout.dimensionLookup;
    items.push({
      id: `${table.name}_clustering`,
      technique: 'indexes',
      table: table.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.table === table)
        .map((query) => query.name),
      why: [
        `Clustered by ${column.name}: a key lookup reads the few blocks holding that key instead of the whole dimension.`,
      ],
      statements: [
        `CREATE OR REPLACE TABLE ${table.qualifiedName}\nCLUSTER BY ${sqlIdentifier(column.name)}\nAS SELECT * FROM ${table.qualifiedName};`,
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
        rollup.kind === 'daily'
          ? `Materialized view of the daily totals of ${fact.name}, partitioned like the fact so a refresh recomputes only changed days.`
          : `Materialized view of the totals per ${rollup.clusterColumn} of ${fact.name}, clustered by it so a lookup reads one block.`,
        'BigQuery refreshes it incrementally and rewrites matching aggregate queries on the fact to read it (smart tuning).',
      ],
      statements: [
        [
          `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollup.qualifiedName}`,
          ...(rollup.kind === 'daily' ? ['PARTITION BY DATE(event_day)'] : []),
          ...(rollup.group ? [`CLUSTER BY ${sqlIdentifier(rollup.group.name)}`] : []),
          'OPTIONS (enable_refresh = TRUE, refresh_interval_minutes = 60)',
          'AS',
          `${rollup.definition};`,
        ].join('\n'),
      ],
    });
  }
  const maintenance: MaintenanceStep[] = [
    {
      title: 'Partitions and their size',
      schedule: 'monthly',
      why: [
        'Skewed or tiny partitions (thousands of a few MB) cost metadata time: a monthly partitioning may fit better.',
      ],
      statements: [
        `SELECT partition_id, total_rows, total_logical_bytes\nFROM marts.INFORMATION_SCHEMA.PARTITIONS\nWHERE table_name = '${fact.name}'\nORDER BY partition_id DESC\nLIMIT 60;`,
      ],
    },
    {
      title: 'Bytes billed by the workload',
      schedule: 'weekly',
      why: [
        'The queries that scan the most bytes are the ones to rewrite or to serve from a rollup.',
      ],
      statements: [
        `SELECT query, total_bytes_billed, total_slot_ms\nFROM \`region-${location}\`.INFORMATION_SCHEMA.JOBS\nWHERE creation_time >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)\n  AND statement_type = 'SELECT'\nORDER BY total_bytes_billed DESC\nLIMIT 20;`,
      ],
    },
  ];
  if (stringLookups.length > 0) {
    maintenance.push({
      title: 'Search index coverage',
      schedule: 'after large loads',
      why: ['Queries use the search index only once it covers the table.'],
      statements: [
        `SELECT index_name, coverage_percentage, index_status\nFROM marts.INFORMATION_SCHEMA.SEARCH_INDEXES\nWHERE table_name = '${fact.name}';`,
      ],
    });
  }
  if (rollup) {
    maintenance.push({
      title: `Refresh ${rollup.qualifiedName} on demand`,
      schedule: 'after backfills (the automatic refresh handles normal loads)',
      why: [
        'A backfill of old days invalidates their rollup partitions; refreshing now avoids queries falling back to the fact.',
      ],
      statements: [`CALL BQ.REFRESH_MATERIALIZED_VIEW('${rollup.qualifiedName}');`],
    });
  }
  return {
    strategy: [
      'BigQuery bills and schedules by bytes scanned. Partitioning by day lets a query skip whole days; clustering sorts the blocks inside each partition so filters on the clustering columns skip blocks too. Both are declared on the table; re-clustering is automatic and free.',
      `\`${fact.qualifiedName}\` is partitioned by \`DATE(${time.name})\`${clustering.length > 0 ? ` and clustered by ${clustering.map((column) => `\`${column.name}\``).join(', ')}` : ''}.`,
      stringLookups.length > 0
        ? 'Point lookups on string keys use a search index, which BigQuery applies to `=` and `IN` predicates.'
        : '',
      'Dry-run every dashboard query (`bq query --dry_run`) to see the bytes it would scan; a filter on a function of the partition column (`DATE(ts) = …` is fine, `FORMAT_TIMESTAMP(…) = …` is not) disables pruning.',
    ].filter((paragraph) => paragraph !== ''),
    items,
    maintenance,
    plan: (query) => bigqueryPlan(query),
    persistence: [
      `Declare the layout in the dbt model so rebuilds keep it: \`{{ config(partition_by={"field": "${time.name}", "data_type": "timestamp", "granularity": "day"}${clustering.length > 0 ? `, cluster_by=[${clustering.map((column) => `"${column.name}"`).join(', ')}]` : ''}) }}\` (dbt-bigquery). The statements here apply the same layout to the tables that exist today.`,
    ],
  };
}

function bigqueryPlan(query: WorkloadQuery): PlanExpectation {
  return {
    expected: [
      `A dry run that reports far fewer bytes than the size of ${query.shape.table.qualifiedName}: ${query.shape.range ? 'only the partitions of the window' : 'only the clustered blocks (or search-index blocks) holding the key'}.`,
      'In the job\'s execution graph, an input stage whose "records read" is close to the rows of the window or key.',
    ],
    warnings: [
      'Bytes processed equal to the table size: no partition pruning (the filter wraps the partition column in a function, or uses a subquery result BigQuery cannot fold).',
      'A large "shuffle" in the join stage: join after aggregating, or the dimension is not small enough to broadcast.',
    ],
  };
}
