import type { ProjectModel } from '../../../source/engine/model/types.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines, type Line } from '../../shared/text.js';
import { ddlFolder } from '../ddl/index.js';
import { MODELING_TITLES, STORAGE_TITLES, TABLE_FORMAT_TITLES, entityFlows } from '../marts.js';
import { rawTables } from '../raw-tables.js';
import { tableLayout } from './layout.js';
import {
  MODELING_CONSEQUENCES,
  MODELING_WHY,
  PARTITIONING_WHY,
  STORAGE_ALTERNATIVES,
  STORAGE_WHY,
  TABLE_FORMAT_MAINTENANCE,
  TABLE_FORMAT_WHY,
  WAREHOUSE_WHY,
  tableFormatSupport,
  warehouseCautions,
} from './rationale.js';

/**
 * Architecture decision records (Nygard: context, decision, consequences), one per decision the
 * answers took. Numbered in the order they depend on each other.
 */

export interface DecisionRecord {
  number: string;
  slug: string;
  title: string;
  render: () => string;
}

const PARTITIONING_TITLES: Record<ProjectModel['architecture']['partitioning'], string> = {
  'event-date': 'Partition event tables by event date',
  'ingestion-date': 'Partition event tables by ingestion date',
  none: 'Do not partition the raw tables',
};

function context(model: ProjectModel): string[] {
  return [
    `Goal: “${model.goal}”.`,
    `Processing is ${model.processing}, volume ${model.volume === 'small' ? 'small (under 10 GB a day)' : model.volume === 'medium' ? 'medium (10–100 GB a day)' : 'large (over 100 GB a day)'}, cloud ${model.cloud}, maturity ${model.maturity}.`,
    `Entities: ${model.entities.map((entity) => `${entity.name} (${entity.kind})`).join(', ')}.`,
  ];
}

function record(
  number: string,
  title: string,
  sections: { context: Line[]; decision: Line[]; consequences: Line[] },
): string {
  return lines(
    `# ${number}. ${title}`,
    '',
    'Status: accepted (recorded by skillchain from the architecture answers; supersede it with a new record when the decision changes).',
    '',
    '## Context',
    '',
    sections.context,
    '',
    '## Decision',
    '',
    sections.decision,
    '',
    '## Consequences',
    '',
    sections.consequences,
  );
}

function storageRecord(model: ProjectModel): DecisionRecord {
  const { storage, warehouse, tableFormat } = model.architecture;
  const title = `${STORAGE_TITLES[storage]} on ${WAREHOUSE_TITLES[warehouse]}, DuckDB locally`;
  const cautions = warehouseCautions(model);
  const architectureDecisions = model.decisions.filter((decision) =>
    /warehouse|lake|engine|cloud/i.test(decision.message),
  );
  return {
    number: '0001',
    slug: 'storage-and-warehouse',
    title,
    render: () =>
      record('0001', title, {
        context: [
          ...context(model),
          '',
          `The data has to be stored where ${model.flags.hasTransforms ? 'the transformations' : 'SQL'} can model it and analysts can read it, and the whole pipeline has to run on a laptop before any cloud account exists.`,
          architectureDecisions.length > 0
            ? [
                '',
                'Conflicts resolved on the way:',
                architectureDecisions.map(
                  (decision) =>
                    `- ${decision.message} → ${decision.label}${decision.note ? ` (${decision.note})` : ''}`,
                ),
              ]
            : [],
        ],
        decision: [
          `- **Storage paradigm: ${STORAGE_TITLES[storage].toLowerCase()}.** ${STORAGE_WHY[storage]}`,
          `- **Warehouse: ${WAREHOUSE_TITLES[warehouse]}.** ${WAREHOUSE_WHY[warehouse]}`,
          storage !== 'warehouse' && tableFormat
            ? `- **Table format: ${TABLE_FORMAT_TITLES[tableFormat]}** (see 0004).`
            : [],
          warehouse === 'duckdb'
            ? '- **Local target: the same DuckDB.** Production and development share one engine; development runs against its own database file.'
            : `- **Local target: DuckDB.** The same schemas and raw tables (${ddlFolder('duckdb')}/) run in an embedded database, so loaders, dbt and tests work offline; production DDL is in ${ddlFolder(warehouse)}/.`,
          '',
          'Alternatives considered:',
          STORAGE_ALTERNATIVES[storage].map((alternative) => `- ${alternative}`),
        ],
        consequences: [
          `- Three layers in ${WAREHOUSE_TITLES[warehouse]}: raw (landing, one table per entity), staging and marts, each with its own role (architecture/governance.md).`,
          '- Every raw table exists twice, in the production dialect and in DuckDB; a column change is made in both folders in the same pull request.',
          cautions.map((caution) => `- ${caution}`),
        ],
      }),
  };
}

function modelingRecord(model: ProjectModel): DecisionRecord {
  const { modeling } = model.architecture;
  const title = `${MODELING_TITLES[modeling]} for the marts`;
  const flows = entityFlows(model);
  return {
    number: '0002',
    slug: 'modeling',
    title,
    render: () =>
      record('0002', title, {
        context: [
          ...context(model),
          '',
          'The raw tables mirror the sources; the marts are what analysts and BI tools read, so their shape decides how easy the questions are to answer and how much the models cost to maintain.',
        ],
        decision: [
          `${MODELING_TITLES[modeling]}. ${MODELING_WHY[modeling]}`,
          '',
          'The marts:',
          '',
          flows.map(
            (flow) =>
              `- ${flow.entity.name}: ${flow.marts.map((mart) => `\`${mart.name}\` (${mart.description})`).join(', ') || 'joined into the wide tables of the facts that reference it'}`,
          ),
        ],
        consequences: [
          MODELING_CONSEQUENCES[modeling].map((item) => `- ${item}`),
          '- Staging stays one view per raw table whatever the modeling: renaming, typing and deduplication happen once.',
        ],
      }),
  };
}

function partitioningRecord(model: ProjectModel): DecisionRecord {
  const { partitioning, warehouse } = model.architecture;
  const title = PARTITIONING_TITLES[partitioning];
  const tables = rawTables(model);
  return {
    number: '0003',
    slug: 'partitioning',
    title,
    render: () =>
      record('0003', title, {
        context: [
          ...context(model),
          '',
          'Facts grow without bound and are queried by time; dimensions are small and updated in place.',
        ],
        decision: [
          PARTITIONING_WHY[partitioning],
          '',
          `Dimensions are never partitioned. Per table in ${WAREHOUSE_TITLES[warehouse]}:`,
          '',
          tables.map(
            (table) =>
              `- \`raw.${table.name}\` (${table.entity.kind}): ${tableLayout(model, warehouse, table)}`,
          ),
          warehouse !== 'duckdb'
            ? [
                '',
                'Locally, DuckDB does not partition: its zone maps prune row groups loaded in time order.',
              ]
            : [],
        ],
        consequences: [
          partitioning === 'event-date'
            ? '- Incremental models filter on the event time with a lookback window, so late events are picked up.'
            : [],
          partitioning === 'ingestion-date'
            ? '- A day can be reloaded by replacing its partition; marts that filter on event time re-partition by event date.'
            : [],
          partitioning === 'none'
            ? '- Full scans stay cheap while the tables are small; adding partitioning later is a table rebuild (or an ALTER … CLUSTER BY where the engine supports it).'
            : [],
          warehouse === 'postgres' && partitioning !== 'none'
            ? '- PostgreSQL needs its partitions created ahead of the data: 01_partition_maintenance.sql does it, and its primary keys include the partition column.'
            : [],
          '- Retention drops whole partitions where the engine has them (architecture/governance.md).',
        ],
      }),
  };
}

function tableFormatRecord(model: ProjectModel): DecisionRecord | null {
  const { storage, tableFormat, warehouse } = model.architecture;
  if (storage === 'warehouse' || !tableFormat) return null;
  const title = `${TABLE_FORMAT_TITLES[tableFormat]} as the open table format`;
  return {
    number: '0004',
    slug: 'table-format',
    title,
    render: () =>
      record('0004', title, {
        context: [
          ...context(model),
          '',
          `A ${storage} keeps data as files in object storage; a table format adds transactions, schema evolution and time travel so that several engines can write and read the same tables safely.`,
        ],
        decision: [
          `${TABLE_FORMAT_TITLES[tableFormat]}. ${TABLE_FORMAT_WHY[tableFormat]}`,
          '',
          `- ${WAREHOUSE_TITLES[warehouse]}: ${tableFormatSupport(warehouse, tableFormat)}`,
          warehouse !== 'duckdb'
            ? `- DuckDB (local): ${tableFormatSupport('duckdb', tableFormat)}`
            : [],
        ],
        consequences: [
          `- Table maintenance is part of operations: ${TABLE_FORMAT_MAINTENANCE[tableFormat]}.`,
          '- The catalog that owns the table metadata is the single entry point for every engine; engines never write to the same table through different catalogs.',
        ],
      }),
  };
}

export function decisionRecords(model: ProjectModel): DecisionRecord[] {
  return [
    storageRecord(model),
    modelingRecord(model),
    partitioningRecord(model),
    tableFormatRecord(model),
  ].filter((item): item is DecisionRecord => item !== null);
}

export function decisionPath(item: DecisionRecord): string {
  return `architecture/decisions/${item.number}-${item.slug}.md`;
}
