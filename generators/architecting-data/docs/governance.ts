import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import { ACCESS_ROLES } from '../../shared/data-architecture.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines, markdownCell } from '../../shared/text.js';
import { accessControlFiles } from '../ddl/index.js';
import { entityFlows } from '../marts.js';

/**
 * architecture/governance.md: data catalog, ownership, classification, access control,
 * retention and lineage, stated for this project's warehouse and entities.
 */

const CATALOGS: Record<Warehouse, string> = {
  snowflake:
    'Snowflake Horizon: table and column COMMENTs from the DDL, object tags, and ACCESS_HISTORY for who read what. Crawlers (DataHub, OpenMetadata, Atlan) read the same metadata.',
  bigquery:
    'Dataplex Universal Catalog indexes every dataset automatically: the column descriptions set in the DDL (OPTIONS(description)) appear there; policy tags from a Dataplex taxonomy add column-level security when needed.',
  redshift:
    'Redshift keeps the COMMENTs of the DDL in pg_description; the AWS Glue Data Catalog (and Amazon DataZone, if used) holds the lake tables and can crawl Redshift for a single search.',
  databricks:
    'Unity Catalog: the COMMENTs and tags (pii = hashed) of the DDL, lineage captured automatically for SQL and notebooks, and audit logs in the system tables.',
  postgres:
    'PostgreSQL keeps the COMMENTs of the DDL in pg_description; a catalog (DataHub, OpenMetadata) crawls it together with the dbt artifacts.',
  duckdb:
    'DuckDB keeps the COMMENTs of the DDL (duckdb_tables(), duckdb_columns()); the dbt docs site is the browsable catalog.',
};

const RETENTION_ENFORCEMENT: Record<Warehouse, string> = {
  snowflake:
    'a scheduled DELETE on the event time, plus DATA_RETENTION_TIME_IN_DAYS for how long Time Travel keeps the deleted rows',
  bigquery:
    'partition_expiration_days on the partitioned raw tables (ALTER TABLE … SET OPTIONS) once the retention is approved',
  redshift: 'a scheduled DELETE on the sort key column followed by VACUUM DELETE ONLY',
  databricks:
    'a scheduled DELETE on the event time followed by VACUUM (delta.deletedFileRetentionDuration bounds how long deleted files stay readable)',
  postgres:
    'dropping whole monthly or daily partitions (DETACH PARTITION … CONCURRENTLY, then DROP TABLE): no row-by-row DELETE, no bloat',
  duckdb:
    'a scheduled DELETE on the event time; the local database holds sample and development data only',
};

const QUALITY_TITLES: Record<ProjectModel['transforms']['quality'], string> = {
  'dbt-tests': 'dbt tests',
  'great-expectations': 'Great Expectations',
  soda: 'Soda checks',
};

export function renderGovernance(model: ProjectModel): string {
  const warehouse = model.architecture.warehouse;
  const flows = entityFlows(model);
  const piiColumns = model.entities.flatMap((entity) =>
    entity.columns.filter((column) => column.isPii).map((column) => ({ entity, column })),
  );
  const accessFiles = accessControlFiles(model);
  const { loader, transformer, analyst } = ACCESS_ROLES;
  return lines(
    `# Data governance: ${model.title}`,
    '',
    'Who owns each dataset, how sensitive it is, who may read or write it, how long it is kept and',
    'how to trace it. The access rules are code (architecture/ddl/); this file states the policy',
    'they implement.',
    '',
    '## Data catalog',
    '',
    `- **Technical catalog:** ${CATALOGS[warehouse]}`,
    model.flags.usesDbt
      ? '- **Business catalog:** the dbt docs site (`dbt docs generate`): every source, model and column with its description, tests and lineage graph. Descriptions live next to the code (models/**/*.yml) and are reviewed with it.'
      : '- **Business catalog:** docs/data-dictionary.md, generated with the project: every entity and column with its description.',
    '- **Entry point:** docs/data-dictionary.md for the columns, architecture/erd.mmd for the relationships, this file for the rules.',
    '',
    '| dataset | description | grain | classification | owner |',
    '|---|---|---|---|---|',
    flows.map((flow) => {
      const entity = flow.entity;
      const isConfidential = entity.columns.some((column) => column.isPii);
      return `| raw.${entity.name} | ${markdownCell(entity.description)} | one row per ${entity.key.name} | ${isConfidential ? 'Confidential (pseudonymised personal data)' : 'Internal'} | data platform (ingestion) |`;
    }),
    flows.flatMap((flow) =>
      flow.marts.map(
        (mart) =>
          `| marts.${mart.name} | ${markdownCell(mart.description)} | ${mart.grain} | ${flow.entity.columns.some((column) => column.isPii) ? 'Confidential' : 'Internal'} | analytics engineering |`,
      ),
    ),
    '',
    '## Ownership',
    '',
    '| layer | owner | accountable for |',
    '|---|---|---|',
    '| topics and raw | data platform (ingestion on-call) | the loaders run, the load contract holds (keys, types), freshness of raw |',
    '| staging, intermediate, marts | analytics engineering | definitions, tests, documentation, freshness of the marts |',
    `| business definitions of ${model.entities.map((entity) => entity.name).join(', ')} | the ${model.domain.replaceAll('_', ' ')} domain team | what each entity and metric means; approves changes to them |`,
    '',
    'A change to a raw table (new column, type change) is a pull request on architecture/ddl/ reviewed',
    'by both owners: the loaders and the staging models change in the same release.',
    '',
    '## Classification',
    '',
    '| level | meaning | here |',
    '|---|---|---|',
    '| Public | may leave the company | nothing |',
    '| Internal | every employee with a need | every dataset without personal data |',
    '| Confidential | personal or commercial data; need-to-know, access logged | datasets with hashed identifiers |',
    '| Restricted | clear personal identifiers, credentials | nothing: never stored |',
    '',
    piiColumns.length > 0
      ? [
          '**Personal data is hashed at the source.** The producers hash these columns (SHA-256 of the',
          'normalised value) before the data leaves the source system; the clear value never reaches a',
          'topic, a raw table or a mart:',
          '',
          piiColumns.map(
            ({ entity, column }) => `- \`${entity.name}.${column.name}\`: ${column.description}`,
          ),
          '',
          'A hash is pseudonymisation, not anonymisation: anyone holding a list of candidate values can',
          'recompute the hashes and match them. Hashed columns are therefore personal data under GDPR:',
          'they stay Confidential, are never joined into other entities’ marts, and are deleted on an',
          'erasure request (see retention).',
        ]
      : [
          'No column of these entities holds personal data. A new column that does is hashed at the source and classified Confidential before it is loaded.',
        ],
    '',
    '## Access control',
    '',
    'Roles per layer; nobody is granted privileges directly. People and workloads are members of one',
    `role each (service accounts for workloads, the identity provider for people). Implemented in ${accessFiles.map((file) => `\`${file}\``).join(' and ')}${accessFiles.length === 0 ? ' nowhere: DuckDB has no access control, the file permissions of DUCKDB_PATH are the boundary' : ''}.`,
    '',
    '| role | raw | staging | marts | members |',
    '|---|---|---|---|---|',
    `| ${loader.name} | read, write | — | — | sink connectors, consumers, batch loads |`,
    `| ${transformer.name} | read | read, write | read, write | ${model.flags.usesDbt ? 'dbt' : 'the transformation jobs'}, the orchestrator |`,
    `| ${analyst.name} | — | — | read | analysts, BI tools |`,
    '',
    `- Administration (creating roles, granting) is done by an administrator with \`make ddl-access\`${warehouse === 'duckdb' ? ' where the warehouse supports it' : ''}; the pipeline's own credentials cannot grant.`,
    '- Credentials come from the environment registry (.env locally, the secret store in production), never from files in the repository.',
    '- Access to Confidential datasets is reviewed every quarter by the owners above.',
    '',
    '## Retention',
    '',
    '| data | kept | why |',
    '|---|---|---|',
    model.flags.hasStreaming
      ? `| topics | ${model.streaming.retentionDays} days (compacted topics: latest value per key) | replay window for the loaders; not a store |`
      : [],
    '| raw facts | 400 days | rebuild the marts and compare year over year; older partitions are dropped |',
    '| raw dimensions | current state per key | history lives in the marts that snapshot it |',
    '| staging, marts | rebuilt from raw | no independent retention |',
    '',
    `Enforcement in ${WAREHOUSE_TITLES[warehouse]}: ${RETENTION_ENFORCEMENT[warehouse]}. The generated DDL does not expire data by itself: retention is applied once the owners approve the periods above.`,
    'An erasure request deletes the rows of the person (matched on the hashed identifier) from raw, then rebuilds the affected marts.',
    '',
    '## Lineage',
    '',
    '- architecture/lineage.md: table-level lineage from source to marts and column-level notes for keys and PII.',
    model.flags.usesDbt
      ? '- `dbt docs generate`: the model graph, always in step with the code.'
      : [],
    '- Every raw row carries its ingestion metadata (`_loaded_at`, and topic coordinates when streamed): any mart row can be traced to the delivery it came from.',
    '',
    '## Data quality',
    '',
    `- Keys unique and not null, relationships and accepted values are tested ${model.flags.hasTransforms ? `with ${QUALITY_TITLES[model.transforms.quality]}` : 'in the transformation layer'} on every run; a failing test stops the downstream models.`,
    '- Freshness of raw (from `_loaded_at`) is checked against the freshness objective and alerts the ingestion owner.',
  );
}
