import type { Column, Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { entityByName } from './layout.js';

/**
 * The YAML properties of models, as dbt 1.10+ spells them: tests under `data_tests:`, generic
 * test inputs under `arguments:`, configs under `config:`.
 */
export type DataTest =
  | string
  | Record<string, { arguments?: Record<string, unknown>; config?: Record<string, unknown> }>;

export interface ColumnProperties {
  name: string;
  description: string;
  data_type?: string;
  constraints?: { type: string }[];
  data_tests?: DataTest[];
}

export interface ModelProperties {
  name: string;
  description: string;
  config?: Record<string, unknown>;
  data_tests?: DataTest[];
  columns: ColumnProperties[];
}

export interface UnitTest {
  name: string;
  description: string;
  model: string;
  /** Row values are plain values or yaml Scalars (to force quoting). */
  given: { input: string; rows: Record<string, unknown>[] }[];
  expect: { rows: Record<string, unknown>[] };
}

export const relationships = (to: string, field: string): DataTest => ({
  relationships: { arguments: { to, field } },
});
export const acceptedValues = (values: readonly string[]): DataTest => ({
  accepted_values: { arguments: { values: [...values] } },
});

/**
 * The tests of an entity column in a layer whose model for entity `e` is `modelOf(e)`: unique and
 * not_null on the key, not_null on references and the event time, relationships to the
 * referenced entity's model of the same layer, accepted_values on closed sets.
 */
export function columnTests(
  model: ProjectModel,
  column: Column,
  entity: Entity,
  modelOf: (entity: Entity) => string,
): DataTest[] {
  const tests: DataTest[] = [];
  if (column.isKey) tests.push('unique');
  const isRequired =
    column.isKey ||
    (!column.isNullable &&
      (column.references !== undefined ||
        column.name === entity.eventTime.name ||
        column.acceptedValues !== undefined));
  if (isRequired) tests.push('not_null');
  if (column.references) {
    const target = entityByName(model, column.references.entity);
    if (target) tests.push(relationships(`ref('${modelOf(target)}')`, column.references.column));
  }
  if (column.acceptedValues) tests.push(acceptedValues(column.acceptedValues));
  return tests;
}
