import { cString, dedent, lines } from '../../../shared/text.js';
import {
  LOADER_STATE_SCHEMA,
  loaderMetadataParameters,
  loaderStatements,
} from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { goProtoPackage } from '../../schemas/index.js';
import { chunks, clientEntities, LOADER } from '../shared.js';

/** Go sources are indented with tabs (gofmt). */
export function tabs(text: string): string {
  return text.replace(/^( {2})+/gm, (match) => '\t'.repeat(match.length / 2));
}

function goLong(value: string, indent: string): string {
  const parts = chunks(value, 80);
  if (parts.length === 1) return cString(value);
  return parts
    .map(
      (part, index) =>
        `${index === 0 ? '' : indent}${cString(part)}${index === parts.length - 1 ? '' : ' +'}`,
    )
    .join('\n');
}

export function goCatalog(plan: StreamPlan): string {
  const entities = clientEntities(plan);
  const metadata = loaderMetadataParameters(plan);
  return lines(
    `// Package clients holds what the producer and the raw loader of ${plan.model.title} share.`,
    '//',
    '// catalog.go is generated from the project model with the schemas next to it: producers, the raw',
    '// loader and the schema files read their names from here, so they cannot drift apart.',
    'package clients',
    '',
    'import "path/filepath"',
    '',
    "// ConsumerGroup is the raw loader's consumer group (subscription name).",
    `const ConsumerGroup = ${cString(plan.consumerGroup)}`,
    '',
    "// MetadataParameters are bound after the entity's columns, in order.",
    `var MetadataParameters = []string{${metadata.map((name) => cString(name)).join(', ')}}`,
    '',
    '// Field is a column of an entity with its logical type.',
    'type Field struct {',
    '\tName     string',
    '\tType     string',
    '\tNullable bool',
    '}',
    '',
    '// Entity is an entity, its topic and its loader statements. Source is "producer" (published by the',
    '// producers) or "cdc" (captured by Debezium); WireFormat is avro, protobuf, json-schema, or json',
    '// (Debezium Server without a registry).',
    'type Entity struct {',
    '\tName            string',
    '\tRecord          string',
    '\tTopic           string',
    '\tDeadLetterTopic string',
    '\tSubscription    string',
    '\tKey             string',
    '\tEventTime       string',
    '\tChangelog       bool',
    '\tSource          string',
    '\tWireFormat      string',
    '\tSchemaFile      string',
    '\tFields          []Field',
    '\tCreateTable     string',
    '\tUpsert          string',
    '\tTombstone       string',
    '}',
    '',
    '// SchemaPath is relative to the streaming folder (the working directory).',
    'func (e Entity) SchemaPath() string { return filepath.Join("schemas", e.SchemaFile) }',
    '',
    '// SamplePath is relative to the streaming folder (the working directory).',
    'func (e Entity) SamplePath() string { return filepath.Join("samples", e.Name+".jsonl") }',
    '',
    '// Entities of the project, in the order the model lists them.',
    'var Entities = []Entity{',
    entities.map((client) => {
      const statements = loaderStatements(plan, client.item);
      const entity = client.item.entity;
      return [
        '\t{',
        `\t\tName:            ${cString(entity.name)},`,
        `\t\tRecord:          ${cString(client.item.record)},`,
        `\t\tTopic:           ${cString(client.topic)},`,
        `\t\tDeadLetterTopic: ${cString(client.deadLetterTopic)},`,
        `\t\tSubscription:    ${cString(client.subscription)},`,
        `\t\tKey:             ${cString(entity.key.name)},`,
        `\t\tEventTime:       ${cString(entity.eventTime.name)},`,
        `\t\tChangelog:       ${client.item.topic.isCompacted ? 'true' : 'false'},`,
        `\t\tSource:          ${cString(client.item.source)},`,
        `\t\tWireFormat:      ${cString(client.wireFormat)},`,
        `\t\tSchemaFile:      ${cString(client.item.schemaFile)},`,
        '\t\tFields: []Field{',
        entity.columns.map(
          (column) =>
            `\t\t\t{${cString(column.name)}, ${cString(column.type)}, ${column.isNullable ? 'true' : 'false'}},`,
        ),
        '\t\t},',
        `\t\tCreateTable: ${goLong(statements.createTable, '\t\t\t')},`,
        `\t\tUpsert: ${goLong(statements.upsert, '\t\t\t')},`,
        `\t\tTombstone: ${statements.tombstone ? goLong(statements.tombstone, '\t\t\t') : '""'},`,
        '\t},',
      ];
    }),
    '}',
    '',
    '// ByTopic finds the entity of a topic.',
    'func ByTopic(topic string) (Entity, bool) {',
    '\tfor _, entity := range Entities {',
    '\t\tif entity.Topic == topic {',
    '\t\t\treturn entity, true',
    '\t\t}',
    '\t}',
    '\treturn Entity{}, false',
    '}',
  );
}

export function goValues(): string {
  return tabs(dedent`
    package clients

    import (
      "encoding/json"
      "fmt"
      "math/big"
      "strconv"
      "strings"
      "time"
    )

    // Row is an event in its canonical form: strings for text, numbers for integers and doubles, decimals
    // as strings (exact), timestamps as RFC 3339 UTC strings, dates as ISO dates, nil when missing. It is
    // the JSON Schema wire format, the Protobuf JSON mapping, and what the DuckDB statements cast from.
    type Row map[string]any

    // TimestampLayout is RFC 3339 in UTC with the fraction only as long as needed (…:12Z, …:12.5Z):
    // the form every client language writes, so decoded events equal the sample files.
    const TimestampLayout = "2006-01-02T15:04:05.999999Z07:00"

    // ToCanonical turns any decoded representation (time.Time, epoch micros, *big.Rat…) into the
    // canonical one.
    func ToCanonical(kind string, value any) (any, error) {
      if value == nil {
        return nil, nil
      }
      switch kind {
      case "timestamp":
        switch v := value.(type) {
        case time.Time:
          return v.UTC().Format(TimestampLayout), nil
        case int64:
          return time.UnixMicro(v).UTC().Format(TimestampLayout), nil
        case float64:
          return time.UnixMicro(int64(v)).UTC().Format(TimestampLayout), nil
        default:
          parsed, err := time.Parse(time.RFC3339Nano, fmt.Sprint(v))
          if err != nil {
            return nil, err
          }
          return parsed.UTC().Format(TimestampLayout), nil
        }
      case "date":
        if v, ok := value.(time.Time); ok {
          return v.UTC().Format(time.DateOnly), nil
        }
        return fmt.Sprint(value), nil
      case "decimal":
        if v, ok := value.(*big.Rat); ok {
          return v.FloatString(2), nil
        }
        rat, ok := new(big.Rat).SetString(fmt.Sprint(value))
        if !ok {
          return nil, fmt.Errorf("not a decimal: %v", value)
        }
        return rat.FloatString(2), nil
      case "integer", "bigint":
        switch v := value.(type) {
        case int32:
          return int64(v), nil
        case int64:
          return v, nil
        case int:
          return int64(v), nil
        case float64:
          return int64(v), nil
        case json.Number:
          return v.Int64()
        default:
          return strconv.ParseInt(fmt.Sprint(v), 10, 64)
        }
      case "double":
        switch v := value.(type) {
        case float64:
          return v, nil
        case json.Number:
          return v.Float64()
        default:
          return strconv.ParseFloat(fmt.Sprint(v), 64)
        }
      case "boolean":
        if v, ok := value.(bool); ok {
          return v, nil
        }
        return strings.EqualFold(fmt.Sprint(value), "true"), nil
      default:
        return fmt.Sprint(value), nil
      }
    }

    // CanonicalRow keeps the entity's fields of a decoded record, in canonical form.
    func CanonicalRow(entity Entity, data map[string]any) (Row, error) {
      row := Row{}
      for _, field := range entity.Fields {
        value, err := ToCanonical(field.Type, data[field.Name])
        if err != nil {
          return nil, fmt.Errorf("%s.%s: %w", entity.Name, field.Name, err)
        }
        row[field.Name] = value
      }
      return row, nil
    }

    // ToAvro turns a canonical value into what the Avro encoder expects for its logical type.
    func ToAvro(kind string, value any) (any, error) {
      if value == nil {
        return nil, nil
      }
      switch kind {
      case "timestamp":
        return time.Parse(time.RFC3339Nano, fmt.Sprint(value))
      case "date":
        return time.Parse(time.DateOnly, fmt.Sprint(value))
      case "decimal":
        rat, ok := new(big.Rat).SetString(fmt.Sprint(value))
        if !ok {
          return nil, fmt.Errorf("not a decimal: %v", value)
        }
        return rat, nil
      case "integer":
        number, err := ToCanonical(kind, value)
        if err != nil {
          return nil, err
        }
        return int32(number.(int64)), nil
      case "bigint":
        return ToCanonical(kind, value)
      case "double":
        return ToCanonical(kind, value)
      default:
        return value, nil
      }
    }

    // EventTime parses a canonical timestamp: the broker record timestamp of an event.
    func EventTime(value any) (time.Time, error) {
      return time.Parse(time.RFC3339Nano, fmt.Sprint(value))
    }
  `);
}

export function goSettings(plan: StreamPlan): string {
  const broker = plan.streaming.broker;
  return lines(
    'package clients',
    '',
    'import (',
    plan.isKafkaApi && ['\t"bufio"'],
    broker === 'kinesis' && ['\t"context"'],
    '\t"fmt"',
    '\t"os"',
    plan.isKafkaApi && ['\t"path/filepath"'],
    '\t"strings"',
    broker === 'pulsar' && ['\t"time"'],
    plan.isKafkaApi && ['', '\t"github.com/confluentinc/confluent-kafka-go/v2/kafka"'],
    broker === 'kinesis' && [
      '',
      '\t"github.com/aws/aws-sdk-go-v2/aws"',
      '\t"github.com/aws/aws-sdk-go-v2/config"',
      '\t"github.com/aws/aws-sdk-go-v2/service/kinesis"',
    ],
    broker === 'pulsar' && ['', '\t"github.com/apache/pulsar-client-go/pulsar"'],
    ')',
    '',
    '// HeartbeatFile is touched on every loop of the loader; probes treat a stale file as a stuck process.',
    `const HeartbeatFile = ${cString(LOADER.heartbeatFile)}`,
    '',
    '// Required reads an environment variable (see .env.example); a missing one stops the client with its',
    '// name instead of connecting with a default that hides the mistake.',
    'func Required(name string) (string, error) {',
    '\tvalue := strings.TrimSpace(os.Getenv(name))',
    '\tif value == "" {',
    '\t\treturn "", fmt.Errorf("%s is not set: run `make env` and fill in .env (see .env.example)", name)',
    '\t}',
    '\treturn value, nil',
    '}',
    '',
    '// Optional reads an environment variable that may be empty.',
    'func Optional(name string) string { return strings.TrimSpace(os.Getenv(name)) }',
    plan.isKafkaApi && [
      '',
      '// KafkaConfig is config/<kind>.properties plus the connection from the environment.',
      'func KafkaConfig(kind string) (kafka.ConfigMap, error) {',
      '\tconfig := kafka.ConfigMap{}',
      '\tfile, err := os.Open(filepath.Join("config", kind+".properties"))',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tdefer file.Close()',
      '\tscanner := bufio.NewScanner(file)',
      '\tfor number := 1; scanner.Scan(); number++ {',
      '\t\tline := strings.TrimSpace(scanner.Text())',
      '\t\tif line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "!") {',
      '\t\t\tcontinue',
      '\t\t}',
      '\t\tkey, value, found := strings.Cut(line, "=")',
      '\t\tif !found {',
      '\t\t\treturn nil, fmt.Errorf("%s.properties:%d: expected key=value", kind, number)',
      '\t\t}',
      '\t\tconfig[strings.TrimSpace(key)] = strings.TrimSpace(value)',
      '\t}',
      '\tif err := scanner.Err(); err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tbootstrap, err := Required("KAFKA_BOOTSTRAP_SERVERS")',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tconfig["bootstrap.servers"] = bootstrap',
      '\tprotocol := Optional("KAFKA_SECURITY_PROTOCOL")',
      '\tif protocol == "" {',
      '\t\tprotocol = "PLAINTEXT"',
      '\t}',
      '\tconfig["security.protocol"] = protocol',
      '\tif strings.HasPrefix(protocol, "SASL") {',
      '\t\t// SCRAM over TLS in production; the credentials come from the secret store via the environment.',
      '\t\tusername, err := Required("KAFKA_SASL_USERNAME")',
      '\t\tif err != nil {',
      '\t\t\treturn nil, err',
      '\t\t}',
      '\t\tpassword, err := Required("KAFKA_SASL_PASSWORD")',
      '\t\tif err != nil {',
      '\t\t\treturn nil, err',
      '\t\t}',
      `\t\tconfig["sasl.mechanisms"] = ${cString(LOADER.saslMechanism)}`,
      '\t\tconfig["sasl.username"] = username',
      '\t\tconfig["sasl.password"] = password',
      '\t}',
      '\treturn config, nil',
      '}',
    ],
    broker === 'kinesis' && [
      '',
      '// KinesisClient is a Kinesis client for AWS_REGION; KINESIS_ENDPOINT_URL points it at LocalStack in',
      '// development (empty in AWS). Credentials come from the default chain.',
      'func KinesisClient(ctx context.Context) (*kinesis.Client, error) {',
      '\tregion, err := Required("AWS_REGION")',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tsettings, err := config.LoadDefaultConfig(ctx, config.WithRegion(region))',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\tendpoint := Optional("KINESIS_ENDPOINT_URL")',
      '\treturn kinesis.NewFromConfig(settings, func(options *kinesis.Options) {',
      '\t\tif endpoint != "" {',
      '\t\t\toptions.BaseEndpoint = aws.String(endpoint)',
      '\t\t}',
      '\t}), nil',
      '}',
    ],
    broker === 'pulsar' && [
      '',
      '// PulsarClient connects to PULSAR_SERVICE_URL; PULSAR_TOKEN authenticates in production (the',
      '// standalone broker ignores it).',
      'func PulsarClient() (pulsar.Client, error) {',
      '\turl, err := Required("PULSAR_SERVICE_URL")',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\toptions := pulsar.ClientOptions{URL: url, OperationTimeout: 30 * time.Second}',
      '\tif token := Optional("PULSAR_TOKEN"); token != "" {',
      '\t\toptions.Authentication = pulsar.NewAuthenticationToken(token)',
      '\t}',
      '\treturn pulsar.NewClient(options)',
      '}',
    ],
  );
}

export function goRetry(): string {
  return tabs(dedent`
    package clients

    import (
      "context"
      "log"
      "math"
      "math/rand/v2"
      "time"
    )

    // MaxAttempts bounds the retries: a poison record must not block its partition forever.
    const MaxAttempts = ${LOADER.maxAttempts}

    const (
      baseDelay = ${LOADER.baseDelaySeconds * 1000} * time.Millisecond
      maxDelay  = ${LOADER.maxDelaySeconds} * time.Second
    )

    // WithRetries runs operation, retrying errors isTransient accepts with bounded exponential backoff and
    // full jitter: attempt n waits a random time in [0, min(cap, base*2^(n-1))], so loaders retrying a
    // recovering warehouse spread out. The last error is returned.
    func WithRetries(ctx context.Context, description string, isTransient func(error) bool, operation func() error) error {
      for attempt := 1; ; attempt++ {
        err := operation()
        if err == nil || attempt >= MaxAttempts || !isTransient(err) {
          return err
        }
        limit := math.Min(float64(maxDelay), float64(baseDelay)*math.Pow(2, float64(attempt-1)))
        delay := time.Duration(rand.Float64() * limit)
        log.Printf("%s failed (attempt %d/%d): %v; retrying in %s", description, attempt, MaxAttempts, err, delay)
        select {
        case <-ctx.Done():
          return ctx.Err()
        case <-time.After(delay):
        }
      }
    }
  `);
}

export function goWarehouse(plan: StreamPlan): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    'package clients',
    '',
    'import (',
    '\t"context"',
    '\t"database/sql"',
    isKinesis && '\t"errors"',
    '\t"fmt"',
    '\t"os"',
    '\t"path/filepath"',
    '\t"strings"',
    '',
    '\t// The DuckDB driver registers itself with database/sql as "duckdb".',
    '\t_ "github.com/marcboeker/go-duckdb"',
    ')',
    '',
    '// LoadItem is one decoded event (or a tombstone when Row is nil) and where it came from.',
    'type LoadItem struct {',
    '\tEntity   Entity',
    '\tRow      Row',
    '\tKey      string',
    '\tMetadata map[string]any',
    '}',
    '',
    'func (item LoadItem) statement() (string, []any, error) {',
    '\tif item.Row == nil {',
    '\t\tif item.Entity.Tombstone == "" {',
    '\t\t\treturn "", nil, fmt.Errorf("%s does not accept tombstones", item.Entity.Topic)',
    '\t\t}',
    '\t\treturn item.Entity.Tombstone, []any{item.Metadata["cdc_committed_at"], item.Key}, nil',
    '\t}',
    '\tvalues := make([]any, 0, len(item.Entity.Fields)+len(MetadataParameters))',
    '\tfor _, field := range item.Entity.Fields {',
    '\t\tvalues = append(values, item.Row[field.Name])',
    '\t}',
    '\tfor _, name := range MetadataParameters {',
    '\t\tvalues = append(values, item.Metadata[name])',
    '\t}',
    '\treturn item.Entity.Upsert, values, nil',
    '}',
    isKinesis && [
      '',
      '// Checkpoint is the last Kinesis record of a shard that is safely in the warehouse.',
      'type Checkpoint struct {',
      '\tStream         string',
      '\tShardID        string',
      '\tSequenceNumber string',
      '}',
    ],
    '',
    '// RawLoader loads decoded events into the raw tables of the local DuckDB warehouse, idempotently:',
    '// facts insert with ON CONFLICT DO NOTHING, dimensions upsert only when the incoming version is at',
    '// least as new. One transaction per batch; the database is opened per batch because DuckDB allows one',
    '// writing process per file, so dbt and other tools can open it between batches.',
    'type RawLoader struct {',
    '\tPath string',
    '}',
    '',
    'func (loader RawLoader) open() (*sql.DB, error) {',
    '\tif err := os.MkdirAll(filepath.Dir(loader.Path), 0o755); err != nil {',
    '\t\treturn nil, err',
    '\t}',
    '\treturn sql.Open("duckdb", loader.Path)',
    '}',
    '',
    '// EnsureTables creates the raw tables when architecture/ddl has not (same definition: a no-op then).',
    'func (loader RawLoader) EnsureTables(ctx context.Context) error {',
    '\tdb, err := loader.open()',
    '\tif err != nil {',
    '\t\treturn err',
    '\t}',
    '\tdefer db.Close()',
    '\tstatements := []string{"CREATE SCHEMA IF NOT EXISTS raw"}',
    '\tfor _, entity := range Entities {',
    '\t\tstatements = append(statements, entity.CreateTable)',
    '\t}',
    isKinesis && [
      '\tstatements = append(statements,',
      `\t\t"CREATE SCHEMA IF NOT EXISTS ${LOADER_STATE_SCHEMA}",`,
      `\t\t"CREATE TABLE IF NOT EXISTS ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream VARCHAR NOT NULL, shard_id VARCHAR NOT NULL, "+`,
      '\t\t\t"sequence_number VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, PRIMARY KEY (stream, shard_id))")',
    ],
    '\tfor _, statement := range statements {',
    '\t\tif _, err := db.ExecContext(ctx, statement); err != nil {',
    '\t\t\treturn err',
    '\t\t}',
    '\t}',
    '\treturn nil',
    '}',
    isKinesis && [
      '',
      '// Checkpoint returns the stored position of a shard ("" when it has none).',
      'func (loader RawLoader) Checkpoint(ctx context.Context, stream, shardID string) (string, error) {',
      '\tdb, err := loader.open()',
      '\tif err != nil {',
      '\t\treturn "", err',
      '\t}',
      '\tdefer db.Close()',
      '\tvar sequence string',
      `\terr = db.QueryRowContext(ctx, "SELECT sequence_number FROM ${LOADER_STATE_SCHEMA}.kinesis_checkpoints WHERE stream = ? AND shard_id = ?", stream, shardID).Scan(&sequence)`,
      '\tif errors.Is(err, sql.ErrNoRows) {',
      '\t\treturn "", nil',
      '\t}',
      '\treturn sequence, err',
      '}',
    ],
    '',
    '// Load writes the items in one transaction: all of them land, or none.',
    `func (loader RawLoader) Load(ctx context.Context, items []LoadItem${isKinesis ? ', checkpoint *Checkpoint' : ''}) error {`,
    `\tif len(items) == 0${isKinesis ? ' && checkpoint == nil' : ''} {`,
    '\t\treturn nil',
    '\t}',
    '\tdb, err := loader.open()',
    '\tif err != nil {',
    '\t\treturn err',
    '\t}',
    '\tdefer db.Close()',
    '\ttx, err := db.BeginTx(ctx, nil)',
    '\tif err != nil {',
    '\t\treturn err',
    '\t}',
    '\tdefer tx.Rollback() //nolint:errcheck // a no-op after Commit',
    '\tfor _, item := range items {',
    '\t\tstatement, values, err := item.statement()',
    '\t\tif err != nil {',
    '\t\t\treturn err',
    '\t\t}',
    '\t\tif _, err := tx.ExecContext(ctx, statement, values...); err != nil {',
    '\t\t\treturn fmt.Errorf("%s %s: %w", item.Entity.Name, item.Key, err)',
    '\t\t}',
    '\t}',
    isKinesis && [
      '\tif checkpoint != nil {',
      '\t\t// The position commits with the rows: a crash can never skip or double-load a record.',
      '\t\t_, err := tx.ExecContext(ctx,',
      `\t\t\t"INSERT INTO ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream, shard_id, sequence_number) VALUES (?, ?, ?) "+`,
      '\t\t\t\t"ON CONFLICT (stream, shard_id) DO UPDATE SET sequence_number = EXCLUDED.sequence_number, updated_at = current_timestamp",',
      '\t\t\tcheckpoint.Stream, checkpoint.ShardID, checkpoint.SequenceNumber)',
      '\t\tif err != nil {',
      '\t\t\treturn err',
      '\t\t}',
      '\t}',
    ],
    '\treturn tx.Commit()',
    '}',
    '',
    '// IsTransient tells loading errors worth retrying: the file is locked by another process or I/O failed.',
    'func IsTransient(err error) bool {',
    '\tmessage := err.Error()',
    '\treturn strings.Contains(message, "IO Error") || strings.Contains(message, "Could not set lock") || strings.Contains(message, "TransactionContext")',
    '}',
  );
}

export function goSupport(plan: StreamPlan): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    'package clients',
    '',
    'import (',
    '\t"bufio"',
    '\t"context"',
    '\t"encoding/json"',
    '\t"fmt"',
    '\t"log"',
    '\t"os"',
    '\t"time"',
    ')',
    '',
    '// BatchSize is the most records loaded in one transaction.',
    `const BatchSize = ${LOADER.batchSize}`,
    '',
    '// DeadLetter sends a record that could not be decoded or loaded to its dead-letter topic.',
    'type DeadLetter[R any] func(ctx context.Context, record R, cause error, attempts int) error',
    '',
    '// Pending is a received record and what it decoded to.',
    'type Pending[R any] struct {',
    '\tRecord R',
    '\tItem   LoadItem',
    '}',
    '',
    '// Heartbeat touches the file the container and Kubernetes probes check.',
    'func Heartbeat() {',
    '\tnow := time.Now()',
    '\tif err := os.Chtimes(HeartbeatFile, now, now); err != nil {',
    '\t\tif file, createErr := os.Create(HeartbeatFile); createErr == nil {',
    '\t\t\tfile.Close()',
    '\t\t}',
    '\t}',
    '}',
    '',
    '// ErrorDetails is what a dead letter carries about its failure (the Kafka Connect header convention).',
    'func ErrorDetails(cause error, attempts int) map[string]string {',
    '\tmessage := cause.Error()',
    '\tif len(message) > 1000 {',
    '\t\tmessage = message[:1000]',
    '\t}',
    '\treturn map[string]string{',
    '\t\t"dlq.error.class":    fmt.Sprintf("%T", cause),',
    '\t\t"dlq.error.message":  message,',
    '\t\t"dlq.error.attempts": fmt.Sprint(attempts),',
    '\t\t"dlq.failed.at":      time.Now().UTC().Format(time.RFC3339Nano),',
    '\t}',
    '}',
    '',
    '// LoadBatch loads the batch in one transaction with bounded retries of transient errors; when the',
    '// batch is rejected (bad data), it loads record by record so only the bad records are dead-lettered.',
    `func LoadBatch[R any](ctx context.Context, loader RawLoader, batch []Pending[R], deadLetter DeadLetter[R]${isKinesis ? ', checkpoint *Checkpoint' : ''}) error {`,
    '\titems := make([]LoadItem, len(batch))',
    '\tfor index, pending := range batch {',
    '\t\titems[index] = pending.Item',
    '\t}',
    `\terr := WithRetries(ctx, fmt.Sprintf("loading %d rows", len(items)), IsTransient, func() error { return loader.Load(ctx, items${isKinesis ? ', checkpoint' : ''}) })`,
    '\tif err == nil || IsTransient(err) {',
    '\t\treturn err',
    '\t}',
    '\tlog.Printf("batch rejected (%v); loading record by record to isolate the bad ones", err)',
    '\tfor index, pending := range batch {',
    isKinesis
      ? [
          '\t\tvar position *Checkpoint',
          '\t\tif index == len(batch)-1 {',
          '\t\t\tposition = checkpoint',
          '\t\t}',
        ]
      : ['\t\t_ = index'],
    `\t\terr := WithRetries(ctx, "loading "+pending.Item.Entity.Name+" "+pending.Item.Key, IsTransient, func() error { return loader.Load(ctx, []LoadItem{pending.Item}${isKinesis ? ', position' : ''}) })`,
    '\t\tif err == nil {',
    '\t\t\tcontinue',
    '\t\t}',
    '\t\tif IsTransient(err) {',
    '\t\t\treturn err',
    '\t\t}',
    '\t\tif err := deadLetter(ctx, pending.Record, err, MaxAttempts); err != nil {',
    '\t\t\treturn err',
    '\t\t}',
    isKinesis && [
      '\t\tif position != nil {',
      '\t\t\tif err := loader.Load(ctx, nil, position); err != nil {',
      '\t\t\t\treturn err',
      '\t\t\t}',
      '\t\t}',
    ],
    '\t}',
    isKinesis && [
      '\tif len(batch) == 0 && checkpoint != nil {',
      '\t\treturn loader.Load(ctx, nil, checkpoint)',
      '\t}',
    ],
    '\treturn nil',
    '}',
    '',
    '// ReadSamples reads samples/<entity>.jsonl, one canonical row per line.',
    'func ReadSamples(entity Entity) ([]Row, error) {',
    '\tfile, err := os.Open(entity.SamplePath())',
    '\tif err != nil {',
    '\t\treturn nil, err',
    '\t}',
    '\tdefer file.Close()',
    '\tvar rows []Row',
    '\tscanner := bufio.NewScanner(file)',
    '\tfor scanner.Scan() {',
    '\t\tif len(scanner.Bytes()) == 0 {',
    '\t\t\tcontinue',
    '\t\t}',
    '\t\tvar row Row',
    '\t\tif err := json.Unmarshal(scanner.Bytes(), &row); err != nil {',
    '\t\t\treturn nil, fmt.Errorf("%s: %w", entity.SamplePath(), err)',
    '\t\t}',
    '\t\trows = append(rows, row)',
    '\t}',
    '\treturn rows, scanner.Err()',
    '}',
    '',
    '// SelectedEntities are the entities named with -entity NAME (repeatable), or all of them; entities',
    '// captured by CDC are skipped because the database produces them.',
    'func SelectedEntities(names []string) ([]Entity, error) {',
    '\tvar selected []Entity',
    '\tfor _, entity := range Entities {',
    '\t\twanted := len(names) == 0',
    '\t\tfor _, name := range names {',
    '\t\t\twanted = wanted || name == entity.Name',
    '\t\t}',
    '\t\tif wanted && entity.Source == "producer" {',
    '\t\t\tselected = append(selected, entity)',
    '\t\t}',
    '\t}',
    '\tfor _, name := range names {',
    '\t\tfound := false',
    '\t\tfor _, entity := range Entities {',
    '\t\t\tfound = found || entity.Name == name',
    '\t\t}',
    '\t\tif !found {',
    '\t\t\treturn nil, fmt.Errorf("unknown entity %s", name)',
    '\t\t}',
    '\t}',
    '\treturn selected, nil',
    '}',
  );
}

/** Go package of the generated Protobuf types, relative import. */
export function goProtoImport(plan: StreamPlan): string {
  return goProtoPackage(plan).path;
}
