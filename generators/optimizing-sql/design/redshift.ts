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
 * Amazon Redshift: no secondary indexes. The sort key orders blocks so zone maps skip those
 * outside a filter's range; the distribution style decides whether a join moves data between
 * nodes. Small dimensions go everywhere (DISTSTYLE ALL), the fact is distributed on the key it
 * joins and aggregates on.
 */
export function redshiftDesign({ workload }: DesignInput): EngineDesign {
  const { primary } = workload;
  const layout = factLayout(workload, 2);
  const fact = layout.table;
  const time = fact.eventTime;
  const link = primary.link;
  const items: DesignItem[] = [];
  // Lookups without a layout technique still need a sort key on the lookup column: it is the
  // only access path Redshift has.
  const lookupsOnly = !workload.queries.some((query) => query.kind !== 'lookup');
  const sortColumns =
    layout.technique === 'baseline' && lookupsOnly && layout.lookupColumns.length > 0
      ? layout.lookupColumns.slice(0, 2)
      : layout.columns;
  items.push({
    id: `${fact.name}_sortkey`,
    technique: sortColumns === layout.columns ? layout.technique : 'indexes',
    table: fact.qualifiedName,
    serves: workload.queries
      .filter((query) => query.shape.table === fact)
      .map((query) => query.name),
    why: [
      `Compound sort key (${sortColumns.map((column) => column.name).join(', ')}): blocks are stored in this order and zone maps skip the blocks outside a filter on the leading column.`,
      'Changing the sort key rewrites the table in the background; run it outside the load window.',
    ],
    statements: [
      `ALTER TABLE ${fact.qualifiedName} ALTER COMPOUND SORTKEY (${sortColumns.map((column) => sqlIdentifier(column.name)).join(', ')});`,
    ],
  });
  if (layout.technique === 'partitioning-clustering' && link) {
    items.push({
      id: `${fact.name}_distkey`,
      technique: 'partitioning-clustering',
      table: fact.qualifiedName,
      serves: workload.queries
        .filter(
          (query) =>
            query.shape.table === fact &&
            (query.shape.joins || query.shape.equality.includes(link.column)),
        )
        .map((query) => query.name),
      why: [
        `Distributed on ${link.column.name}: aggregations by ${link.dimension.entity.singular.replaceAll('_', ' ')} and the lookups of one member stay on one slice.`,
        'Check skew after the change (SVV_TABLE_INFO.skew_rows): a few huge members would overload their slice.',
      ],
      statements: [
        `ALTER TABLE ${fact.qualifiedName} ALTER DISTSTYLE KEY DISTKEY ${sqlIdentifier(link.column.name)};`,
      ],
    });
    items.push({
      id: `${link.dimension.name}_diststyle`,
      technique: 'partitioning-clustering',
      table: link.dimension.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.joins === link.dimension)
        .map((query) => query.name),
      why: [
        'DISTSTYLE ALL copies the small dimension to every node: joins to it never redistribute the fact (DS_DIST_ALL_NONE).',
      ],
      statements: [`ALTER TABLE ${link.dimension.qualifiedName} ALTER DISTSTYLE ALL;`],
    });
  }
  if (layout.dimensionLookup) {
    const { table, column } = layout.dimensionLookup;
    items.push({
      id: `${table.name}_sortkey`,
      technique: 'indexes',
      table: table.qualifiedName,
      serves: workload.queries
        .filter((query) => query.shape.table === table)
        .map((query) => query.name),
      why: [
        `Sorted by ${column.name}: a key lookup reads the one block whose zone map contains the key.`,
      ],
      statements: [
        `ALTER TABLE ${table.qualifiedName} ALTER COMPOUND SORTKEY (${sqlIdentifier(column.name)});`,
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
        `Materialized view of the ${rollup.kind === 'daily' ? 'daily totals' : `totals per ${rollup.clusterColumn}`} of ${fact.name}, sorted by ${rollup.clusterColumn}. AUTO REFRESH keeps it current incrementally`,
        '(COUNT and SUM over a single table refresh incrementally); automatic query rewriting can also route matching queries to it.',
      ],
      statements: [
        `CREATE MATERIALIZED VIEW ${rollup.qualifiedName}\nSORTKEY (${sqlIdentifier(rollup.clusterColumn)})\nAUTO REFRESH YES\nAS\n${rollup.definition};`,
      ],
    });
  }
  const tables = [
    ...new Set(items.map((item) => item.table).filter((table) => table !== rollup?.qualifiedName)),
  ];
  const maintenance: MaintenanceStep[] = [
    {
      title: 'Sort and statistics',
      schedule: 'after large loads (automatic vacuum and analyze handle the steady state)',
      why: [
        'Rows loaded after the last sort sit in an unsorted region that zone maps cannot skip; VACUUM SORT ONLY reorders them.',
        'ANALYZE PREDICATE COLUMNS refreshes statistics only for the columns queries filter and join on.',
      ],
      statements: [
        ...tables.map((table) => `VACUUM SORT ONLY ${table};`),
        ...tables.map((table) => `ANALYZE ${table} PREDICATE COLUMNS;`),
      ],
    },
    {
      title: 'Table health',
      schedule: 'weekly',
      why: [
        'unsorted above 20%, stats_off above 10 or skew_rows above 4 mean the layout is not doing its job.',
      ],
      statements: [
        `SELECT "table", unsorted, stats_off, skew_rows, diststyle, sortkey1\nFROM svv_table_info\nWHERE "schema" = 'marts'\nORDER BY unsorted DESC NULLS LAST;`,
      ],
    },
  ];
  if (rollup) {
    maintenance.push({
      title: `Refresh ${rollup.qualifiedName} after backfills`,
      schedule: 'after backfills (AUTO REFRESH covers normal loads)',
      why: [
        'An explicit refresh makes the rollup consistent before dashboards read the backfilled days.',
      ],
      statements: [`REFRESH MATERIALIZED VIEW ${rollup.qualifiedName};`],
    });
  }
  return {
    strategy: [
      'Redshift has no secondary indexes. Each column is stored in 1 MB blocks with a zone map (min/max); a query skips the blocks whose range cannot match, which works when the table is sorted on the filtered column. The sort key is therefore the index, and the distribution style decides whether joins move data between nodes.',
      `\`${fact.qualifiedName}\` is sorted by ${sortColumns.map((column) => `\`${column.name}\``).join(', ')}${layout.technique === 'partitioning-clustering' && link ? ` and distributed on \`${link.column.name}\`; the dimension it joins is copied to every node (DISTSTYLE ALL)` : ''}.`,
      'Keep the load order close to the sort order (incremental loads in event-time order) so the unsorted region stays small between vacuums.',
    ],
    items,
    maintenance,
    plan: (query) => redshiftPlan(query),
    persistence: [
      `Declare the same keys in the dbt model so rebuilds keep them: \`{{ config(sort=[${sortColumns.map((column) => `"${column.name}"`).join(', ')}], sort_type="compound"${layout.technique === 'partitioning-clustering' && link ? `, dist="${link.column.name}"` : ''}) }}\` (dbt-redshift), and \`dist="all"\` on small dimensions.`,
      `The time column \`${time.name}\` leads the sort key for time-window queries; point-lookup workloads lead with the lookup column instead.`,
    ],
  };
}

function redshiftPlan(query: WorkloadQuery): PlanExpectation {
  return {
    expected: [
      `\`XN Seq Scan\` on ${query.shape.table.name} with the filter; after a run, SYS_QUERY_DETAIL shows far fewer blocks read than the table has (range-restricted scan).`,
      ...(query.shape.joins
        ? ['`XN Hash Join DS_DIST_ALL_NONE` (or `DS_DIST_NONE`): the join needs no redistribution.']
        : []),
    ],
    warnings: [
      '`DS_BCAST_INNER` or `DS_DIST_BOTH` on a join: data is broadcast or redistributed; revisit the distribution keys.',
      'A scan reading every block for a narrow time window: the table is not sorted on the filter column, or the unsorted region is large (VACUUM SORT ONLY).',
    ],
  };
}
