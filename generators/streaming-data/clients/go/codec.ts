import { lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { goProtoPackage } from '../../schemas/index.js';
import { clientEntities } from '../shared.js';

/** codec.go: canonical rows to payloads and back, for the chosen serialization and broker family. */
export function goCodec(plan: StreamPlan): string {
  const serialization = plan.streaming.serialization;
  const entities = clientEntities(plan);
  const hasJsonWire = entities.some((client) => client.wireFormat === 'json');
  const proto = goProtoPackage(plan);
  const imports = new Set<string>(['"errors"', '"fmt"']);
  const third = new Set<string>();
  const body: string[] = [];
  if (hasJsonWire || serialization !== 'avro') imports.add('"encoding/json"');
  if (hasJsonWire) imports.add('"bytes"');

  const protoHelpers = () => {
    imports.add('"bytes"');
    third.add('"google.golang.org/protobuf/encoding/protojson"');
    third.add('"google.golang.org/protobuf/proto"');
    third.add(`${proto.name} "${proto.path}"`);
    body.push(
      '// messages creates the generated message of each entity (see buf.gen.yaml).',
      'var messages = map[string]func() proto.Message{',
      ...entities.map((client) => {
        const width = Math.max(...entities.map((other) => JSON.stringify(other.name).length + 1));
        return `\t${`${JSON.stringify(client.name)}:`.padEnd(width)} func() proto.Message { return &${proto.name}.${client.item.record}{} },`;
      }),
      '}',
      '',
      '// toMessage uses the Protobuf JSON mapping: the canonical row already has RFC 3339 timestamps and',
      '// decimals as strings.',
      'func toMessage(entity Entity, row Row) (proto.Message, error) {',
      '\tpresent := map[string]any{}',
      '\tfor name, value := range row {',
      '\t\tif value != nil {',
      '\t\t\tpresent[name] = value',
      '\t\t}',
      '\t}',
      '\tdata, err := json.Marshal(present)',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tmessage := messages[entity.Name]()',
      '\treturn message, protojson.Unmarshal(data, message)',
      '}',
      '',
      'func fromMessage(entity Entity, message proto.Message) (Row, error) {',
      '\t// EmitUnpopulated: proto3 scalars at their default value are printed, not dropped.',
      '\tdata, err := protojson.MarshalOptions{UseProtoNames: true, EmitUnpopulated: true}.Marshal(message)',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tdecoder := json.NewDecoder(bytes.NewReader(data))',
      '\tdecoder.UseNumber()',
      '\tvalues := map[string]any{}',
      '\tif err := decoder.Decode(&values); err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\treturn CanonicalRow(entity, values)',
      '}',
      '',
    );
  };

  const plainJson = hasJsonWire
    ? [
        '\tif entity.WireFormat == "json" {',
        '\t\tdecoder := json.NewDecoder(bytes.NewReader(payload))',
        '\t\tdecoder.UseNumber()',
        '\t\tvalues := map[string]any{}',
        '\t\tif err := decoder.Decode(&values); err != nil {',
        '\t\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: err}',
        '\t\t}',
        '\t\treturn CanonicalRow(entity, values)',
        '\t}',
      ]
    : [];

  if (plan.isKafkaApi) {
    imports.add('"net"');
    imports.add('"net/url"');
    third.add('"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry"');
    third.add('"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde"');
    const serdePackage = { avro: 'avrov2', protobuf: 'protobuf', 'json-schema': 'jsonschema' }[
      serialization
    ];
    third.add(
      `"github.com/confluentinc/confluent-kafka-go/v2/schemaregistry/serde/${serdePackage}"`,
    );
    if (serialization === 'protobuf') protoHelpers();
    body.push(
      '// Codec serializes with the Confluent Schema Registry wire format (subjects <topic>-value).',
      'type Codec struct {',
      `\tserializer   *${serdePackage}.Serializer`,
      `\tdeserializer *${serdePackage}.Deserializer`,
      '}',
      '',
      '// NewCodec connects to the registry. Clients never register schemas: scripts/register-schemas.sh',
      '// does, after review, so a change cannot reach the registry from a laptop; serializers use the latest',
      '// registered version.',
      'func NewCodec(registryURL string) (*Codec, error) {',
      '\tclient, err := schemaregistry.NewClient(schemaregistry.NewConfig(registryURL))',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      `\tserializerConfig := ${serdePackage}.NewSerializerConfig()`,
      '\tserializerConfig.AutoRegisterSchemas = false',
      '\tserializerConfig.UseLatestVersion = true',
      ...(serialization === 'json-schema' ? ['\tserializerConfig.EnableValidation = true'] : []),
      `\tserializer, err := ${serdePackage}.NewSerializer(client, serde.ValueSerde, serializerConfig)`,
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      `\tdeserializerConfig := ${serdePackage}.NewDeserializerConfig()`,
      ...(serialization === 'json-schema' ? ['\tdeserializerConfig.EnableValidation = true'] : []),
      `\tdeserializer, err := ${serdePackage}.NewDeserializer(client, serde.ValueSerde, deserializerConfig)`,
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      ...(serialization === 'protobuf'
        ? [
            '\tfor _, create := range messages {',
            '\t\tif err := deserializer.ProtoRegistry.RegisterMessage(create().ProtoReflect().Type()); err != nil {',
            '\t\t\treturn nil, err',
            '\t\t}',
            '\t}',
          ]
        : []),
      '\treturn &Codec{serializer: serializer, deserializer: deserializer}, nil',
      '}',
      '',
      '// Encode returns the payload of a canonical row.',
      'func (c *Codec) Encode(entity Entity, row Row) ([]byte, error) {',
      ...{
        avro: [
          '\trecord := map[string]any{}',
          '\tfor _, field := range entity.Fields {',
          '\t\tvalue, err := ToAvro(field.Type, row[field.Name])',
          '\t\tif err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\trecord[field.Name] = value',
          '\t}',
          '\treturn c.serializer.Serialize(entity.Topic, record)',
        ],
        protobuf: [
          '\tmessage, err := toMessage(entity, row)',
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
          '\treturn c.serializer.Serialize(entity.Topic, message)',
        ],
        'json-schema': ['\treturn c.serializer.Serialize(entity.Topic, map[string]any(row))'],
      }[serialization],
      '}',
      '',
      '// Decode returns the canonical row of a payload, or a *DecodeError for a poison record. Network',
      '// errors (the registry is down) are returned as they are: the loader stops without committing.',
      'func (c *Codec) Decode(entity Entity, payload []byte) (Row, error) {',
      ...{
        avro: [
          '\trecord := map[string]any{}',
          '\tif err := c.deserializer.DeserializeInto(entity.Topic, payload, &record); err != nil {',
          '\t\treturn nil, classify(entity, err)',
          '\t}',
          '\treturn CanonicalRow(entity, record)',
        ],
        protobuf: [
          '\tvalue, err := c.deserializer.Deserialize(entity.Topic, payload)',
          '\tif err != nil {',
          '\t\treturn nil, classify(entity, err)',
          '\t}',
          '\tmessage, ok := value.(proto.Message)',
          '\tif !ok {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: fmt.Errorf("unexpected %T", value)}',
          '\t}',
          '\treturn fromMessage(entity, message)',
        ],
        'json-schema': [
          '\trecord := map[string]any{}',
          '\tif err := c.deserializer.DeserializeInto(entity.Topic, payload, &record); err != nil {',
          '\t\treturn nil, classify(entity, err)',
          '\t}',
          '\treturn CanonicalRow(entity, record)',
        ],
      }[serialization],
      '}',
      '',
      'func classify(entity Entity, err error) error {',
      '\tvar networkError net.Error',
      '\tvar urlError *url.Error',
      '\tif errors.As(err, &networkError) || errors.As(err, &urlError) {',
      '\t\treturn err',
      '\t}',
      '\treturn &DecodeError{Topic: entity.Topic, Cause: err}',
      '}',
    );
  } else {
    switch (serialization) {
      case 'avro':
        imports.add('"encoding/binary"');
        imports.add('"os"');
        third.add('"github.com/hamba/avro/v2"');
        body.push(
          'var magic = []byte{0xc3, 0x01}',
          '',
          'const emptyFingerprint uint64 = 0xc15d213aa4d7a795',
          '',
          'var rabinTable = func() [256]uint64 {',
          '\tvar table [256]uint64',
          '\tfor index := range table {',
          '\t\tfingerprint := uint64(index)',
          '\t\tfor bit := 0; bit < 8; bit++ {',
          '\t\t\tfingerprint = (fingerprint >> 1) ^ (emptyFingerprint & -(fingerprint & 1))',
          '\t\t}',
          '\t\ttable[index] = fingerprint',
          '\t}',
          '\treturn table',
          '}()',
          '',
          "// Fingerprint is the CRC-64-AVRO of the schema's Parsing Canonical Form, little-endian, as",
          '// single-object encoding wants it.',
          'func Fingerprint(schema avro.Schema) []byte {',
          '\tvalue := emptyFingerprint',
          '\tfor _, character := range []byte(schema.String()) {',
          '\t\tvalue = (value >> 8) ^ rabinTable[byte(value)^character]',
          '\t}',
          '\treturn binary.LittleEndian.AppendUint64(nil, value)',
          '}',
          '',
          'type entitySchema struct {',
          '\tschema avro.Schema',
          '\theader []byte',
          '}',
          '',
          '// Codec uses Avro single-object encoding: 0xC3 0x01, the CRC-64-AVRO fingerprint of the writer',
          '// schema, the binary datum. A payload written with an unknown schema version fails to decode.',
          'type Codec struct {',
          '\tschemas map[string]entitySchema',
          '}',
          '',
          '// NewCodec parses the schema files.',
          'func NewCodec() (*Codec, error) {',
          '\tcodec := &Codec{schemas: map[string]entitySchema{}}',
          '\tfor _, entity := range Entities {',
          '\t\ttext, err := os.ReadFile(entity.SchemaPath())',
          '\t\tif err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\tschema, err := avro.Parse(string(text))',
          '\t\tif err != nil {',
          '\t\t\treturn nil, fmt.Errorf("%s: %w", entity.SchemaPath(), err)',
          '\t\t}',
          '\t\tcodec.schemas[entity.Name] = entitySchema{schema: schema, header: append(append([]byte{}, magic...), Fingerprint(schema)...)}',
          '\t}',
          '\treturn codec, nil',
          '}',
          '',
          '// Encode returns the payload of a canonical row.',
          'func (c *Codec) Encode(entity Entity, row Row) ([]byte, error) {',
          '\trecord := map[string]any{}',
          '\tfor _, field := range entity.Fields {',
          '\t\tvalue, err := ToAvro(field.Type, row[field.Name])',
          '\t\tif err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\trecord[field.Name] = value',
          '\t}',
          '\tentry := c.schemas[entity.Name]',
          '\tdatum, err := avro.Marshal(entry.schema, record)',
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
          '\treturn append(append([]byte{}, entry.header...), datum...), nil',
          '}',
          '',
          '// Decode returns the canonical row of a payload, or a *DecodeError for a poison record.',
          'func (c *Codec) Decode(entity Entity, payload []byte) (Row, error) {',
          ...plainJson,
          '\tentry := c.schemas[entity.Name]',
          '\tif len(payload) < 10 || string(payload[:2]) != string(magic) {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: errors.New("not Avro single-object encoded")}',
          '\t}',
          '\tif string(payload[:10]) != string(entry.header) {',
          '\t\t// A newer writer schema: consumers must be deployed with it first (BACKWARD evolution).',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: fmt.Errorf("unknown writer schema fingerprint %x", payload[2:10])}',
          '\t}',
          '\trecord := map[string]any{}',
          '\tif err := avro.Unmarshal(entry.schema, payload[10:], &record); err != nil {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: err}',
          '\t}',
          '\treturn CanonicalRow(entity, record)',
          '}',
        );
        break;
      case 'protobuf':
        protoHelpers();
        body.push(
          '// Codec writes Protobuf binary messages: the topic names the message type.',
          'type Codec struct{}',
          '',
          '// NewCodec needs no set-up: the message types are compiled in.',
          'func NewCodec() (*Codec, error) { return &Codec{}, nil }',
          '',
          '// Encode returns the payload of a canonical row.',
          'func (c *Codec) Encode(entity Entity, row Row) ([]byte, error) {',
          '\tmessage, err := toMessage(entity, row)',
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
          '\treturn proto.Marshal(message)',
          '}',
          '',
          '// Decode returns the canonical row of a payload, or a *DecodeError for a poison record.',
          'func (c *Codec) Decode(entity Entity, payload []byte) (Row, error) {',
          ...plainJson,
          '\tmessage := messages[entity.Name]()',
          '\tif err := proto.Unmarshal(payload, message); err != nil {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: err}',
          '\t}',
          '\treturn fromMessage(entity, message)',
          '}',
        );
        break;
      case 'json-schema':
        imports.add('"bytes"');
        imports.add('"os"');
        third.add('"github.com/santhosh-tekuri/jsonschema/v6"');
        body.push(
          '// Codec writes JSON validated against the JSON Schema (draft 2020-12, formats asserted) on both ends.',
          'type Codec struct {',
          '\tschemas map[string]*jsonschema.Schema',
          '}',
          '',
          '// NewCodec compiles the schema files.',
          'func NewCodec() (*Codec, error) {',
          '\tcompiler := jsonschema.NewCompiler()',
          '\tcompiler.AssertFormat()',
          '\tcodec := &Codec{schemas: map[string]*jsonschema.Schema{}}',
          '\tfor _, entity := range Entities {',
          '\t\tfile, err := os.Open(entity.SchemaPath())',
          '\t\tif err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\tdocument, err := jsonschema.UnmarshalJSON(file)',
          '\t\tfile.Close()',
          '\t\tif err != nil {',
          '\t\t\treturn nil, fmt.Errorf("%s: %w", entity.SchemaPath(), err)',
          '\t\t}',
          '\t\tif err := compiler.AddResource(entity.SchemaPath(), document); err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\tschema, err := compiler.Compile(entity.SchemaPath())',
          '\t\tif err != nil {',
          '\t\t\treturn nil, err',
          '\t\t}',
          '\t\tcodec.schemas[entity.Name] = schema',
          '\t}',
          '\treturn codec, nil',
          '}',
          '',
          '// Encode validates the row (a bad event fails at the source) and returns its JSON.',
          'func (c *Codec) Encode(entity Entity, row Row) ([]byte, error) {',
          '\tdata, err := json.Marshal(row)',
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
          '\tdocument, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))',
          '\tif err != nil {',
          '\t\treturn nil, err',
          '\t}',
          '\tif err := c.schemas[entity.Name].Validate(document); err != nil {',
          '\t\treturn nil, fmt.Errorf("%s: %w", entity.Topic, err)',
          '\t}',
          '\treturn data, nil',
          '}',
          '',
          '// Decode returns the canonical row of a payload, or a *DecodeError for a poison record.',
          'func (c *Codec) Decode(entity Entity, payload []byte) (Row, error) {',
          ...plainJson,
          '\tdocument, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))',
          '\tif err != nil {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: err}',
          '\t}',
          '\tif err := c.schemas[entity.Name].Validate(document); err != nil {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: err}',
          '\t}',
          '\tvalues, ok := document.(map[string]any)',
          '\tif !ok {',
          '\t\treturn nil, &DecodeError{Topic: entity.Topic, Cause: errors.New("expected a JSON object")}',
          '\t}',
          '\treturn CanonicalRow(entity, values)',
          '}',
        );
        break;
    }
  }
  return lines(
    'package clients',
    '',
    'import (',
    [...imports].sort().map((item) => `\t${item}`),
    third.size > 0 && [
      '',
      [...third]
        .sort((a, b) => a.replace(/^\w+ /, '').localeCompare(b.replace(/^\w+ /, '')))
        .map((item) => `\t${item}`),
    ],
    ')',
    '',
    "// DecodeError marks a payload that does not match its entity's schema: a poison record for the",
    '// dead-letter topic.',
    'type DecodeError struct {',
    '\tTopic string',
    '\tCause error',
    '}',
    '',
    'func (e *DecodeError) Error() string { return e.Topic + ": " + e.Cause.Error() }',
    '',
    'func (e *DecodeError) Unwrap() error { return e.Cause }',
    '',
    body,
  ).replace(/\n\n\n+/g, '\n\n');
}
