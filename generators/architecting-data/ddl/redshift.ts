import type { ProjectModel } from '../../../source/engine/model/types.js';
import {
  ACCESS_ROLES,
  MARTS_SCHEMA,
  RAW_SCHEMA,
  STAGING_SCHEMA,
} from '../../shared/data-architecture.js';
import { sqlType } from '../../shared/sql-dialect.js';
import { lines } from '../../shared/text.js';
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
 * Amazon Redshift: sort keys on the event or load time, distribution keys that co-locate each
 * fact with its main dimension, informational keys, role-based access with scoped permissions.
 * Lake table formats are read through Redshift Spectrum; the landing tables stay native.
 */

const WAREHOUSE = 'redshift';

export function redshiftSchemas(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Schemas of the three layers.'),
    model.architecture.storage !== 'warehouse'
      ? sqlComment(
          '',
          `The lake's ${model.architecture.tableFormat ?? 'open-format'} tables are registered in the AWS Glue Data Catalog (by Spark or Athena) and queried from Redshift through an external schema (CREATE EXTERNAL SCHEMA … FROM DATA CATALOG … IAM_ROLE default). The raw schema below holds the native landing tables the sink loads; Spectrum is read-mostly, so landing stays native.`,
        )
      : [],
    LAYERS.map((layer) => [
      '',
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)};`,
      `COMMENT ON SCHEMA ${quoteIdentifier(WAREHOUSE, layer.schema)} IS ${stringLiteral(WAREHOUSE, layer.description)};`,
    ]),
  );
}

export function redshiftTable(model: ProjectModel, table: RawTable): string {
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const columns = table.columns.map((column) => {
    const notNull = column.isNullable ? '' : ' NOT NULL';
    // GETDATE() is the UTC timestamp of the statement; Redshift stores timestamptz in UTC.
    const fallback = column.name === '_loaded_at' ? ' DEFAULT GETDATE()' : '';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${sqlType(WAREHOUSE, column.type)}${fallback}${notNull},`;
  });
  const isFact = table.entity.kind === 'fact';
  // Co-locate a fact with the dimension it joins most: its first foreign key to a dimension, else the key.
  const dimensionJoin = table.foreignKeys.find((foreignKey) =>
    model.dimensions.some((dimension) => dimension.name === foreignKey.entity),
  );
  const distributionKey = isFact ? (dimensionJoin?.column ?? table.key) : table.key;
  const sortKey = table.partitionColumn ?? (isFact ? null : table.key);
  const layout = [
    `DISTSTYLE KEY`,
    `DISTKEY (${quoteIdentifier(WAREHOUSE, distributionKey)})`,
    `${sortKey ? `COMPOUND SORTKEY (${quoteIdentifier(WAREHOUSE, sortKey)})` : 'SORTKEY AUTO'};`,
  ];
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'redshift')),
    sqlComment(
      'Keys are informational: Redshift never enforces them, but the planner trusts them (a duplicate key can make SELECT DISTINCT or a join return wrong rows). The load contract above keeps them true; staging removes any duplicate left by a redelivery.',
    ),
    sqlComment(...relationshipParagraphs(table, true, 'informational')),
    sqlComment(
      isFact
        ? `Distributed on ${distributionKey}${dimensionJoin ? ` to co-locate the join with ${table.schema}.${dimensionJoin.entity}` : ''}; ${sortKey ? `sorted on ${sortKey} so range-restricted scans skip blocks (zone maps)` : 'sort key left to automatic table optimization (partitioning answer: none)'}.`
        : `Distributed and sorted on ${table.key}: facts distributed on the same column join without redistribution.`,
    ),
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    columns,
    [
      `    CONSTRAINT ${constraintName(table.name, 'pkey')} PRIMARY KEY (${quoteIdentifier(WAREHOUSE, table.key)})`,
      ...table.foreignKeys.map(
        (foreignKey) =>
          `    CONSTRAINT ${constraintName(table.name, `${foreignKey.column}_fkey`)} FOREIGN KEY (${quoteIdentifier(WAREHOUSE, foreignKey.column)}) REFERENCES ${qualifiedName(WAREHOUSE, table.schema, foreignKey.entity)} (${quoteIdentifier(WAREHOUSE, foreignKey.referencedColumn)})`,
      ),
    ].join(',\n'),
    ')',
    layout,
    '',
    `COMMENT ON TABLE ${name} IS ${stringLiteral(WAREHOUSE, table.entity.description)};`,
    table.columns.map(
      (column) =>
        `COMMENT ON COLUMN ${name}.${quoteIdentifier(WAREHOUSE, column.name)} IS ${stringLiteral(WAREHOUSE, columnDescription(column))};`,
    ),
  );
}

/** Roles only: Redshift has no CREATE ROLE IF NOT EXISTS, so this file runs once per cluster or workgroup. */
export function redshiftRoles(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: the roles (first run only).', false),
    sqlComment(
      '',
      'Redshift has no CREATE ROLE IF NOT EXISTS: `make ddl-access` runs this file only when SVV_ROLES does not list the loader role yet, then applies the grants of the next file, which are idempotent.',
    ),
    Object.values(ACCESS_ROLES).map((item) => [
      sqlComment(`Role of ${item.description}.`),
      `CREATE ROLE ${quoteIdentifier(WAREHOUSE, item.name)};`,
    ]),
  );
}

export function redshiftAccessControl(model: ProjectModel): string {
  const { loader, transformer, analyst } = ACCESS_ROLES;
  const role = (name: string) => `ROLE ${quoteIdentifier(WAREHOUSE, name)}`;
  const raw = quoteIdentifier(WAREHOUSE, RAW_SCHEMA);
  const staging = quoteIdentifier(WAREHOUSE, STAGING_SCHEMA);
  const marts = quoteIdentifier(WAREHOUSE, MARTS_SCHEMA);
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: scoped permissions per layer.'),
    sqlComment(
      '',
      'Users get one role each: `GRANT ROLE loader TO <user>` (or through the identity provider with EXTERNALID). Scoped permissions (FOR TABLES IN SCHEMA) cover the tables that exist and every table created later, whoever creates it.',
    ),
    '',
    '-- Nothing is readable by default: every privilege below is granted to a role on purpose.',
    `REVOKE ALL ON SCHEMA ${raw} FROM PUBLIC;`,
    `REVOKE ALL ON SCHEMA ${staging} FROM PUBLIC;`,
    `REVOKE ALL ON SCHEMA ${marts} FROM PUBLIC;`,
    '',
    '-- loader: writes raw (INSERT for events, UPDATE for the upsert of dimensions). No DELETE: deletions arrive as rows.',
    `GRANT USAGE ON SCHEMA ${raw} TO ${role(loader.name)};`,
    `GRANT SELECT, INSERT, UPDATE FOR TABLES IN SCHEMA ${raw} TO ${role(loader.name)};`,
    '',
    '-- transformer: reads raw, builds staging and marts.',
    `GRANT USAGE ON SCHEMA ${raw} TO ${role(transformer.name)};`,
    `GRANT SELECT FOR TABLES IN SCHEMA ${raw} TO ${role(transformer.name)};`,
    `GRANT USAGE, CREATE ON SCHEMA ${staging} TO ${role(transformer.name)};`,
    `GRANT USAGE, CREATE ON SCHEMA ${marts} TO ${role(transformer.name)};`,
    `GRANT ALL FOR TABLES IN SCHEMA ${staging} TO ${role(transformer.name)};`,
    `GRANT ALL FOR TABLES IN SCHEMA ${marts} TO ${role(transformer.name)};`,
    '',
    '-- analyst: reads marts only, including the tables the transformer creates later.',
    `GRANT USAGE ON SCHEMA ${marts} TO ${role(analyst.name)};`,
    `GRANT SELECT FOR TABLES IN SCHEMA ${marts} TO ${role(analyst.name)};`,
  );
}
