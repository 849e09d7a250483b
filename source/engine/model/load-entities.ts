import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { checkSchema } from '../skills/schema-check.js';
import { errorAt, parseYamlSource } from '../skills/yaml-source.js';
import type { LoadError } from '../skills/types.js';
import type { EntityCatalogue, KnownEntity } from './entities.js';
import { LOGICAL_TYPES, type Column, type LogicalType } from './types.js';

/* Reading and validating skills/architecting-data/entities.yaml: loaded only on a cache miss. */

const columnSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'type', 'description'],
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    type: { enum: LOGICAL_TYPES },
    description: { type: 'string', minLength: 1 },
    key: { type: 'boolean' },
    nullable: { type: 'boolean' },
    references: { type: 'string', pattern: '^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$' },
    accepted_values: { type: 'array', items: { type: 'string' }, minItems: 1 },
    pii: { enum: ['hashed'] },
    examples: { type: 'array', items: { type: 'string' }, minItems: 1 },
  },
} as const;

const entitiesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['entities'],
  properties: {
    entities: {
      type: 'object',
      propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'description', 'event_time', 'columns'],
        properties: {
          kind: { enum: ['fact', 'dimension'] },
          description: { type: 'string' },
          event_time: { type: 'string' },
          columns: { type: 'array', items: columnSchema, minItems: 2 },
        },
      },
    },
  },
} as const;

export class EntityCatalogueError extends Error {
  constructor(readonly errors: LoadError[]) {
    super(
      errors
        .map((error) => `${error.file}:${error.line}: ${error.field}: ${error.message}`)
        .join('\n'),
    );
    this.name = 'EntityCatalogueError';
  }
}

type RawColumn = {
  name: string;
  type: LogicalType;
  description: string;
  key?: boolean;
  nullable?: boolean;
  references?: string;
  accepted_values?: string[];
  pii?: string;
  examples?: string[];
};

/** Reads `skills/architecting-data/entities.yaml`, validated like every other skill file. */
export async function loadEntityCatalogue(skillsRoot: string): Promise<EntityCatalogue> {
  const file = join(skillsRoot, 'architecting-data', 'entities.yaml');
  const display = relative(process.cwd(), file) || file;
  const text = await readFile(file, 'utf8').catch(() => 'entities: {}');
  const { source, errors } = parseYamlSource(display, text);
  if (errors.length > 0) throw new EntityCatalogueError(errors);
  const data = source.doc.toJS() as {
    entities: Record<
      string,
      { kind: 'fact' | 'dimension'; description: string; event_time: string; columns: RawColumn[] }
    >;
  };
  const schemaErrors = checkSchema(source, data, entitiesSchema);
  if (schemaErrors.length > 0) throw new EntityCatalogueError(schemaErrors);
  const catalogue = new Map<string, KnownEntity>();
  const problems: LoadError[] = [];
  for (const [name, raw] of Object.entries(data.entities)) {
    const columns = raw.columns.map(toColumn);
    const keys = columns.filter((column) => column.isKey);
    if (keys.length !== 1)
      problems.push(
        errorAt(source, ['entities', name, 'columns'], 'exactly one column needs key: true'),
      );
    if (!columns.some((column) => column.name === raw.event_time)) {
      problems.push(
        errorAt(source, ['entities', name, 'event_time'], `"${raw.event_time}" is not a column`),
      );
    }
    catalogue.set(name, {
      kind: raw.kind,
      description: raw.description,
      eventTime: raw.event_time,
      columns,
    });
  }
  if (problems.length > 0) throw new EntityCatalogueError(problems);
  return catalogue;
}

function toColumn(raw: RawColumn): Column {
  const column: Column = {
    name: raw.name,
    type: raw.type,
    description: raw.description,
    isKey: raw.key === true,
    isNullable: raw.nullable === true,
    isPii: raw.pii === 'hashed',
  };
  if (raw.references) {
    const [entity = '', referenced = ''] = raw.references.split('.');
    column.references = { entity, column: referenced };
  }
  if (raw.accepted_values) column.acceptedValues = raw.accepted_values;
  if (raw.examples) column.examples = raw.examples;
  return column;
}
