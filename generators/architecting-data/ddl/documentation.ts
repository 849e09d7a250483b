import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import { keepsLatestState } from '../../shared/data-architecture.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import type { RawColumn, RawTable } from '../raw-tables.js';

/**
 * How the loader of a table on `engine` treats a redelivered record. The local DuckDB copy and
 * every broker without Kafka Connect are loaded by the raw loader (streaming/consumers), which
 * skips or upserts by key; on Kafka and Redpanda the warehouse is loaded by its sink connector:
 * the Snowflake, BigQuery and Redshift sinks append every delivery, the Postgres sink upserts on
 * the record key, the Databricks job MERGEs on the key.
 */
export function sinkWrite(
  model: Pick<ProjectModel, 'flags' | 'streaming'>,
  engine: Warehouse,
): 'raw-loader' | 'append' | 'upsert' {
  if (engine === 'duckdb' || !model.flags.usesKafkaApi) return 'raw-loader';
  return engine === 'postgres' || engine === 'databricks' ? 'upsert' : 'append';
}

/** The comments every dialect writes above a raw table: what it holds, who loads it and how. */
export function tableParagraphs(model: ProjectModel, table: RawTable, engine: Warehouse): string[] {
  const topic = model.topics.find((item) => item.entity === table.name);
  const isFact = !keepsLatestState(model, table.entity);
  const write = sinkWrite(model, engine);
  const loader = write === 'raw-loader' ? 'the raw loader' : 'the sink connector';
  const source = topic
    ? model.streaming.cdc !== 'none'
      ? `Source: changes captured by Debezium from the source database, published to topic ${topic.name}, loaded here by ${loader}.`
      : `Source: topic ${topic.name}, loaded here by ${loader}.`
    : 'Source: the batch ingestion of the pipeline writes here; nothing else does.';
  const contract = !topic
    ? isFact
      ? `Load contract: events are immutable. The loader inserts one row per ${table.key} and skips redeliveries (at-least-once delivery repeats events), so the table holds each event once.`
      : `Load contract: one row per ${table.key} holding the latest state. The loader upserts on ${table.key} and replaces a row only when ${table.eventTime} is newer, because a changelog can deliver versions out of order.`
    : write === 'append'
      ? `Load contract: ${
          engine === 'snowflake'
            ? `the sink writes each Kafka record once (Snowpipe Streaming keeps its committed offsets) but does not deduplicate by ${table.key}: ${isFact ? 'an event' : 'a version'} published twice (at-least-once producers, replays) appears twice.`
            : `delivery is at least once and the sink appends every record it receives, so a redelivered ${isFact ? 'event' : 'version'} can appear twice with the same ${table.key} (the table does not deduplicate).`
        } Staging keeps ${isFact ? `the first delivery per ${table.key}` : `the latest version per ${table.key} by ${table.eventTime}`}.`
      : write === 'upsert'
        ? `Load contract: one row per ${table.key}. The sink upserts on ${table.key}, so a redelivery rewrites the same row${isFact ? '' : ' and the last version written wins'}; staging still deduplicates.`
        : isFact
          ? `Load contract: events are immutable. The raw loader inserts one row per ${table.key} and skips redeliveries (at-least-once delivery repeats events), so the table holds each event once.`
          : `Load contract: one row per ${table.key} holding the latest state. The raw loader upserts on ${table.key} and replaces a row only when ${table.eventTime} is newer, because a changelog can deliver versions out of order.`;
  // Kafka Connect sinks write the record's fields only; the Databricks job and the raw loader
  // also write the record's coordinates.
  const coordinates =
    topic && write !== 'raw-loader' && engine !== 'databricks'
      ? [
          'The sink connector writes the fields of the record only: _source_topic, _source_partition and _source_offset stay null in this table (the raw loader fills them in the local DuckDB copy).',
        ]
      : [];
  return [
    `${table.schema}.${table.name}: ${table.entity.description}`,
    source,
    contract,
    ...coordinates,
  ];
}

/** The relationships of a table as comment lines (declared or not, the staging tests check them). */
export function relationshipParagraphs(
  table: RawTable,
  isDeclared: boolean,
  reason: string,
): string[] {
  const all = [...table.foreignKeys, ...table.deferredForeignKeys];
  if (all.length === 0) return [];
  return [
    isDeclared ? `Relationships (${reason}):` : `Relationships, not declared here (${reason}):`,
    ...all.map(
      (relationship) =>
        `  ${relationship.column} -> ${table.schema}.${relationship.entity} (${relationship.referencedColumn})`,
    ),
  ];
}

/** The description stored in the catalog for a column: PII is labelled so catalogs and reviewers see it. */
export function columnDescription(column: RawColumn): string {
  return column.isPii ? `PII, hashed at the source: ${column.description}` : column.description;
}

export function fileHeader(
  model: ProjectModel,
  warehouse: Warehouse,
  purpose: string,
  isIdempotent = true,
): string[] {
  const apply = purpose.startsWith('Access control')
    ? '-- Applied by an administrator with `make ddl-access` (the pipeline users cannot grant).'
    : `-- Applied with \`make ${warehouse === 'duckdb' ? 'ddl-local' : 'ddl-warehouse'}\`, which runs every file of this folder in name order.`;
  return [
    `-- ${purpose}`,
    `-- ${WAREHOUSE_TITLES[warehouse]} DDL of ${model.title}, generated by skillchain from the architecture answers.`,
    apply,
    ...(isIdempotent
      ? ['-- Idempotent: every statement can run again without changing what exists.']
      : []),
  ];
}
