import type { Entity, LogicalType, ProjectModel } from '../../source/engine/model/types.js';

/**
 * The landing-zone contract shared by the architecture DDL, the loaders (streaming consumers,
 * sink connectors, batch jobs) and the dbt sources: the schemas of each layer, the ingestion
 * metadata columns every raw table carries, and the access roles of the warehouse. Other
 * generators import these instead of repeating the names, so the raw tables they write to and
 * read from are the ones the DDL creates.
 */

/** Landing tables, one per entity: `raw.<entity>`. */
export const RAW_SCHEMA = 'raw';
/** dbt staging models (views over raw). */
export const STAGING_SCHEMA = 'staging';
/** dbt marts, the only layer analysts read. */
export const MARTS_SCHEMA = 'marts';

export interface MetadataColumn {
  name: string;
  type: LogicalType;
  description: string;
  isNullable: boolean;
}

/**
 * Whether the raw table of an entity receives versions of a row rather than immutable events:
 * dimensions always, and every table captured by change data capture (Debezium publishes each
 * change of an order row, not just its insert). The loaders then keep the latest state per key,
 * and staging the latest version; immutable events keep their first delivery.
 */
export function keepsLatestState(
  model: Pick<ProjectModel, 'flags' | 'streaming'>,
  entity: Pick<Entity, 'kind'>,
): boolean {
  return (
    entity.kind === 'dimension' || (model.flags.hasStreaming && model.streaming.cdc !== 'none')
  );
}

/** Set by the loader (or the column default) when the row lands: freshness and ingestion-date partitioning use it. */
export const LOADED_AT_COLUMN = '_loaded_at';

/**
 * The ingestion metadata of every raw table, after the entity's own columns. Topic coordinates
 * exist when events arrive through the broker (they make a redelivery traceable and a replay
 * auditable); the change-data-capture columns exist when Debezium is the source.
 */
export function rawMetadataColumns(
  model: Pick<ProjectModel, 'flags' | 'streaming'>,
): MetadataColumn[] {
  const columns: MetadataColumn[] = [
    {
      name: LOADED_AT_COLUMN,
      type: 'timestamp',
      description: 'When the row landed in the warehouse (UTC), set at load time.',
      isNullable: false,
    },
  ];
  if (model.flags.hasStreaming) {
    columns.push(
      {
        name: '_source_topic',
        type: 'string',
        description: 'Topic the event was consumed from.',
        isNullable: true,
      },
      {
        name: '_source_partition',
        type: 'integer',
        description: 'Topic partition of the event.',
        isNullable: true,
      },
      {
        name: '_source_offset',
        type: 'bigint',
        description:
          'Offset of the event in its partition: with the topic and partition, the exact record.',
        isNullable: true,
      },
    );
    if (model.streaming.cdc !== 'none') {
      columns.push(
        {
          name: '_cdc_operation',
          type: 'string',
          description: 'Debezium operation: c (insert), u (update), d (delete), r (snapshot read).',
          isNullable: true,
        },
        {
          name: '_cdc_committed_at',
          type: 'timestamp',
          description: 'Commit time of the change in the source database (UTC).',
          isNullable: true,
        },
      );
    }
  }
  return columns;
}

/**
 * The access roles every warehouse gets (governance): the loader writes raw, the transformer
 * reads raw and writes staging and marts, analysts read marts. Login users and service
 * principals are granted one of these roles; nobody is granted privileges directly.
 */
export const ACCESS_ROLES = {
  loader: {
    name: 'loader',
    description: 'loaders (sink connectors, consumers, batch loads): write raw',
  },
  transformer: {
    name: 'transformer',
    description: 'transformations (dbt, Python jobs): read raw, write staging and marts',
  },
  analyst: { name: 'analyst', description: 'analysts and BI tools: read marts' },
} as const;

export type AccessRole = keyof typeof ACCESS_ROLES;
