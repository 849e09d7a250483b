import type { ProjectModel } from '../../types.js';
import type { Workload } from '../../shared/workloads.js';
import { usesDynamicCredentials, workloads } from '../../shared/workloads.js';

/**
 * Which database Vault's database engine issues short-lived users for. The warehouse when Vault
 * has a plugin for it that fits (PostgreSQL, Redshift); otherwise the CDC source database; otherwise
 * the operational PostgreSQL database the pipeline extracts from.
 */
export interface DatabaseTarget {
  engine: 'postgres' | 'redshift' | 'mysql';
  /** The Vault connection name. */
  connection: string;
  /** What the database is, for comments and the README. */
  title: string;
  /** Why this database (and not the warehouse) when it is not the warehouse. */
  reason?: string;
  /** Workloads that get a database role, with the variables the credentials replace. */
  workloads: Workload[];
  userVariable?: string;
  passwordVariable?: string;
}

export function databaseTarget(model: ProjectModel): DatabaseTarget | undefined {
  if (!usesDynamicCredentials(model) || model.secrets.store !== 'vault') return undefined;
  const all = workloads(model);
  const readers = (group: string) =>
    all.filter((workload) => workload.groups.some((item) => item.name === group));
  const warehouse = model.architecture.warehouse;
  if (warehouse === 'postgres' || warehouse === 'redshift') {
    const prefix = warehouse === 'postgres' ? 'POSTGRES' : 'REDSHIFT';
    return {
      engine: warehouse,
      connection: `${model.name}-warehouse`,
      title: warehouse === 'postgres' ? 'the PostgreSQL warehouse' : 'the Redshift warehouse',
      workloads: readers('warehouse').filter(
        (workload) =>
          (workload.kind !== 'external' || workload.name === 'kafka-connect') &&
          // On Redshift a table belongs to the user that created it, and nothing like PostgreSQL's
          // `SET role` makes a login create as a group: a user per lease could not replace the
          // tables dbt built under the previous lease. The transformations keep a service user.
          !(warehouse === 'redshift' && workload.name === 'transforms'),
      ),
      userVariable: `${prefix}_USER`,
      passwordVariable: `${prefix}_PASSWORD`,
    };
  }
  const why = `Vault has no database plugin that issues users for ${warehouse === 'duckdb' ? 'DuckDB (a local file without users)' : warehouse === 'bigquery' ? 'BigQuery (it uses IAM service accounts; workload identity already gives short-lived tokens)' : warehouse === 'databricks' ? 'Databricks (service principals use short-lived OAuth tokens)' : 'Snowflake key-pair service users'}`;
  if (model.flags.hasStreaming && model.streaming.cdc !== 'none') {
    const isMysql = model.streaming.cdc === 'debezium-mysql';
    return {
      engine: isMysql ? 'mysql' : 'postgres',
      connection: `${model.name}-cdc-source`,
      title: `the CDC source database (${isMysql ? 'MySQL' : 'PostgreSQL'})`,
      reason: `${why}, so the dynamic credentials go to the CDC source database that Debezium reads.`,
      workloads: readers('cdc-source'),
      userVariable: 'CDC_DATABASE_USER',
      passwordVariable: 'CDC_DATABASE_PASSWORD',
    };
  }
  return {
    engine: 'postgres',
    connection: `${model.name}-source`,
    title: 'the operational PostgreSQL database the pipeline extracts from',
    reason: `${why}, so the dynamic credentials go to the operational source database the pipeline reads.`,
    workloads: all.filter((workload) => workload.kind !== 'external'),
  };
}
