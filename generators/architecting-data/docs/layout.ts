import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import { partitionGranularity } from '../ddl/postgres.js';
import type { RawTable } from '../raw-tables.js';

/** One line per raw table: how the chosen warehouse lays it out (what the DDL does, in words). */
export function tableLayout(model: ProjectModel, warehouse: Warehouse, table: RawTable): string {
  const partition = table.partitionColumn;
  const cluster = table.clusterColumns.filter((column) => column !== partition);
  const isIceberg =
    model.architecture.storage !== 'warehouse' && model.architecture.tableFormat === 'iceberg';
  switch (warehouse) {
    case 'bigquery':
      if (isIceberg)
        return `clustered on ${[partition, ...cluster].filter(Boolean).join(', ')} (BigLake Iceberg tables take no partitioning)`;
      return partition
        ? `partitioned by DATE(${partition}), clustered on ${cluster.join(', ') || table.key}`
        : `clustered on ${cluster.join(', ') || table.key}`;
    case 'snowflake':
      return partition
        ? `clustering key (TO_DATE(${partition})${cluster.length > 0 ? `, ${cluster.slice(0, 2).join(', ')}` : ''})`
        : 'no clustering key';
    case 'redshift':
      return partition
        ? `sort key ${partition}`
        : table.entity.kind === 'dimension'
          ? `distribution and sort key ${table.key}`
          : 'automatic sort key';
    case 'databricks': {
      const columns = partition
        ? [partition, ...cluster]
        : table.entity.kind === 'dimension'
          ? table.clusterColumns
          : [];
      if (columns.length === 0) return 'no clustering';
      return isIceberg
        ? `PARTITIONED BY (${columns.join(', ')}), used as liquid clustering keys`
        : `liquid clustering on ${columns.join(', ')}`;
    }
    case 'postgres':
      return partition
        ? `range partitions on ${partition}, one per ${partitionGranularity(model)}, plus a default partition`
        : 'not partitioned';
    case 'duckdb':
      return 'not partitioned (zone maps prune row groups)';
  }
}
