import type { Column, Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { contractType } from '../columns.js';
import type { ColumnProperties, DataTest, ModelProperties } from '../properties.js';

/** A mart: its SQL file and its entry in models/marts/_marts__models.yml. */
export interface MartModel {
  name: string;
  sql: string;
  properties: ModelProperties;
}

/** The contract config every public mart carries: consumers rely on its names and types. */
export const CONTRACT = { contract: { enforced: true } };

/** A contracted column of a mart. */
export function martColumn(
  model: ProjectModel,
  name: string,
  type: Column['type'],
  description: string,
  tests: DataTest[] = [],
  extra: Partial<ColumnProperties> = {},
): ColumnProperties {
  return {
    name,
    description,
    data_type: contractType(type, model.architecture.warehouse),
    ...extra,
    ...(tests.length > 0 ? { data_tests: tests } : {}),
  };
}

/** The role of a foreign key: `user_id` → `user`, used to name keys derived from it. */
export function roleOf(column: Column): string {
  return column.name.replace(/_(id|key|code)$/, '');
}

/** Comma-separated SELECT lines. */
export function selectList(items: readonly string[], indent = 4): string[] {
  return items.map(
    (item, index) => `${' '.repeat(indent)}${item}${index < items.length - 1 ? ',' : ''}`,
  );
}

export type { Entity };
