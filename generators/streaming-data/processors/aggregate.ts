import type { Aggregate } from '../plan.js';

/** The columns of the windowed aggregate, shared by every processor and the README. */
export function aggregateColumns(aggregate: Aggregate): { name: string; description: string }[] {
  return [
    {
      name: 'window_start',
      description: 'Start of the one-minute event-time window (UTC, RFC 3339)',
    },
    { name: 'window_end', description: 'End of the window (exclusive)' },
    ...(aggregate.groupBy
      ? [{ name: aggregate.groupBy.name, description: aggregate.groupBy.description }]
      : []),
    { name: 'event_count', description: `Number of ${aggregate.fact.entity.name} in the window` },
    ...(aggregate.measure
      ? [
          {
            name: `total_${aggregate.measure.name}`,
            description: `Sum of ${aggregate.measure.name} in the window`,
          },
        ]
      : []),
  ];
}

/** PascalCase class name of a job: `OrdersPerMinuteJob`. */
export function jobClass(aggregate: Aggregate): string {
  return `${aggregate.jobName
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}Job`;
}
