import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { clientEntities } from '../shared.js';

/** Python module name of an entity's generated Protobuf code. */
export function pythonProtoModule(entityName: string): string {
  return `${entityName}_pb2`;
}

/** streaming/clients/codec.py: encode canonical rows to the wire format and back. */
export function pythonCodec(plan: StreamPlan): string {
  const serialization = plan.streaming.serialization;
  const hasJsonWire = clientEntities(plan).some((client) => client.wireFormat === 'json');
  const header = plan.isKafkaApi
    ? `Confluent Schema Registry wire format (${serialization}); subjects <topic>-value.`
    : {
        avro: 'Avro single-object encoding (0xC3 0x01, the CRC-64-AVRO fingerprint of the writer schema, the binary datum).',
        protobuf: 'Protobuf binary messages (the topic names the message type).',
        'json-schema': 'JSON validated against the JSON Schema (draft 2020-12) on both ends.',
      }[serialization];
  return lines(
    `"""Event (de)serialization: ${header}`,
    '',
    'encode() takes a canonical row (see values.py) and returns the payload; decode() does the reverse',
    'and raises DecodeError for payloads that do not match the schema: poison records, which the',
    'loader sends to the dead-letter topic. Any other error (the registry is down…) propagates: the',
    'loader stops without committing rather than dead-lettering good events.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    imports(plan, hasJsonWire),
    '',
    'from streaming.clients.catalog import ENTITIES, Entity',
    `from streaming.clients.values import Row, ${serialization === 'avro' ? 'to_avro, ' : ''}to_canonical`,
    serialization === 'protobuf' && [
      `from streaming.generated import ${clientEntities(plan)
        .map((client) => pythonProtoModule(client.name))
        .join(', ')}`,
    ],
    '',
    '',
    'class DecodeError(Exception):',
    '    """A payload that does not match its entity\'s schema (a poison record)."""',
    '',
    '',
    'def canonical_row(entity: Entity, data: dict[str, Any]) -> Row:',
    '    return {field.name: to_canonical(field.type, data.get(field.name)) for field in entity.fields}',
    hasJsonWire && [
      '',
      '',
      'def decode_plain_json(entity: Entity, payload: bytes) -> Row:',
      '    """Debezium Server writes the row state as plain JSON (no registry on this broker)."""',
      '    try:',
      '        data = json.loads(payload)',
      '        return canonical_row(entity, data)',
      '    except (ValueError, TypeError) as error:',
      '        raise DecodeError(f"{entity.topic}: not a JSON row: {error}") from error',
    ],
    serialization === 'protobuf' && [
      '',
      '',
      `MESSAGES = {`,
      clientEntities(plan).map(
        (client) =>
          `    ${JSON.stringify(client.name)}: ${pythonProtoModule(client.name)}.${client.item.record},`,
      ),
      '}',
      '',
      '# proto3 omits scalars at their default value: a missing required field is that default.',
      'DEFAULTS = {"string": "", "integer": 0, "bigint": 0, "double": 0.0, "boolean": False}',
      '',
      '',
      'def to_message(entity: Entity, row: Row) -> Message:',
      '    # The canonical row is the Protobuf JSON mapping: timestamps as RFC 3339, decimals as strings.',
      '    present = {name: value for name, value in row.items() if value is not None}',
      '    return json_format.ParseDict(present, MESSAGES[entity.name]())',
      '',
      '',
      'def from_message(entity: Entity, message: Message) -> Row:',
      '    data = json_format.MessageToDict(message, preserving_proto_field_name=True)',
      '    for field in entity.fields:',
      '        if field.name not in data and not field.nullable:',
      '            data[field.name] = DEFAULTS.get(field.type)',
      '    return canonical_row(entity, data)',
    ],
    '',
    '',
    codecClass(plan, hasJsonWire),
  );
}

function imports(plan: StreamPlan, hasJsonWire: boolean): string[] {
  const serialization = plan.streaming.serialization;
  const std = new Set<string>();
  if (
    hasJsonWire ||
    (serialization === 'json-schema' && !plan.isKafkaApi) ||
    (serialization === 'avro' && !plan.isKafkaApi)
  )
    std.add('import json');
  if (serialization === 'avro' && !plan.isKafkaApi) std.add('import io');
  const out: string[] = [...[...std].sort(), 'from typing import Any', ''];
  if (plan.isKafkaApi) {
    const module = { avro: 'avro', protobuf: 'protobuf', 'json-schema': 'json_schema' }[
      serialization
    ];
    const names = {
      avro: 'AvroDeserializer, AvroSerializer',
      protobuf: 'ProtobufDeserializer, ProtobufSerializer',
      'json-schema': 'JSONDeserializer, JSONSerializer',
    }[serialization];
    out.push(
      'from confluent_kafka.schema_registry import SchemaRegistryClient',
      `from confluent_kafka.schema_registry.${module} import ${names}`,
      'from confluent_kafka.serialization import MessageField, SerializationContext, SerializationError',
    );
    if (serialization === 'protobuf')
      out.push(
        'from google.protobuf import json_format',
        'from google.protobuf.message import Message',
      );
  } else if (serialization === 'avro') {
    out.push('import fastavro', 'from fastavro.schema import to_parsing_canonical_form');
  } else if (serialization === 'protobuf') {
    out.push(
      'from google.protobuf import json_format',
      'from google.protobuf.message import DecodeError as ProtobufDecodeError',
      'from google.protobuf.message import Message',
    );
  } else {
    out.push(
      'from jsonschema import Draft202012Validator',
      'from jsonschema.exceptions import ValidationError',
    );
  }
  return out;
}

function codecClass(plan: StreamPlan, hasJsonWire: boolean): string {
  const plain = (indent: string) =>
    hasJsonWire && [
      `${indent}if entity.wire_format == "json":`,
      `${indent}    return decode_plain_json(entity, payload)`,
    ];
  if (plan.isKafkaApi) {
    switch (plan.streaming.serialization) {
      case 'avro':
        return dedent`
          # Clients never register schemas: scripts/register-schemas.sh does, after review, so a change
          # cannot reach the registry from a laptop. Serializers use the latest registered version.
          SERIALIZER_CONF = {"auto.register.schemas": False, "use.latest.version": True}


          class Codec:
              def __init__(self, registry_url: str) -> None:
                  client = SchemaRegistryClient({"url": registry_url})
                  self._serializers: dict[str, AvroSerializer] = {}
                  self._deserializers: dict[str, AvroDeserializer] = {}
                  for entity in ENTITIES:
                      schema = entity.schema_path.read_text(encoding="utf-8")
                      self._serializers[entity.name] = AvroSerializer(client, schema, conf=SERIALIZER_CONF)
                      # The file is the reader schema: older writer versions resolve to it.
                      self._deserializers[entity.name] = AvroDeserializer(client, schema)

              def encode(self, entity: Entity, row: Row) -> bytes:
                  record = {field.name: to_avro(field.type, row.get(field.name)) for field in entity.fields}
                  payload = self._serializers[entity.name](record, SerializationContext(entity.topic, MessageField.VALUE))
                  assert payload is not None
                  return payload

              def decode(self, entity: Entity, payload: bytes) -> Row:
                  try:
                      record = self._deserializers[entity.name](payload, SerializationContext(entity.topic, MessageField.VALUE))
                  except (SerializationError, ValueError, TypeError, EOFError) as error:
                      raise DecodeError(f"{entity.topic}: {error}") from error
                  if not isinstance(record, dict):
                      raise DecodeError(f"{entity.topic}: expected a ${'record'}, got {type(record).__name__}")
                  return canonical_row(entity, record)
        `;
      case 'protobuf':
        return dedent`
          # Clients never register schemas: scripts/register-schemas.sh does, after review, so a change
          # cannot reach the registry from a laptop. Serializers use the latest registered version.
          SERIALIZER_CONF = {"auto.register.schemas": False, "use.latest.version": True}


          class Codec:
              def __init__(self, registry_url: str) -> None:
                  client = SchemaRegistryClient({"url": registry_url})
                  self._serializers = {name: ProtobufSerializer(message, client, SERIALIZER_CONF) for name, message in MESSAGES.items()}
                  self._deserializers = {name: ProtobufDeserializer(message) for name, message in MESSAGES.items()}

              def encode(self, entity: Entity, row: Row) -> bytes:
                  payload = self._serializers[entity.name](to_message(entity, row), SerializationContext(entity.topic, MessageField.VALUE))
                  assert payload is not None
                  return payload

              def decode(self, entity: Entity, payload: bytes) -> Row:
                  try:
                      message = self._deserializers[entity.name](payload, SerializationContext(entity.topic, MessageField.VALUE))
                  except (SerializationError, ValueError, TypeError) as error:
                      raise DecodeError(f"{entity.topic}: {error}") from error
                  if message is None:
                      raise DecodeError(f"{entity.topic}: empty payload")
                  return from_message(entity, message)
        `;
      case 'json-schema':
        return dedent`
          # Clients never register schemas: scripts/register-schemas.sh does, after review, so a change
          # cannot reach the registry from a laptop. Serializers use the latest registered version.
          SERIALIZER_CONF = {"auto.register.schemas": False, "use.latest.version": True}


          class Codec:
              def __init__(self, registry_url: str) -> None:
                  client = SchemaRegistryClient({"url": registry_url})
                  self._serializers: dict[str, JSONSerializer] = {}
                  self._deserializers: dict[str, JSONDeserializer] = {}
                  for entity in ENTITIES:
                      schema = entity.schema_path.read_text(encoding="utf-8")
                      self._serializers[entity.name] = JSONSerializer(schema, client, conf=SERIALIZER_CONF)
                      # Validates every event against the schema file, not only the registered one.
                      self._deserializers[entity.name] = JSONDeserializer(schema, schema_registry_client=client)

              def encode(self, entity: Entity, row: Row) -> bytes:
                  payload = self._serializers[entity.name](dict(row), SerializationContext(entity.topic, MessageField.VALUE))
                  assert payload is not None
                  return payload

              def decode(self, entity: Entity, payload: bytes) -> Row:
                  try:
                      data = self._deserializers[entity.name](payload, SerializationContext(entity.topic, MessageField.VALUE))
                  except (SerializationError, ValueError, TypeError) as error:
                      raise DecodeError(f"{entity.topic}: {error}") from error
                  if not isinstance(data, dict):
                      raise DecodeError(f"{entity.topic}: expected a JSON object")
                  return canonical_row(entity, data)
        `;
    }
  }
  switch (plan.streaming.serialization) {
    case 'avro':
      return lines(
        'MAGIC = b"\\xc3\\x01"',
        'EMPTY_FINGERPRINT = 0xC15D213AA4D7A795',
        '',
        '',
        'def _rabin_table() -> list[int]:',
        '    table = []',
        '    for byte in range(256):',
        '        fingerprint = byte',
        '        for _ in range(8):',
        '            fingerprint = (fingerprint >> 1) ^ (EMPTY_FINGERPRINT & -(fingerprint & 1))',
        '        table.append(fingerprint)',
        '    return table',
        '',
        '',
        'RABIN_TABLE = _rabin_table()',
        '',
        '',
        'def fingerprint(schema: dict[str, Any]) -> bytes:',
        '    """CRC-64-AVRO of the Parsing Canonical Form, little-endian, as single-object encoding wants it."""',
        '    value = EMPTY_FINGERPRINT',
        '    for byte in to_parsing_canonical_form(schema).encode("utf-8"):',
        '        value = (value >> 8) ^ RABIN_TABLE[(value ^ byte) & 0xFF]',
        '    return value.to_bytes(8, "little")',
        '',
        '',
        'class Codec:',
        '    def __init__(self) -> None:',
        '        self._schemas: dict[str, tuple[Any, bytes]] = {}',
        '        for entity in ENTITIES:',
        '            schema = json.loads(entity.schema_path.read_text(encoding="utf-8"))',
        '            self._schemas[entity.name] = (fastavro.parse_schema(schema), fingerprint(schema))',
        '',
        '    def encode(self, entity: Entity, row: Row) -> bytes:',
        '        parsed, schema_fingerprint = self._schemas[entity.name]',
        '        record = {field.name: to_avro(field.type, row.get(field.name)) for field in entity.fields}',
        '        buffer = io.BytesIO()',
        '        buffer.write(MAGIC + schema_fingerprint)',
        '        fastavro.schemaless_writer(buffer, parsed, record)',
        '        return buffer.getvalue()',
        '',
        '    def decode(self, entity: Entity, payload: bytes) -> Row:',
        plain('        '),
        '        parsed, schema_fingerprint = self._schemas[entity.name]',
        '        if payload[:2] != MAGIC:',
        '            raise DecodeError(f"{entity.topic}: not Avro single-object encoded")',
        '        if payload[2:10] != schema_fingerprint:',
        '            # A newer writer schema: consumers must be deployed with it first (BACKWARD evolution).',
        '            raise DecodeError(f"{entity.topic}: unknown writer schema fingerprint {payload[2:10].hex()}")',
        '        try:',
        '            record = fastavro.schemaless_reader(io.BytesIO(payload[10:]), parsed, None)',
        '        except (ValueError, TypeError, EOFError, IndexError) as error:',
        '            raise DecodeError(f"{entity.topic}: {error}") from error',
        '        if not isinstance(record, dict):',
        '            raise DecodeError(f"{entity.topic}: expected a record")',
        '        return canonical_row(entity, record)',
      );
    case 'protobuf':
      return lines(
        'class Codec:',
        '    def encode(self, entity: Entity, row: Row) -> bytes:',
        '        return to_message(entity, row).SerializeToString()',
        '',
        '    def decode(self, entity: Entity, payload: bytes) -> Row:',
        plain('        '),
        '        message = MESSAGES[entity.name]()',
        '        try:',
        '            message.ParseFromString(payload)',
        '        except ProtobufDecodeError as error:',
        '            raise DecodeError(f"{entity.topic}: {error}") from error',
        '        return from_message(entity, message)',
      );
    case 'json-schema':
      return lines(
        'class Codec:',
        '    def __init__(self) -> None:',
        '        self._validators: dict[str, Draft202012Validator] = {}',
        '        for entity in ENTITIES:',
        '            schema = json.loads(entity.schema_path.read_text(encoding="utf-8"))',
        '            Draft202012Validator.check_schema(schema)',
        '            self._validators[entity.name] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)',
        '',
        '    def encode(self, entity: Entity, row: Row) -> bytes:',
        '        # Producers validate too: a bad event fails at the source, not in every consumer.',
        '        self._validators[entity.name].validate(row)',
        '        return json.dumps(row, separators=(",", ":"), ensure_ascii=False).encode("utf-8")',
        '',
        '    def decode(self, entity: Entity, payload: bytes) -> Row:',
        plain('        '),
        '        try:',
        '            data = json.loads(payload)',
        '            self._validators[entity.name].validate(data)',
        '        except (ValueError, ValidationError) as error:',
        '            raise DecodeError(f"{entity.topic}: {error}") from error',
        '        return canonical_row(entity, data)',
      );
  }
}
