import type { Entity, LogicalType, ProjectModel } from '../../source/engine/model/types.js';
import { LOADED_AT_COLUMN, RAW_SCHEMA, rawMetadataColumns } from '../shared/data-architecture.js';

/**
 * The raw landing tables as one dialect-neutral description: columns (the entity's, then the
 * ingestion metadata), the key, the relationships, and the layout decisions (partition column,
 * clustering columns). Every dialect renders from it, so the six DDL folders, the ERD and the
 * lineage agree on every name.
 */

export interface RawColumn {
  name: string;
  type: LogicalType;
  description: string;
  isNullable: boolean;
  isKey: boolean;
  isPii: boolean;
  /** Ingestion metadata (`_loaded_at`, topic coordinates), not a business column. */
  isMetadata: boolean;
}

export interface ForeignKey {
  column: string;
  entity: string;
  referencedColumn: string;
  isNullable: boolean;
}

export interface RawTable {
  entity: Entity;
  /** Unqualified table name: the entity name. */
  name: string;
  schema: string;
  columns: RawColumn[];
  key: string;
  /** Relationships to tables created before this one (dialects that declare FKs need that order). */
  foreignKeys: ForeignKey[];
  /** Relationships that could not be ordered (a cycle): documented, never declared. */
  deferredForeignKeys: ForeignKey[];
  /** Facts are partitioned per the partitioning answer; dimensions never are (small, updated in place). */
  partitionColumn: string | null;
  /** Columns queries filter and join on after the partition: the foreign keys, or the key of a dimension. */
  clusterColumns: string[];
  /** The column that says when the row happened (incremental models and freshness use it). */
  eventTime: string;
}

/** At most this many clustering columns: BigQuery's limit, and more than enough for the others. */
const MAX_CLUSTER_COLUMNS = 3;

export function rawTables(
  model: Pick<ProjectModel, 'entities' | 'architecture' | 'flags' | 'streaming'>,
): RawTable[] {
  const metadata = rawMetadataColumns(model);
  const byName = new Map(model.entities.map((entity) => [entity.name, entity]));
  const ordered = dependencyOrder(model.entities);
  const created = new Set<string>();
  return ordered.map((entity) => {
    const relationships: ForeignKey[] = entity.columns.flatMap((column) => {
      const target = column.references ? byName.get(column.references.entity) : undefined;
      // A foreign key must point at the referenced table's key; anything else stays a documented relationship.
      if (!column.references || !target || target.key.name !== column.references.column) return [];
      return [
        {
          column: column.name,
          entity: target.name,
          referencedColumn: target.key.name,
          isNullable: column.isNullable,
        },
      ];
    });
    const foreignKeys = relationships.filter(
      (relationship) => relationship.entity === entity.name || created.has(relationship.entity),
    );
    const deferredForeignKeys = relationships.filter(
      (relationship) => !foreignKeys.includes(relationship),
    );
    created.add(entity.name);
    const columns: RawColumn[] = [
      ...entity.columns.map((column) => ({
        name: column.name,
        type: column.type,
        description: column.description,
        isNullable: column.isNullable,
        isKey: column.isKey,
        isPii: column.isPii,
        isMetadata: false,
      })),
      ...metadata.map((column) => ({ ...column, isKey: false, isPii: false, isMetadata: true })),
    ];
    const isFact = entity.kind === 'fact';
    const partitionColumn = !isFact
      ? null
      : model.architecture.partitioning === 'event-date'
        ? entity.eventTime.name
        : model.architecture.partitioning === 'ingestion-date'
          ? LOADED_AT_COLUMN
          : null;
    const clusterColumns = isFact
      ? relationships.map((relationship) => relationship.column).slice(0, MAX_CLUSTER_COLUMNS)
      : [entity.key.name];
    return {
      entity,
      name: entity.name,
      schema: RAW_SCHEMA,
      columns,
      key: entity.key.name,
      foreignKeys,
      deferredForeignKeys,
      partitionColumn,
      clusterColumns: clusterColumns.length > 0 ? clusterColumns : [entity.key.name],
      eventTime: entity.eventTime.name,
    };
  });
}

/**
 * Entities ordered so that every referenced table comes first (Kahn's algorithm, stable on the
 * answered order). Entities caught in a cycle keep their answered order.
 */
export function dependencyOrder(entities: readonly Entity[]): Entity[] {
  const names = new Set(entities.map((entity) => entity.name));
  const pending = [...entities];
  const ordered: Entity[] = [];
  const placed = new Set<string>();
  while (pending.length > 0) {
    const index = pending.findIndex((entity) =>
      entity.columns.every(
        (column) =>
          !column.references ||
          column.references.entity === entity.name ||
          !names.has(column.references.entity) ||
          placed.has(column.references.entity),
      ),
    );
    const [next] = pending.splice(index === -1 ? 0 : index, 1);
    if (!next) break;
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
