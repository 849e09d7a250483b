import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';

/**
 * Why each option fits, what it costs, and the alternatives: shared by the architecture README
 * and the decision records so both say the same thing.
 */

type Storage = ProjectModel['architecture']['storage'];
type Modeling = ProjectModel['architecture']['modeling'];
type Partitioning = ProjectModel['architecture']['partitioning'];
type TableFormat = NonNullable<ProjectModel['architecture']['tableFormat']>;

export const STORAGE_WHY: Record<Storage, string> = {
  warehouse:
    'The consumers are SQL: the transformations and BI dashboards. A warehouse gives transactional tables, an optimizer, access control and a catalog, without files to compact or a metastore to run.',
  lake: 'Raw data stays as open files in object storage: the cheapest storage, readable by any engine (Spark, Trino, DuckDB), suited to machine learning and exploration on the full history. SQL runs through an engine over the lake.',
  lakehouse:
    'One copy of the data in an open table format serves both SQL and BI and Spark or machine-learning workloads: transactions, schema evolution and time travel on object storage, without copying data into a separate warehouse.',
};

export const STORAGE_ALTERNATIVES: Record<Storage, string[]> = {
  warehouse: [
    'Lake: cheaper storage, but every consumer here is SQL, and a lake adds an engine, a catalog and file maintenance to run.',
    'Lakehouse: worth it when machine learning or several engines read the same tables; revisit when that happens (the raw tables can become Iceberg tables without changing their columns).',
  ],
  lake: [
    'Warehouse: simpler SQL and governance, but the data sits in a proprietary format and machine learning on the full history pays for warehouse compute.',
    'Lakehouse: adds transactions and schema evolution to the same files; move to it when SQL consumers and concurrent writers grow.',
  ],
  lakehouse: [
    'Warehouse: simpler to operate, but machine learning would need a second copy of the data.',
    'Lake of plain files: no transactions, so concurrent writes, updates and deletes (erasure requests) are unsafe.',
  ],
};

export const WAREHOUSE_WHY: Record<Warehouse, string> = {
  snowflake:
    'Runs on all three clouds, separates storage from compute (one virtual warehouse per workload, suspended when idle), clones databases for CI without copying data, and writes Iceberg tables natively.',
  bigquery:
    'Serverless on Google Cloud: no cluster to size, storage and compute billed separately, partitioning and clustering built in, and the datasets live in the same project as the rest of the platform.',
  redshift:
    'AWS-native: IAM, the Glue Data Catalog and Spectrum for the lake; provisioned or serverless; distribution and sort keys make joins and range scans predictable at volume.',
  databricks:
    'The lakehouse engine: SQL warehouses over Delta and Iceberg tables in Unity Catalog, the same tables Spark jobs and models use, with liquid clustering instead of hand-tuned partitions.',
  postgres:
    'A general-purpose database the team can run anywhere: declarative partitioning, real constraints and indexes, one engine for serving and analytics at moderate volume.',
  duckdb:
    'Embedded and columnar: no server to run, the database is one file, fast on a single machine. It suits small volumes and local-only deployments.',
};

/** A caution when the warehouse and the rest of the answers pull in different directions. */
export function warehouseCautions(model: ProjectModel): string[] {
  const cautions: string[] = [];
  const { warehouse } = model.architecture;
  if (warehouse === 'postgres' && model.volume === 'large') {
    cautions.push(
      '100+ GB a day stretches a single PostgreSQL node: plan for Citus or a columnar warehouse for the marts before the facts reach a few TB.',
    );
  }
  if (warehouse === 'duckdb' && model.volume !== 'small') {
    cautions.push(
      `DuckDB runs on one machine and one writer at a time; at ${model.volume} volume plan the move of production to a warehouse (the DDL of every warehouse is one answer away).`,
    );
  }
  if (warehouse === 'redshift' && model.cloud !== 'aws' && model.cloud !== 'local-only') {
    cautions.push(
      `Redshift runs on AWS while the project runs on ${model.cloud}: every load crosses clouds (egress cost, latency, two IAM systems).`,
    );
  }
  if (warehouse === 'bigquery' && model.cloud !== 'gcp' && model.cloud !== 'local-only') {
    cautions.push(
      `BigQuery runs on Google Cloud while the project runs on ${model.cloud}: every load crosses clouds (egress cost, latency, two IAM systems).`,
    );
  }
  if (
    model.architecture.storage === 'lake' &&
    warehouse !== 'databricks' &&
    warehouse !== 'duckdb'
  ) {
    cautions.push(
      `${WAREHOUSE_TITLES[warehouse]} is not a lake engine: it reads the lake files through its external-table support, and the raw tables it loads are its own copy.`,
    );
  }
  return cautions;
}

export const MODELING_WHY: Record<Modeling, string> = {
  dimensional:
    'Analytics questions are “measure by attribute”: facts at the grain of the event, joined to conformed dimensions, answer them with simple star joins that columnar engines run fast and BI tools understand.',
  'data-vault':
    'Sources change often and the history of every change must be auditable: hubs (business keys), links (relationships) and satellites (attributes over time) load insert-only and in parallel, and absorb new sources without remodelling.',
  '3nf':
    'Each fact is stored once: normalised tables without redundancy suit an operational store and consumers that need consistent, up-to-date records more than fast aggregates.',
  'one-big-table':
    'One use case, few joins: a wide table per fact with the attributes of its dimensions already joined is the fastest and simplest thing for a dashboard to read on a columnar engine.',
};

export const MODELING_CONSEQUENCES: Record<Modeling, string[]> = {
  dimensional: [
    'Dimensions carry the latest state of each key (type 1): raw dimensions hold the current state. History of attribute changes, when needed, comes from dbt snapshots.',
    'Facts are incremental: each run processes new events plus a lookback window for late arrivals.',
    'Surrogate keys are hashes of the natural keys, so facts and dimensions load independently.',
  ],
  'data-vault': [
    'More tables (hub, link and satellite per entity) and hash keys everywhere; consumers read information marts or views built on the vault, not the vault itself.',
    'Every change is kept with its load time and source: audits and point-in-time questions are queries, not restores.',
  ],
  '3nf': [
    'Analytics queries need more joins; heavy dashboards get a denormalised view or a materialized view on top.',
    'Updates touch one row in one table: no denormalised copies to keep consistent.',
  ],
  'one-big-table': [
    'Dimension attributes are copied into every row: a change to a dimension means rebuilding the wide table.',
    'A second use case usually needs its own table; when several appear, move to dimensional models and derive the wide tables from them.',
  ],
};

export const PARTITIONING_WHY: Record<Partitioning, string> = {
  'event-date':
    'Queries filter on when things happened (the last day, the last 30 days): partitioning the facts by the event date lets every engine skip the rest. Late events land in older partitions, which the incremental models revisit with a lookback window.',
  'ingestion-date':
    'Late data is common and loads must be idempotent per day: partitioning by load date (`_loaded_at`) makes a day’s load replaceable as a unit and keeps the newest partition the only one written to. Queries on the event time scan more, so marts re-partition by event date.',
  none: 'The tables are small: partitions would be tiny and cost more in metadata than they save in scans. Revisit when a fact table passes about 1 TB (BigQuery, Snowflake, Databricks) or tens of millions of rows (PostgreSQL).',
};

export const TABLE_FORMAT_WHY: Record<TableFormat, string> = {
  iceberg:
    'The widest engine support (Spark, Flink, Trino, Snowflake, BigQuery, Databricks, DuckDB), hidden partitioning (queries need not know the partition columns) and safe schema and partition evolution.',
  delta:
    'Native to Databricks and Spark, with liquid clustering, change data feed and deletion vectors; other engines read it through UniForm (Iceberg metadata) or the Delta connectors.',
  hudi: 'Record-level upserts and incremental pulls: suited to CDC-heavy lakes where rows change often after they land.',
};

/** The maintenance a table format needs, in its own terms. */
export const TABLE_FORMAT_MAINTENANCE: Record<TableFormat, string> = {
  iceberg:
    'compact small files (rewrite_data_files) and expire old snapshots (expire_snapshots), or let the managing catalog do it',
  delta:
    'OPTIMIZE to compact and recluster, VACUUM to delete files older than the retention (predictive optimization runs both on Unity Catalog managed tables)',
  hudi: 'run the cleaner and compaction services (inline or asynchronous) so merge-on-read tables stay fast to read',
};

/** What the chosen warehouse does with the chosen table format. */
export function tableFormatSupport(warehouse: Warehouse, format: TableFormat): string {
  const support: Record<Warehouse, Record<TableFormat, string>> = {
    snowflake: {
      iceberg:
        'Snowflake writes the raw tables as Snowflake-managed Iceberg tables on an external volume: the lake and the warehouse share one copy.',
      delta:
        'Snowflake reads Delta files read-only through a catalog integration; the raw tables it loads are native, and Spark writes the Delta lake.',
      hudi: 'Snowflake does not read Hudi: the raw tables are native; expose the Hudi tables as Iceberg (Apache XTable) to query them from Snowflake.',
    },
    bigquery: {
      iceberg:
        'BigQuery writes the raw tables as BigLake Iceberg tables in a Cloud Storage bucket (clustered; BigLake Iceberg tables do not take partitioning).',
      delta:
        'BigQuery reads Delta through BigLake external tables (read-only); the raw tables it loads are native.',
      hudi: 'BigQuery reads Hudi through the Hudi BigQuery sync (external tables, read-only); the raw tables it loads are native.',
    },
    redshift: {
      iceberg:
        'Redshift queries Iceberg tables registered in the Glue Data Catalog through Spectrum; the raw tables it loads are native.',
      delta:
        'Redshift queries Delta tables through Spectrum with manifests; the raw tables it loads are native.',
      hudi: 'Redshift queries Hudi copy-on-write tables through Spectrum; the raw tables it loads are native.',
    },
    databricks: {
      iceberg:
        'Databricks writes the raw tables as managed Iceberg tables in Unity Catalog; other engines read them through the Iceberg REST catalog.',
      delta: 'Databricks writes the raw tables as managed Delta tables with liquid clustering.',
      hudi: 'Databricks does not write Hudi: the raw tables are Delta; Apache XTable can expose Hudi metadata for readers that need it.',
    },
    postgres: {
      iceberg:
        'PostgreSQL does not read Iceberg natively: the raw tables are PostgreSQL tables; lake files are read by Spark or DuckDB.',
      delta:
        'PostgreSQL does not read Delta natively: the raw tables are PostgreSQL tables; lake files are read by Spark or DuckDB.',
      hudi: 'PostgreSQL does not read Hudi: the raw tables are PostgreSQL tables; lake files are read by Spark.',
    },
    duckdb: {
      iceberg:
        'DuckDB reads Iceberg with its iceberg extension (and attaches Iceberg REST catalogs); the local raw tables are DuckDB tables.',
      delta:
        'DuckDB reads Delta with its delta extension (read-only); the local raw tables are DuckDB tables.',
      hudi: 'DuckDB does not read Hudi; the local raw tables are DuckDB tables.',
    },
  };
  return support[warehouse][format];
}
