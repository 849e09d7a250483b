import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import type { FileSpec } from '../../types.js';
import { rawTables, type RawTable } from '../raw-tables.js';
import { bigqueryAccessControl, bigquerySchemas, bigqueryTable } from './bigquery.js';
import { databricksAccessControl, databricksSchemas, databricksTable } from './databricks.js';
import { DDL_FOLDER, tableFileName } from './dialect.js';
import { duckdbSchemas, duckdbTable } from './duckdb.js';
import {
  postgresAccessControl,
  postgresPartitionMaintenance,
  postgresSchemas,
  postgresTable,
} from './postgres.js';
import {
  redshiftAccessControl,
  redshiftRoles,
  redshiftSchemas,
  redshiftTable,
} from './redshift.js';
import { snowflakeAccessControl, snowflakeSchemas, snowflakeTable } from './snowflake.js';

/**
 * The DDL folders: architecture/ddl/<warehouse>/ for the production warehouse and
 * architecture/ddl/duckdb/ for the local target (one folder when the warehouse is DuckDB).
 * Files run in name order: 00 schemas, 01 helpers, 10+ one raw table each in dependency order,
 * 90+ access control (applied separately, by an administrator).
 */

interface DialectFiles {
  schemas: (model: ProjectModel) => string;
  table: (model: ProjectModel, table: RawTable) => string;
  /** Extra files before the tables (name → render), e.g. PostgreSQL's partition maintenance. */
  helpers?: (model: ProjectModel, tables: readonly RawTable[]) => Record<string, string>;
  /** Access control files (name → render), numbered 90 and up. */
  access?: (model: ProjectModel, tables: readonly RawTable[]) => Record<string, string>;
}

const DIALECTS: Record<Warehouse, DialectFiles> = {
  duckdb: { schemas: duckdbSchemas, table: duckdbTable },
  postgres: {
    schemas: postgresSchemas,
    table: postgresTable,
    helpers: (model, tables): Record<string, string> =>
      tables.some((table) => table.partitionColumn)
        ? { '01_partition_maintenance.sql': postgresPartitionMaintenance(model) }
        : {},
    access: (model, tables) => ({ '90_access_control.sql': postgresAccessControl(model, tables) }),
  },
  snowflake: {
    schemas: snowflakeSchemas,
    table: snowflakeTable,
    access: (model) => ({ '90_access_control.sql': snowflakeAccessControl(model) }),
  },
  bigquery: {
    schemas: bigquerySchemas,
    table: bigqueryTable,
    access: (model) => ({ '90_access_control.sql': bigqueryAccessControl(model) }),
  },
  redshift: {
    schemas: redshiftSchemas,
    table: redshiftTable,
    access: (model) => ({
      '90_roles.sql': redshiftRoles(model),
      '91_access_control.sql': redshiftAccessControl(model),
    }),
  },
  databricks: {
    schemas: databricksSchemas,
    table: databricksTable,
    access: (model) => ({ '90_access_control.sql': databricksAccessControl(model) }),
  },
};

/** The warehouses that get a DDL folder: the production one, and DuckDB locally. */
export function ddlWarehouses(model: ProjectModel): Warehouse[] {
  return model.architecture.warehouse === 'duckdb'
    ? ['duckdb']
    : [model.architecture.warehouse, 'duckdb'];
}

export function ddlFolder(warehouse: Warehouse): string {
  return `${DDL_FOLDER}/${warehouse}`;
}

function folderFiles(
  model: ProjectModel,
  warehouse: Warehouse,
  tables: readonly RawTable[],
): { name: string; render: () => string }[] {
  const dialect = DIALECTS[warehouse];
  const helpers = dialect.helpers?.(model, tables) ?? {};
  const access = dialect.access?.(model, tables) ?? {};
  return [
    { name: '00_schemas.sql', render: () => dialect.schemas(model) },
    ...Object.entries(helpers).map(([name, text]) => ({ name, render: () => text })),
    ...tables.map((table, index) => ({
      name: tableFileName(index, table.name),
      render: () => dialect.table(model, table),
    })),
    ...Object.entries(access).map(([name, text]) => ({ name, render: () => text })),
  ];
}

export function ddlFiles(model: ProjectModel): FileSpec[] {
  const tables = rawTables(model);
  return ddlWarehouses(model).flatMap((warehouse) =>
    folderFiles(model, warehouse, tables).map((file): FileSpec => ({
      path: `${ddlFolder(warehouse)}/${file.name}`,
      kind: 'text',
      render: file.render,
    })),
  );
}

/** The access-control files of the production warehouse (none for DuckDB). */
export function accessControlFiles(model: ProjectModel): string[] {
  const warehouse = model.architecture.warehouse;
  const access = DIALECTS[warehouse].access?.(model, rawTables(model)) ?? {};
  return Object.keys(access).map((name) => `${ddlFolder(warehouse)}/${name}`);
}
