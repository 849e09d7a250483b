import { MARTS_SCHEMA, RAW_SCHEMA, STAGING_SCHEMA } from '../../shared/data-architecture.js';

/** The three layers every warehouse gets, with what each holds (catalog descriptions and comments). */
export const LAYERS = [
  {
    schema: RAW_SCHEMA,
    description:
      'Landing zone: one table per entity, as delivered by the loaders, plus ingestion metadata. Only loaders write here.',
  },
  {
    schema: STAGING_SCHEMA,
    description:
      'Staging: one renamed, typed and deduplicated view per raw table. Only the transformer writes here.',
  },
  {
    schema: MARTS_SCHEMA,
    description:
      'Marts: the modelled tables analysts and BI tools read. Only the transformer writes here.',
  },
] as const;
