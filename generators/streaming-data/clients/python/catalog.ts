import { lines, pyString } from '../../../shared/text.js';
import { loaderMetadataParameters, loaderStatements } from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { chunks, clientEntities } from '../shared.js';

function pyLong(value: string, indent: number): string {
  const parts = chunks(value, 84);
  if (parts.length === 1) return pyString(value);
  const pad = ' '.repeat(indent + 4);
  return `(\n${parts.map((part) => `${pad}${pyString(part)}`).join('\n')}\n${' '.repeat(indent)})`;
}

/** streaming/clients/catalog.py: the entities, topics and loader statements, as data. */
export function pythonCatalog(plan: StreamPlan): string {
  const entities = clientEntities(plan);
  const metadata = loaderMetadataParameters(plan);
  return lines(
    `"""Entities, topics and loader statements of ${plan.model.title}.`,
    '',
    'Generated from the project model with the schemas next to it: producers, the raw loader and the',
    'schema files read their names from here, so they cannot drift apart. Regenerate rather than edit.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'from dataclasses import dataclass',
    'from pathlib import Path',
    '',
    'STREAMING_DIR = Path(__file__).resolve().parent.parent',
    'SCHEMA_DIR = STREAMING_DIR / "schemas"',
    'SAMPLE_DIR = STREAMING_DIR / "samples"',
    '',
    `CONSUMER_GROUP = ${pyString(plan.consumerGroup)}`,
    "# Metadata parameters the loader binds after the entity's columns, in order.",
    `METADATA_PARAMETERS = (${metadata.map((name) => pyString(name)).join(', ')}${metadata.length === 1 ? ',' : ''})`,
    '',
    '',
    '@dataclass(frozen=True)',
    'class Field:',
    '    name: str',
    '    type: str',
    '    nullable: bool',
    '',
    '',
    '@dataclass(frozen=True)',
    'class Entity:',
    '    name: str',
    '    record: str',
    '    topic: str',
    '    dead_letter_topic: str',
    '    subscription: str',
    '    key: str',
    '    event_time: str',
    '    is_changelog: bool',
    '    # "producer": published by streaming/producers; "cdc": captured by Debezium from the source database.',
    '    source: str',
    '    # Value format on the wire: avro, protobuf, json-schema, or json (Debezium Server without a registry).',
    '    wire_format: str',
    '    schema_file: str',
    '    fields: tuple[Field, ...]',
    '    create_table: str',
    '    upsert: str',
    '    tombstone: str | None',
    '',
    '    @property',
    '    def schema_path(self) -> Path:',
    '        return SCHEMA_DIR / self.schema_file',
    '',
    '    @property',
    '    def sample_path(self) -> Path:',
    '        return SAMPLE_DIR / f"{self.name}.jsonl"',
    '',
    '',
    'ENTITIES: tuple[Entity, ...] = (',
    entities.map((client) => {
      const statements = loaderStatements(plan, client.item);
      const entity = client.item.entity;
      return [
        '    Entity(',
        `        name=${pyString(entity.name)},`,
        `        record=${pyString(client.item.record)},`,
        `        topic=${pyString(client.topic)},`,
        `        dead_letter_topic=${pyString(client.deadLetterTopic)},`,
        `        subscription=${pyString(client.subscription)},`,
        `        key=${pyString(entity.key.name)},`,
        `        event_time=${pyString(entity.eventTime.name)},`,
        `        is_changelog=${client.item.topic.isCompacted ? 'True' : 'False'},`,
        `        source=${pyString(client.item.source)},`,
        `        wire_format=${pyString(client.wireFormat)},`,
        `        schema_file=${pyString(client.item.schemaFile)},`,
        '        fields=(',
        entity.columns.map(
          (column) =>
            `            Field(${pyString(column.name)}, ${pyString(column.type)}, ${column.isNullable ? 'True' : 'False'}),`,
        ),
        '        ),',
        `        create_table=${pyLong(statements.createTable, 8)},`,
        `        upsert=${pyLong(statements.upsert, 8)},`,
        `        tombstone=${statements.tombstone ? pyLong(statements.tombstone, 8) : 'None'},`,
        '    ),',
      ];
    }),
    ')',
    '',
    'BY_NAME = {entity.name: entity for entity in ENTITIES}',
    'BY_TOPIC = {entity.topic: entity for entity in ENTITIES}',
  );
}
