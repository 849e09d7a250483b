import type { ProjectModel } from '../../../source/engine/model/types.js';
import {
  ACCESS_ROLES,
  MARTS_SCHEMA,
  RAW_SCHEMA,
  STAGING_SCHEMA,
} from '../../shared/data-architecture.js';
import { sqlType } from '../../shared/sql-dialect.js';
import { dedent, lines } from '../../shared/text.js';
import type { RawTable } from '../raw-tables.js';
import {
  constraintName,
  qualifiedName,
  quoteIdentifier,
  sqlComment,
  stringLiteral,
} from './dialect.js';
import {
  columnDescription,
  fileHeader,
  relationshipParagraphs,
  tableParagraphs,
} from './documentation.js';
import { LAYERS } from './schemas.js';

/**
 * PostgreSQL: declarative range partitioning of the facts (monthly, daily at large volume) with
 * a default partition and a maintenance function that creates upcoming partitions; primary keys
 * enforced (a partitioned table's key must include the partition column); roles and grants.
 */

const WAREHOUSE = 'postgres';
export const PARTITION_FUNCTION = `${RAW_SCHEMA}.ensure_partitions`;

export function partitionGranularity(model: ProjectModel): 'day' | 'month' {
  return model.volume === 'large' ? 'day' : 'month';
}

export function postgresSchemas(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Schemas of the three layers.'),
    LAYERS.map((layer) => [
      '',
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)};`,
      `COMMENT ON SCHEMA ${quoteIdentifier(WAREHOUSE, layer.schema)} IS ${stringLiteral(WAREHOUSE, layer.description)};`,
    ]),
  );
}

/** The partition maintenance function; written only when some table is partitioned. */
export function postgresPartitionMaintenance(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Partition maintenance for the partitioned raw tables.'),
    sqlComment(
      '',
      'PostgreSQL does not create range partitions by itself. ensure_partitions creates the partitions of a window around today (UTC), so rows always find their partition and the default partition stays empty. The table files call it; re-running `make ddl-warehouse` daily (or scheduling the SELECT statements of the table files with pg_cron or the orchestrator) keeps the window ahead of the data.',
      'A row outside every partition lands in the default partition. Creating a partition whose range already holds rows in the default partition fails (PostgreSQL would have to move them): see the runbook entry "Rows in a default partition".',
    ),
    dedent`
      CREATE OR REPLACE FUNCTION ${PARTITION_FUNCTION}(
          parent regclass,
          granularity text,
          periods_back integer,
          periods_ahead integer
      ) RETURNS integer
      LANGUAGE plpgsql
      AS $$
      DECLARE
          step interval;
          name_format text;
          parent_schema text;
          parent_table text;
          period_start timestamptz;
          partition_name text;
          created integer := 0;
      BEGIN
          IF granularity NOT IN ('day', 'month') THEN
              RAISE EXCEPTION 'granularity must be day or month, not %', granularity;
          END IF;
          step := ('1 ' || granularity)::interval;
          name_format := CASE granularity WHEN 'day' THEN 'YYYY_MM_DD' ELSE 'YYYY_MM' END;
          SELECT n.nspname, c.relname INTO parent_schema, parent_table
          FROM pg_catalog.pg_class AS c
          JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
          WHERE c.oid = parent;
          FOR period_index IN -periods_back .. periods_ahead LOOP
              -- Bounds are UTC midnights whatever the session time zone, so partitions never overlap.
              period_start := date_trunc(granularity, now(), 'UTC') + period_index * step;
              -- 49 characters of the table name keep the partition name within the 63-byte limit.
              partition_name := left(parent_table, 49) || '_p' || to_char(period_start AT TIME ZONE 'UTC', name_format);
              IF to_regclass(format('%I.%I', parent_schema, partition_name)) IS NULL THEN
                  EXECUTE format(
                      'CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                      parent_schema, partition_name, parent, period_start, period_start + step
                  );
                  created := created + 1;
              END IF;
          END LOOP;
          RETURN created;
      END;
      $$;
    `,
    `COMMENT ON FUNCTION ${PARTITION_FUNCTION}(regclass, text, integer, integer) IS ${stringLiteral(WAREHOUSE, 'Creates the missing range partitions of a raw table for a window of periods around today (UTC); returns how many it created.')};`,
    '-- Functions are executable by PUBLIC by default; only the DDL owner maintains partitions.',
    `REVOKE EXECUTE ON FUNCTION ${PARTITION_FUNCTION}(regclass, text, integer, integer) FROM PUBLIC;`,
  );
}

export function postgresTable(model: ProjectModel, table: RawTable): string {
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const partition = table.partitionColumn;
  const keyColumns = partition && partition !== table.key ? [table.key, partition] : [table.key];
  const granularity = partitionGranularity(model);
  const [back, ahead] = granularity === 'day' ? [3, 14] : [1, 3];
  const columns = table.columns.map((column) => {
    const notNull = column.isNullable ? '' : ' NOT NULL';
    const fallback = column.name === '_loaded_at' ? ' DEFAULT now()' : '';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${sqlType(WAREHOUSE, column.type)}${notNull}${fallback},`;
  });
  const partitionNotes = partition
    ? sqlComment(
        `Partitioned by range on ${partition}, one partition per ${granularity} (${model.volume} volume): queries filtering on ${partition} scan only their partitions, and retention drops a partition instead of deleting rows.`,
        `PostgreSQL requires every unique constraint of a partitioned table to include the partition column, so the primary key is (${keyColumns.join(', ')}).${partition === '_loaded_at' ? ` With ingestion-date partitioning a redelivered event loaded on another day is not a key violation: the loader's idempotency and the staging deduplication on ${table.key} cover it.` : ''}`,
      )
    : sqlComment(
        table.entity.kind === 'dimension'
          ? 'Not partitioned: a dimension is updated in place and stays small enough for one table.'
          : 'Not partitioned (partitioning answer: none).',
      );
  const defaultPartition = partition
    ? quoteIdentifier(WAREHOUSE, `${table.name.slice(0, 55)}_default`)
    : '';
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'postgres')),
    sqlComment(
      ...relationshipParagraphs(
        table,
        false,
        'PostgreSQL would enforce them and reject events whose parent has not landed yet; entities arrive out of order, so the staging tests check them instead',
      ),
    ),
    partitionNotes,
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    columns,
    `    CONSTRAINT ${constraintName(table.name, 'pkey')} PRIMARY KEY (${keyColumns.map((column) => quoteIdentifier(WAREHOUSE, column)).join(', ')})`,
    partition ? `) PARTITION BY RANGE (${quoteIdentifier(WAREHOUSE, partition)});` : ');',
    partition
      ? [
          '',
          '-- Rows outside the maintained window land here instead of failing the load; alert when it is not empty.',
          `CREATE TABLE IF NOT EXISTS ${RAW_SCHEMA}.${defaultPartition} PARTITION OF ${name} DEFAULT;`,
          `SELECT ${PARTITION_FUNCTION}(${stringLiteral(WAREHOUSE, `${table.schema}.${quoteIdentifier(WAREHOUSE, table.name)}`)}, ${stringLiteral(WAREHOUSE, granularity)}, ${back}, ${ahead});`,
        ]
      : [],
    '',
    '-- Catalog descriptions (\\d+ in psql, and every catalog that crawls pg_description).',
    `COMMENT ON TABLE ${name} IS ${stringLiteral(WAREHOUSE, table.entity.description)};`,
    table.columns.map(
      (column) =>
        `COMMENT ON COLUMN ${name}.${quoteIdentifier(WAREHOUSE, column.name)} IS ${stringLiteral(WAREHOUSE, columnDescription(column))};`,
    ),
  );
}

export function postgresAccessControl(model: ProjectModel, tables: readonly RawTable[]): string {
  const { loader, transformer, analyst } = ACCESS_ROLES;
  const hasPartitions = tables.some((table) => table.partitionColumn !== null);
  const role = (name: string) => quoteIdentifier(WAREHOUSE, name);
  const raw = quoteIdentifier(WAREHOUSE, RAW_SCHEMA);
  const staging = quoteIdentifier(WAREHOUSE, STAGING_SCHEMA);
  const marts = quoteIdentifier(WAREHOUSE, MARTS_SCHEMA);
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: roles and grants per layer.'),
    sqlComment(
      '',
      'Group roles without login. Each login gets exactly one of them: `GRANT loader TO <login>` (Vault dynamic credentials put that GRANT in their creation statements). The transformation login (dbt) also runs `ALTER ROLE <login> SET role = transformer`, so the tables it creates are owned by transformer and the default privileges below apply to them.',
      'ALTER DEFAULT PRIVILEGES FOR ROLE transformer needs a superuser or a member of transformer: run this file as the database administrator.',
    ),
    dedent`
      DO $$
      BEGIN
          IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${stringLiteral(WAREHOUSE, loader.name)}) THEN
              CREATE ROLE ${role(loader.name)} NOLOGIN;
          END IF;
          IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${stringLiteral(WAREHOUSE, transformer.name)}) THEN
              CREATE ROLE ${role(transformer.name)} NOLOGIN;
          END IF;
          IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ${stringLiteral(WAREHOUSE, analyst.name)}) THEN
              CREATE ROLE ${role(analyst.name)} NOLOGIN;
          END IF;
      END
      $$;
    `,
    [loader, transformer, analyst].map(
      (item) =>
        `COMMENT ON ROLE ${role(item.name)} IS ${stringLiteral(WAREHOUSE, `Group role of ${item.description}.`)};`,
    ),
    '',
    '-- Nothing is readable by default: every privilege below is granted to a role on purpose.',
    `REVOKE ALL ON SCHEMA ${raw}, ${staging}, ${marts} FROM PUBLIC;`,
    '',
    '-- loader: writes raw (INSERT for events; UPDATE for the upsert of dimensions). No DELETE: deletions arrive as rows.',
    `GRANT USAGE ON SCHEMA ${raw} TO ${role(loader.name)};`,
    `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${raw} TO ${role(loader.name)};`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${raw} GRANT SELECT, INSERT, UPDATE ON TABLES TO ${role(loader.name)};`,
    '',
    '-- transformer: reads raw, builds staging and marts.',
    `GRANT USAGE ON SCHEMA ${raw} TO ${role(transformer.name)};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${raw} TO ${role(transformer.name)};`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${raw} GRANT SELECT ON TABLES TO ${role(transformer.name)};`,
    `GRANT USAGE, CREATE ON SCHEMA ${staging}, ${marts} TO ${role(transformer.name)};`,
    '',
    '-- analyst: reads marts only, including the tables the transformer creates later.',
    `GRANT USAGE ON SCHEMA ${marts} TO ${role(analyst.name)};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${marts} TO ${role(analyst.name)};`,
    `ALTER DEFAULT PRIVILEGES FOR ROLE ${role(transformer.name)} IN SCHEMA ${marts} GRANT SELECT ON TABLES TO ${role(analyst.name)};`,
    hasPartitions
      ? [
          '',
          '-- Partition maintenance stays with the DDL owner (see 01_partition_maintenance.sql).',
          `REVOKE EXECUTE ON FUNCTION ${PARTITION_FUNCTION}(regclass, text, integer, integer) FROM PUBLIC;`,
        ]
      : [],
  );
}
