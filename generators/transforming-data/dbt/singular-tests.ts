import type { Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { lines, sqlIdentifier } from '../../shared/text.js';
import { loadedAtColumn } from './columns.js';
import { stagingName } from './layout.js';

/** How far a client clock may run ahead of the loader's before an event counts as impossible. */
const CLOCK_SKEW_MINUTES = 5;

export const singularTestName = (entity: Entity): string =>
  `assert_${entity.name}_happened_before_loading`;

/**
 * tests/assert_<fact>_happened_before_loading.sql: a fact cannot be loaded before it happened. An
 * event time later than its load time (beyond a little clock skew) means a device clock running
 * ahead or a time-zone bug upstream, which would put rows in tomorrow's partitions and aggregates.
 */
export function singularTests(model: ProjectModel): { path: string; render: () => string }[] {
  return model.facts.map((entity) => ({
    path: `tests/${singularTestName(entity)}.sql`,
    render: () => {
      const eventTime = sqlIdentifier(entity.eventTime.name);
      const loadedAt = loadedAtColumn(entity);
      return lines(
        `-- ${entity.name} cannot be loaded before they happened: ${entity.eventTime.name} later than ${loadedAt}`,
        `-- (beyond ${CLOCK_SKEW_MINUTES} minutes of clock skew) is a clock running ahead or a time-zone bug upstream.`,
        '-- A singular test: dbt fails it when this query returns rows.',
        '',
        'select',
        `    ${sqlIdentifier(entity.key.name)},`,
        `    ${eventTime},`,
        `    ${loadedAt}`,
        '',
        `from {{ ref('${stagingName(entity)}') }}`,
        `where ${eventTime} > {{ dbt.dateadd('minute', ${CLOCK_SKEW_MINUTES}, '${loadedAt}') }}`,
      );
    },
  }));
}
