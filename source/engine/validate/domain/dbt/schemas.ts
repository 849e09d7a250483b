/**
 * JSON schemas of the dbt files the generator emits, in dbt 1.10+ syntax. They are strict on
 * purpose: `tests:` instead of `data_tests:`, generic-test inputs at the top level instead of
 * under `arguments:`, and source `freshness`/`loaded_at_field` outside `config:` are the
 * deprecated spellings dbt warns about (and will stop reading), so they are errors here.
 */

const text = { type: 'string', minLength: 1 } as const;
const stringList = { type: 'array', items: text } as const;
const anyObject = { type: 'object' } as const;

/** A generic data test: a bare name, or `{name: {arguments: {...}, config: {...}}}`. */
const dataTest = {
  anyOf: [
    { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' },
    {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: {
          arguments: anyObject,
          config: anyObject,
          name: text,
          description: { type: 'string' },
        },
      },
    },
  ],
} as const;

const dataTests = { type: 'array', items: dataTest } as const;

const constraint = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { enum: ['not_null', 'unique', 'primary_key', 'foreign_key', 'check', 'custom'] },
    name: text,
    expression: text,
    to: text,
    to_columns: stringList,
    columns: stringList,
    warn_unenforced: { type: 'boolean' },
    warn_unsupported: { type: 'boolean' },
  },
} as const;

const column = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: text,
    description: { type: 'string' },
    data_type: text,
    quote: { type: 'boolean' },
    constraints: { type: 'array', items: constraint },
    data_tests: dataTests,
    config: anyObject,
    meta: anyObject,
    tags: stringList,
  },
} as const;

const freshnessWindow = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'period'],
      properties: {
        count: { type: 'integer', minimum: 1 },
        period: { enum: ['minute', 'hour', 'day'] },
      },
    },
  ],
} as const;

const freshness = {
  anyOf: [
    { type: 'null' },
    {
      type: 'object',
      additionalProperties: false,
      properties: { warn_after: freshnessWindow, error_after: freshnessWindow, filter: text },
    },
  ],
} as const;

const sourceConfig = {
  type: 'object',
  properties: {
    freshness,
    loaded_at_field: text,
    loaded_at_query: text,
    enabled: { type: ['boolean', 'string'] },
  },
} as const;

const unitTest = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'model', 'given', 'expect'],
  properties: {
    name: text,
    description: { type: 'string' },
    model: text,
    config: anyObject,
    overrides: anyObject,
    given: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['input'],
        properties: {
          input: text,
          rows: { type: 'array', items: anyObject },
          format: { enum: ['dict'] },
        },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: { rows: { type: 'array', items: anyObject }, format: { enum: ['dict'] } },
    },
  },
} as const;

/** A properties file under models/ (models, sources, unit tests) or seeds/ (seeds). */
export const propertiesSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    version: { const: 2 },
    models: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: text,
          description: { type: 'string' },
          config: {
            type: 'object',
            properties: {
              contract: {
                type: 'object',
                additionalProperties: false,
                properties: { enforced: { type: 'boolean' }, alias_types: { type: 'boolean' } },
              },
            },
          },
          constraints: { type: 'array', items: { $ref: '#/$defs/constraint' } },
          data_tests: { $ref: '#/$defs/dataTests' },
          columns: { type: 'array', items: { $ref: '#/$defs/column' } },
          meta: anyObject,
        },
      },
    },
    sources: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'tables'],
        properties: {
          name: text,
          description: { type: 'string' },
          database: text,
          schema: text,
          config: { $ref: '#/$defs/sourceConfig' },
          meta: anyObject,
          tables: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name'],
              properties: {
                name: text,
                description: { type: 'string' },
                identifier: text,
                config: { $ref: '#/$defs/sourceConfig' },
                data_tests: { $ref: '#/$defs/dataTests' },
                columns: { type: 'array', items: { $ref: '#/$defs/column' } },
                meta: anyObject,
              },
            },
          },
        },
      },
    },
    seeds: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name'],
        properties: {
          name: text,
          description: { type: 'string' },
          config: {
            type: 'object',
            properties: {
              column_types: { type: 'object', additionalProperties: text },
              delimiter: text,
              enabled: { type: ['boolean', 'string'] },
            },
          },
          data_tests: { $ref: '#/$defs/dataTests' },
          columns: { type: 'array', items: { $ref: '#/$defs/column' } },
        },
      },
    },
    unit_tests: { type: 'array', items: unitTest },
  },
  $defs: {
    dataTests,
    column,
    constraint,
    sourceConfig,
  },
} as const;

/** dbt_project.yml: the keys the generator writes (and the few others a project commonly has). */
export const projectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'version', 'config-version', 'profile'],
  properties: {
    name: { type: 'string', pattern: '^[a-z_][a-z0-9_]*$' },
    version: { type: ['string', 'number'] },
    'config-version': { const: 2 },
    'require-dbt-version': { anyOf: [text, stringList] },
    profile: text,
    'model-paths': stringList,
    'seed-paths': stringList,
    'macro-paths': stringList,
    'test-paths': stringList,
    'analysis-paths': stringList,
    'snapshot-paths': stringList,
    'docs-paths': stringList,
    'target-path': text,
    'packages-install-path': text,
    'clean-targets': stringList,
    vars: anyObject,
    models: anyObject,
    seeds: anyObject,
    data_tests: anyObject,
    sources: anyObject,
    snapshots: anyObject,
    'on-run-start': { anyOf: [text, stringList] },
    'on-run-end': { anyOf: [text, stringList] },
    'query-comment': {},
    quoting: anyObject,
    flags: anyObject,
  },
} as const;
