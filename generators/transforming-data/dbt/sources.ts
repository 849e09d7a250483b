import type { ProjectModel } from '../../../source/engine/model/types.js';
import { SEED_TYPES } from './columns.js';

/** How the raw tables are loaded, for the source description. */
function loaderOf(model: ProjectModel): string {
  if (!model.flags.hasStreaming) return 'the batch loaders';
  if (model.streaming.cdc !== 'none') return 'the CDC pipeline and the stream loaders';
  if (model.flags.usesKafkaApi && model.architecture.warehouse !== 'duckdb')
    return 'the Kafka Connect sink connectors';
  return 'the stream consumers';
}

/**
 * Source freshness from the freshness SLO: warn when half the budget is gone (time to look), error
 * when the SLO itself is breached (the marts built from it are stale too).
 */
export function freshness(model: ProjectModel): {
  warn_after: { count: number; period: string };
  error_after: { count: number; period: string };
} {
  const slo = Math.max(2, model.performance.freshnessSloMinutes);
  return {
    warn_after: { count: Math.ceil(slo / 2), period: 'minute' },
    error_after: { count: slo, period: 'minute' },
  };
}

/** models/staging/_sources.yml: the raw landing tables, one per entity. */
export function sourcesFile(model: ProjectModel): unknown {
  return {
    sources: [
      {
        name: 'raw',
        description: `Raw landing tables written by ${loaderOf(model)}: one row per delivered record, at least once, so keys can repeat. Locally the seeds stand in for them (--vars '{raw_schema: raw_sample}').`,
        schema: "{{ var('raw_schema', 'raw') }}",
        config: {
          loaded_at_field: '_loaded_at',
          freshness: freshness(model),
        },
        tables: model.entities.map((entity) => ({
          name: entity.name,
          description: entity.description,
          ...(entity.kind === 'dimension'
            ? {
                // Dimensions change when the business does: a quiet day is normal, so they only warn.
                config: { freshness: { warn_after: { count: 24, period: 'hour' } } },
              }
            : {}),
          columns: [
            ...entity.columns.map((column) => ({
              name: column.name,
              description: column.description,
            })),
            {
              name: '_loaded_at',
              description: `When the loader wrote the row (${SEED_TYPES.timestamp}, UTC); drives freshness.`,
            },
          ],
        })),
      },
    ],
  };
}
