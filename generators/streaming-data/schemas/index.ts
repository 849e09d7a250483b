import type { Column } from '../../../source/engine/model/types.js';
import { dedent, lines } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import type { StreamEntity, StreamPlan } from '../plan.js';

/**
 * Event schemas, one per entity, in the chosen serialization. Each is the value schema of the
 * entity's topic (subject `<topic>-value`, TopicNameStrategy) and evolves under BACKWARD
 * compatibility: consumers upgrade first, new fields always have defaults (Avro), new field
 * numbers (Protobuf) or are optional (JSON Schema).
 */
export function schemaFiles(plan: StreamPlan): FileSpec[] {
  return plan.entities.map((item): FileSpec => {
    const path = `streaming/schemas/${item.schemaFile}`;
    switch (plan.streaming.serialization) {
      case 'avro':
        return { path, kind: 'json', data: () => avroSchema(plan, item) };
      case 'protobuf':
        return { path, kind: 'text', render: () => protobufSchema(plan, item) };
      case 'json-schema':
        return { path, kind: 'json', data: () => jsonSchema(plan, item) };
    }
  });
}

/** What every schema's documentation says about where it is used and how it may change. */
function contractNote(item: StreamEntity): string {
  const owner =
    item.source === 'cdc'
      ? 'Written by the Debezium connector from the source table'
      : 'Written by the producers';
  return `Value of topic ${item.topic.name} (key: ${item.topic.keyColumn}). ${owner}. Registry subject ${item.subject}, compatibility BACKWARD: add fields only with defaults, never rename or retype one.`;
}

function columnNote(column: Column): string {
  const notes = [column.description];
  if (column.acceptedValues) notes.push(`One of: ${column.acceptedValues.join(', ')}.`);
  if (column.references)
    notes.push(`References ${column.references.entity}.${column.references.column}.`);
  if (column.isPii) notes.push('PII: hashed by the producer, never in clear.');
  return notes.join(' ');
}

// --- Avro --------------------------------------------------------------------------------------

export function avroType(column: Column): unknown {
  switch (column.type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'int';
    case 'bigint':
      return 'long';
    case 'double':
      return 'double';
    case 'boolean':
      return 'boolean';
    case 'decimal':
      // Same precision and scale as the warehouse's decimal(18,2).
      return { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros' };
    case 'date':
      return { type: 'int', logicalType: 'date' };
  }
}

export function avroSchema(plan: StreamPlan, item: StreamEntity): Record<string, unknown> {
  return {
    type: 'record',
    name: item.record,
    namespace: plan.namespace,
    doc: `${item.entity.description} ${contractNote(item)}`,
    fields: item.entity.columns.map((column) =>
      column.isNullable
        ? {
            name: column.name,
            type: ['null', avroType(column)],
            default: null,
            doc: columnNote(column),
          }
        : { name: column.name, type: avroType(column), doc: columnNote(column) },
    ),
  };
}

// --- Protobuf ----------------------------------------------------------------------------------

export function protobufType(column: Column): string {
  switch (column.type) {
    case 'string':
    case 'decimal':
    case 'date':
      return 'string';
    case 'integer':
      return 'int32';
    case 'bigint':
      return 'int64';
    case 'double':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'timestamp':
      return 'google.protobuf.Timestamp';
  }
}

function protobufFieldComment(column: Column): string {
  const notes = [columnNote(column)];
  if (column.type === 'decimal')
    notes.push('Decimal(18,2) as a string so no float rounding happens on the way.');
  if (column.type === 'date') notes.push('ISO date (YYYY-MM-DD).');
  if (column.isNullable) notes.push('Unset when unknown.');
  return notes.join(' ');
}

/** Go import path of the generated Protobuf package. */
export function goProtoPackage(plan: StreamPlan): { path: string; name: string } {
  return { path: `${plan.goModule}/gen/eventsv1`, name: 'eventsv1' };
}

export function protobufSchema(plan: StreamPlan, item: StreamEntity): string {
  const hasTimestamp = item.entity.columns.some((column) => column.type === 'timestamp');
  const go = goProtoPackage(plan);
  const fields = item.entity.columns.map((column, index) => {
    // Message fields (Timestamp) always have presence; scalars need `optional` to tell unset from zero.
    const label = column.isNullable && column.type !== 'timestamp' ? 'optional ' : '';
    return lines(
      wrapComment(protobufFieldComment(column), '  // '),
      `  ${label}${protobufType(column)} ${column.name} = ${index + 1};`,
    );
  });
  return lines(
    `// ${item.record}: ${item.entity.description}`,
    wrapComment(contractNote(item), '// '),
    '// Field numbers are forever: never reuse or renumber one; reserve the number of a removed field.',
    'syntax = "proto3";',
    '',
    `package ${plan.namespace};`,
    '',
    hasTimestamp && ['import "google/protobuf/timestamp.proto";', ''],
    'option java_multiple_files = true;',
    `option java_package = "${plan.javaPackage}.events";`,
    `option go_package = "${go.path};${go.name}";`,
    '',
    wrapComment(item.entity.description, '// '),
    `message ${item.record} {`,
    fields.join('\n').trimEnd(),
    '}',
  );
}

function wrapComment(text: string, prefix: string, width = 100): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    if (current && prefix.length + current.length + 1 + word.length > width) {
      out.push(prefix + current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) out.push(prefix + current);
  return out;
}

// --- JSON Schema -------------------------------------------------------------------------------

export function jsonSchemaType(column: Column): Record<string, unknown> {
  switch (column.type) {
    case 'string':
      return column.acceptedValues
        ? { type: 'string', enum: column.acceptedValues }
        : { type: 'string' };
    case 'integer':
      return { type: 'integer', minimum: -2147483648, maximum: 2147483647 };
    case 'bigint':
      return { type: 'integer' };
    case 'double':
      return { type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'decimal':
      // A string keeps the exact value; the pattern is decimal(18,2).
      return { type: 'string', pattern: '^-?[0-9]{1,16}(\\.[0-9]{1,2})?$' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    case 'date':
      return { type: 'string', format: 'date' };
  }
}

export function jsonSchemaId(plan: StreamPlan, item: StreamEntity): string {
  // RFC 8141: the namespace identifier is 2–32 letters, digits or hyphens, starting with a letter or digit.
  const nid =
    plan.model.domain
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 32)
      .replace(/-+$/, '') || 'events';
  return `urn:${nid.length >= 2 ? nid : `${nid}-events`}:events:v1:${item.entity.singular.replaceAll('_', '-')}`;
}

export function jsonSchema(plan: StreamPlan, item: StreamEntity): Record<string, unknown> {
  const properties = Object.fromEntries(
    item.entity.columns.map((column) => {
      const base = jsonSchemaType(column);
      const type = column.isNullable
        ? {
            ...base,
            type: [base.type, 'null'],
            ...(base.enum ? { enum: [...(base.enum as string[]), null] } : {}),
          }
        : base;
      return [column.name, { description: columnNote(column), ...type }];
    }),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: jsonSchemaId(plan, item),
    title: item.record,
    description: `${item.entity.description} ${contractNote(item)}`,
    type: 'object',
    properties,
    required: item.entity.columns
      .filter((column) => !column.isNullable)
      .map((column) => column.name),
    // A closed content model: a typo in a producer fails validation instead of landing silently.
    additionalProperties: false,
  };
}

/** The README's note on evolution, per serialization. */
export function evolutionRules(plan: StreamPlan): string {
  switch (plan.streaming.serialization) {
    case 'avro':
      return dedent`
        - Add a field only with a default (\`["null", T]\` with \`"default": null\`); never rename or retype one.
        - Decimals are \`bytes\` with the \`decimal\` logical type (18,2); timestamps are \`timestamp-micros\` (UTC).
      `;
    case 'protobuf':
      return dedent`
        - Add fields with new numbers; never reuse, renumber or retype a field; reserve removed numbers.
        - Decimals travel as strings (exact), timestamps as \`google.protobuf.Timestamp\` (UTC).
      `;
    case 'json-schema':
      return dedent`
        - Add properties as optional (not in \`required\`); never rename a property or narrow its type.
        - Decimals are strings matching decimal(18,2); timestamps are RFC 3339 \`date-time\` strings (UTC).
      `;
  }
}
