import type { Column } from '../../../source/engine/model/types.js';
import { sqlIdentifier } from '../../shared/text.js';
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
 * Databricks (Delta): data skipping reads per-file min/max statistics, so the design clusters rows
 * with liquid clustering (`CLUSTER BY`, incremental, keys changeable without a rewrite) on the
 * columns the workload filters. Z-ordering is the older alternative for tables that cannot use
 * liquid clustering; the two do not mix on one table.
 */
export function databricksDesign({ workload }: DesignInput): EngineDesign {
  const layout = factLayout(workload, 4);
  const fact = layout.table;
  const items: DesignItem[] = [];
  const columns: Column[] = [];
  for (const column of [...layout.columns, ...layout.lookupColumns])
    if (!columns.includes(column) && columns.length < 4) columns.push(column);
  items.push({
    id: `${fact.name}_liquid_clustering`,
    technique:
      layout.technique === 'baseline' && layout.lookupColumns.length > 0
        ? 'indexes'
        : layout.technique,
    table: fact.qualifiedName,
    serves: workload.queries
      .filter((query) => query.shape.table === fact)
      .map((query) => query.name),
    why: [
      `Liquid clustering on ${columns.map((column) => column.name).join(', ')}: OPTIMIZE co-locates rows with close values in the same files,`,
      'and per-file statistics let filters on any of these columns skip files. Keys can change later without rewriting the table.',
      'Liquid clustering replaces partitioning and Z-order on this table (they cannot be combined).',
    ],
    statements: [
      `ALTER TABLE ${fact.qualifiedName} CLUSTER BY (${columns.map((column) => sqlIdentifier(column.name)).join(', ')});`,
    ],
  });
  if (layout.dimensionLookup) {
    const { table, column } = layout.dimensionLookup;
    items.push({
      id: `${table.name}_liquid_clustering`,
      technique: 'indexes',
      table: table.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.table === table)
        .map((query) => query.name),
      why: [
        `Clustered on ${column.name}: a key lookup reads the one file whose statistics contain the key.`,
      ],
      statements: [
        `ALTER TABLE ${table.qualifiedName} CLUSTER BY (${sqlIdentifier(column.name)});`,
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
        `Materialized view of the ${rollup.kind === 'daily' ? 'daily totals' : `totals per ${rollup.clusterColumn}`} of ${fact.name} (a serverless pipeline maintains it, incrementally when it can).`,
        'The schedule refreshes it hourly; REFRESH MATERIALIZED VIEW runs it on demand after backfills.',
      ],
      statements: [
        `CREATE MATERIALIZED VIEW IF NOT EXISTS ${rollup.qualifiedName}\nCLUSTER BY (${sqlIdentifier(rollup.clusterColumn)})\nAS\n${rollup.definition};`,
        `ALTER MATERIALIZED VIEW ${rollup.qualifiedName} ADD SCHEDULE EVERY 1 HOUR;`,
      ],
    });
  }
  const clustered = [
    ...new Set(
      items.filter((item) => item.id.endsWith('_liquid_clustering')).map((item) => item.table),
    ),
  ];
  const maintenance: MaintenanceStep[] = [
    {
      title: 'Cluster new data',
      schedule: 'after each load, or let predictive optimization run it',
      why: [
        'OPTIMIZE on a liquid-clustered table clusters only the data written since the last run: cheap to run often.',
      ],
      statements: clustered.map((table) => `OPTIMIZE ${table};`),
    },
    {
      title: 'Statistics',
      schedule: 'after large loads',
      why: [
        'Column statistics drive join strategy (broadcast the small dimension) and the cost-based optimizer.',
      ],
      statements: clustered.map(
        (table) => `ANALYZE TABLE ${table} COMPUTE STATISTICS FOR ALL COLUMNS;`,
      ),
    },
    {
      title: 'Remove unreferenced files',
      schedule: 'weekly',
      why: [
        'VACUUM deletes files no version within the retention window references; 7 days keeps time travel for a week.',
      ],
      statements: clustered.map((table) => `VACUUM ${table} RETAIN 168 HOURS;`),
    },
  ];
  if (rollup) {
    maintenance.push({
      title: `Refresh ${rollup.qualifiedName} after backfills`,
      schedule: 'after backfills',
      why: [
        'The hourly schedule covers normal loads; a backfill should be visible before the next hour.',
      ],
      statements: [`REFRESH MATERIALIZED VIEW ${rollup.qualifiedName};`],
    });
  }
  return {
    strategy: [
      'Databricks reads Delta tables file by file and skips files whose column statistics (min/max) cannot match a filter. Liquid clustering keeps rows with close values in the same files, incrementally on each OPTIMIZE, and its keys can be changed without rewriting the table.',
      `\`${fact.qualifiedName}\` is clustered on ${columns.map((column) => `\`${column.name}\``).join(', ')}.`,
      'For tables that cannot use liquid clustering (older runtimes, tables partitioned by a column), `OPTIMIZE … ZORDER BY (columns)` gives similar data skipping but rewrites the data on every run.',
    ],
    items,
    maintenance,
    plan: (query) => databricksPlan(query),
    persistence: [
      `Declare the clustering in the dbt model so rebuilds keep it: \`{{ config(liquid_clustered_by=[${columns.map((column) => `"${column.name}"`).join(', ')}]) }}\` (dbt-databricks 1.8+).`,
    ],
  };
}

function databricksPlan(query: WorkloadQuery): PlanExpectation {
  return {
    expected: [
      `A \`PhotonScan\` (or \`FileScan\`) of ${query.shape.table.qualifiedName} with the filter under \`PushedFilters\` / data filters; the query profile shows most files pruned.`,
      ...(query.shape.joins ? ['A `BroadcastHashJoin` with the dimension on the build side.'] : []),
    ],
    warnings: [
      '"files pruned" near zero in the query profile: the filter is not on a clustering column or wraps it in a function.',
      'A `SortMergeJoin` with a large shuffle: statistics are missing (ANALYZE TABLE) so the dimension is not broadcast.',
    ],
  };
}
