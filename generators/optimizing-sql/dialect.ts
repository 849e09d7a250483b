import type { Warehouse } from '../../source/engine/model/types.js';

/**
 * The few expressions the optimized queries need, per engine: day buckets, half-open time
 * windows relative to now, and the EXPLAIN statement that captures a plan. Everything else in the
 * generated SQL is ANSI and runs unchanged on every engine.
 */
export interface SqlDialect {
  engine: Warehouse;
  /** Truncates a timestamp column to the start of its day (the result stays a timestamp). */
  dayBucket(column: string): string;
  /** The start of the current day (UTC where the engine lets us say so). */
  startOfToday: string;
  /** `expression` minus `days` days. */
  minusDays(expression: string, days: number): string;
  /** The non-sargable form slow queries use: whole days elapsed since `column` (the column sits inside a function). */
  daysSince(column: string): string;
  /** The event time as a calendar date (for grouping). */
  toDate(column: string): string;
  /** Wraps a query in the engine's plan-capturing statement. */
  explain(query: string): string;
  /** What the EXPLAIN statement shows and what it does not. */
  explainNotes: string[];
}

// The marts store event times as timestamptz on Postgres (dbt's to_utc_timestamp): every day
// boundary is taken in UTC explicitly, so no result depends on the session TimeZone.
const POSTGRES: SqlDialect = {
  engine: 'postgres',
  dayBucket: (column) => `date_trunc('day', ${column}, 'UTC')`,
  startOfToday: `date_trunc('day', now(), 'UTC')`,
  minusDays: (expression, days) => `${expression} - interval '${days} days'`,
  daysSince: (column) =>
    `CAST(now() AT TIME ZONE 'UTC' AS date) - CAST(${column} AT TIME ZONE 'UTC' AS date)`,
  toDate: (column) => `CAST(${column} AT TIME ZONE 'UTC' AS date)`,
  explain: (query) => `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)\n${query}`,
  explainNotes: [
    '`ANALYZE` runs the query and reports actual rows and time per node next to the estimates; `BUFFERS` shows shared hits (cache) and reads (disk).',
    'The JSON format keeps node types, index names and row estimates machine-readable, so plans can be diffed before and after a change.',
  ],
};

const DUCKDB: SqlDialect = {
  engine: 'duckdb',
  dayBucket: (column) => `date_trunc('day', ${column})`,
  startOfToday: `date_trunc('day', current_timestamp)`,
  minusDays: (expression, days) => `${expression} - INTERVAL ${days} DAY`,
  daysSince: (column) => `date_diff('day', ${column}, current_timestamp)`,
  toDate: (column) => `CAST(${column} AS DATE)`,
  explain: (query) => `EXPLAIN ANALYZE\n${query}`,
  explainNotes: [
    '`EXPLAIN ANALYZE` runs the query and prints the physical plan with the rows and time of every operator; `EXPLAIN (ANALYZE, FORMAT json)` gives the same as JSON.',
    'Filters pushed into `SEQ_SCAN` are checked against zone maps (min/max per row group): the scan skips row groups whose range cannot match.',
  ],
};

const SNOWFLAKE: SqlDialect = {
  engine: 'snowflake',
  dayBucket: (column) => `DATE_TRUNC('day', ${column})`,
  startOfToday: `DATE_TRUNC('day', CURRENT_TIMESTAMP())`,
  minusDays: (expression, days) => `DATEADD(day, -${days}, ${expression})`,
  daysSince: (column) => `DATEDIFF(day, ${column}, CURRENT_TIMESTAMP())`,
  toDate: (column) => `TO_DATE(${column})`,
  explain: (query) => `EXPLAIN USING JSON\n${query}`,
  explainNotes: [
    '`EXPLAIN` compiles the query without running it: it shows the operators and, per `TableScan`, `partitionsAssigned` out of `partitionsTotal` — pruning is the number to watch.',
    'Actual rows and time come from the Query Profile of a real run (`SELECT * FROM TABLE(GET_QUERY_OPERATOR_STATS(LAST_QUERY_ID()))`).',
  ],
};

const BIGQUERY: SqlDialect = {
  engine: 'bigquery',
  dayBucket: (column) => `TIMESTAMP_TRUNC(${column}, DAY)`,
  startOfToday: `TIMESTAMP_TRUNC(CURRENT_TIMESTAMP(), DAY)`,
  minusDays: (expression, days) => `TIMESTAMP_SUB(${expression}, INTERVAL ${days} DAY)`,
  daysSince: (column) => `TIMESTAMP_DIFF(CURRENT_TIMESTAMP(), ${column}, DAY)`,
  toDate: (column) => `DATE(${column})`,
  // BigQuery has no EXPLAIN statement: a dry run gives the bytes the query would scan, and the
  // plan of a real run is in the job's query plan (INFORMATION_SCHEMA.JOBS.job_stages).
  explain: (query) =>
    `-- BigQuery has no EXPLAIN statement: dry-run it (bytes scanned), then read the job's query plan.\n${query}`,
  explainNotes: [
    'BigQuery has no `EXPLAIN` statement. A dry run (`bq query --dry_run --use_legacy_sql=false`) reports the bytes the query would scan — the number partition pruning and clustering reduce.',
    "After a real run, the execution graph is the job's query plan: `SELECT job_stages FROM `region-<location>`.INFORMATION_SCHEMA.JOBS WHERE job_id = …`, or `bq show --format=prettyjson -j <job_id>`.",
  ],
};

const REDSHIFT: SqlDialect = {
  engine: 'redshift',
  dayBucket: (column) => `DATE_TRUNC('day', ${column})`,
  startOfToday: `DATE_TRUNC('day', GETDATE())`,
  minusDays: (expression, days) => `DATEADD(day, -${days}, ${expression})`,
  daysSince: (column) => `DATEDIFF(day, ${column}, GETDATE())`,
  toDate: (column) => `TRUNC(${column})`,
  explain: (query) => `EXPLAIN\n${query}`,
  explainNotes: [
    '`EXPLAIN` shows the plan without running it: look at the join distribution attributes (`DS_DIST_NONE` and `DS_DIST_ALL_NONE` are good, `DS_BCAST_INNER` and `DS_DIST_BOTH` move data between nodes).',
    'Actual rows, time and the blocks a range-restricted scan skipped come from `SYS_QUERY_DETAIL` (or `SVL_QUERY_SUMMARY` on provisioned clusters) after a real run.',
  ],
};

const DATABRICKS: SqlDialect = {
  engine: 'databricks',
  dayBucket: (column) => `date_trunc('DAY', ${column})`,
  startOfToday: `date_trunc('DAY', current_timestamp())`,
  minusDays: (expression, days) => `${expression} - INTERVAL ${days} DAYS`,
  daysSince: (column) => `datediff(current_date(), ${column})`,
  toDate: (column) => `to_date(${column})`,
  explain: (query) => `EXPLAIN FORMATTED\n${query}`,
  explainNotes: [
    '`EXPLAIN FORMATTED` prints the physical plan with the pushed filters and, per Delta scan, the data-skipping predicates.',
    'Files read versus files pruned are in the query profile of a real run (SQL warehouse → Query history → the query → "files pruned").',
  ],
};

export const DIALECTS: Record<Warehouse, SqlDialect> = {
  postgres: POSTGRES,
  duckdb: DUCKDB,
  snowflake: SNOWFLAKE,
  bigquery: BIGQUERY,
  redshift: REDSHIFT,
  databricks: DATABRICKS,
};

export function dialectOf(engine: Warehouse): SqlDialect {
  return DIALECTS[engine];
}
