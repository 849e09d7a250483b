import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { brokerTitle } from '../../plan.js';
import { tabs } from './common.js';

function clientsImport(plan: StreamPlan): string {
  return `"${plan.goModule}/internal/clients"`;
}

function newCodec(plan: StreamPlan): string {
  return plan.isKafkaApi
    ? dedent`
        registryURL, err := clients.Required("SCHEMA_REGISTRY_URL")
        if err != nil {
          log.Fatal(err)
        }
        codec, err := clients.NewCodec(registryURL)
        if err != nil {
          log.Fatal(err)
        }
      `
    : dedent`
        codec, err := clients.NewCodec()
        if err != nil {
          log.Fatal(err)
        }
      `;
}

/** Indents a dedented block by one tab per level after the template indentation is gone. */
function nest(block: string, levels: number): string {
  return block
    .trimEnd()
    .split('\n')
    .map((line) => (line ? '  '.repeat(levels) + line : line))
    .join('\n');
}

export function goProducer(plan: StreamPlan): string {
  const doc = [
    `// Command produce-events publishes the sample events of ${plan.model.title} to ${brokerTitle(plan.streaming.broker)}:`,
    "// each entity's rows (samples/<entity>.jsonl) go to its topic, keyed by the entity key so every",
    '// version of one key lands on the same partition, in order. Entities captured by CDC are skipped.',
    '//',
    '// Usage: produce-events [-entity NAME]...',
  ];
  const flags = dedent`
    type names []string

    func (n *names) String() string {
      return strings.Join(*n, ",")
    }

    func (n *names) Set(value string) error {
      *n = append(*n, value)
      return nil
    }
  `;
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "flag"',
          '  "fmt"',
          '  "log"',
          '  "strings"',
          '',
          '  "github.com/confluentinc/confluent-kafka-go/v2/kafka"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          flags,
          '',
          'func main() {',
          '  var selected names',
          '  flag.Var(&selected, "entity", "only this entity (repeatable)")',
          '  flag.Parse()',
          '  entities, err := clients.SelectedEntities(selected)',
          '  if err != nil {',
          '    log.Fatal(err)',
          '  }',
          '  config, err := clients.KafkaConfig("producer")',
          '  if err != nil {',
          '    log.Fatal(err)',
          '  }',
          '  _, transactional := config["transactional.id"]',
          nest(newCodec(plan), 1),
          dedent`
              producer, err := kafka.NewProducer(&config)
              if err != nil {
                log.Fatal(err)
              }
              defer producer.Close()
              ctx := context.Background()
              if transactional {
                if err := producer.InitTransactions(ctx); err != nil {
                  log.Fatal(err)
                }
              }
              for _, entity := range entities {
                if err := publish(ctx, producer, codec, entity, transactional); err != nil {
                  log.Fatal(err)
                }
              }
            }

            func publish(ctx context.Context, producer *kafka.Producer, codec *clients.Codec, entity clients.Entity, transactional bool) error {
              rows, err := clients.ReadSamples(entity)
              if err != nil {
                return err
              }
              if transactional {
                // One transaction per entity: its events become visible to read_committed consumers together.
                if err := producer.BeginTransaction(); err != nil {
                  return err
                }
              }
              deliveries := make(chan kafka.Event, len(rows))
              topic := entity.Topic
              for _, row := range rows {
                value, err := codec.Encode(entity, row)
                if err != nil {
                  return err
                }
                // The record timestamp is the event time: windows and retention follow it.
                timestamp, err := clients.EventTime(row[entity.EventTime])
                if err != nil {
                  return err
                }
                message := &kafka.Message{
                  TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny},
                  Key:            []byte(fmt.Sprint(row[entity.Key])),
                  Value:          value,
                  Timestamp:      timestamp,
                  Headers:        []kafka.Header{{Key: "event.producer", Value: []byte("produce-events")}},
                }
                if err := producer.Produce(message, deliveries); err != nil {
                  return err
                }
              }
              for range rows {
                // A delivery report per event: acks=all reached, or the error.
                if report, ok := (<-deliveries).(*kafka.Message); ok && report.TopicPartition.Error != nil {
                  if transactional {
                    _ = producer.AbortTransaction(ctx)
                  }
                  return report.TopicPartition.Error
                }
              }
              if transactional {
                if err := producer.CommitTransaction(ctx); err != nil {
                  return err
                }
              }
              log.Printf("%s: %d events sent to %s", entity.Name, len(rows), entity.Topic)
              return nil
            }
          `,
        ),
      );
    case 'kinesis':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "flag"',
          '  "fmt"',
          '  "log"',
          '  "strings"',
          '',
          '  "github.com/aws/aws-sdk-go-v2/aws"',
          '  "github.com/aws/aws-sdk-go-v2/service/kinesis"',
          '  "github.com/aws/aws-sdk-go-v2/service/kinesis/types"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          '// batch is the most records one PutRecords call takes.',
          'const batch = 500',
          '',
          flags,
          '',
          'func main() {',
          '  var selected names',
          '  flag.Var(&selected, "entity", "only this entity (repeatable)")',
          '  flag.Parse()',
          '  entities, err := clients.SelectedEntities(selected)',
          '  if err != nil {',
          '    log.Fatal(err)',
          '  }',
          nest(newCodec(plan), 1),
          dedent`
              ctx := context.Background()
              client, err := clients.KinesisClient(ctx)
              if err != nil {
                log.Fatal(err)
              }
              for _, entity := range entities {
                rows, err := clients.ReadSamples(entity)
                if err != nil {
                  log.Fatal(err)
                }
                records := make([]types.PutRecordsRequestEntry, 0, len(rows))
                for _, row := range rows {
                  data, err := codec.Encode(entity, row)
                  if err != nil {
                    log.Fatal(err)
                  }
                  records = append(records, types.PutRecordsRequestEntry{Data: data, PartitionKey: aws.String(fmt.Sprint(row[entity.Key]))})
                }
                for start := 0; start < len(records); start += batch {
                  pending := records[start:min(start+batch, len(records))]
                  err := clients.WithRetries(ctx, "put_records to "+entity.Topic, func(err error) bool { return strings.HasPrefix(err.Error(), "partial failure") }, func() error {
                    response, err := client.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String(entity.Topic), Records: pending})
                    if err != nil {
                      return err
                    }
                    if aws.ToInt32(response.FailedRecordCount) > 0 {
                      // Keep only the failed records (in order) for the next attempt.
                      var failed []types.PutRecordsRequestEntry
                      for index, result := range response.Records {
                        if result.ErrorCode != nil {
                          failed = append(failed, pending[index])
                        }
                      }
                      pending = failed
                      return fmt.Errorf("partial failure: %d records failed on %s", len(failed), entity.Topic)
                    }
                    return nil
                  })
                  if err != nil {
                    log.Fatal(err)
                  }
                }
                log.Printf("%s: %d events put to stream %s", entity.Name, len(records), entity.Topic)
              }
            }
          `,
        ),
      );
    case 'pubsub':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "flag"',
          '  "fmt"',
          '  "log"',
          '  "strings"',
          '',
          '  "cloud.google.com/go/pubsub"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          flags,
          '',
          'func main() {',
          '  var selected names',
          '  flag.Var(&selected, "entity", "only this entity (repeatable)")',
          '  flag.Parse()',
          '  entities, err := clients.SelectedEntities(selected)',
          '  if err != nil {',
          '    log.Fatal(err)',
          '  }',
          nest(newCodec(plan), 1),
          dedent`
              project, err := clients.Required("GCP_PROJECT_ID")
              if err != nil {
                log.Fatal(err)
              }
              ctx := context.Background()
              // The client reads PUBSUB_EMULATOR_HOST itself and then talks to the local emulator.
              client, err := pubsub.NewClient(ctx, project)
              if err != nil {
                log.Fatal(err)
              }
              defer client.Close()
              for _, entity := range entities {
                topic := client.Topic(entity.Topic)
                // Ordering keys keep the events of one key in order, like a Kafka key.
                topic.EnableMessageOrdering = true
                rows, err := clients.ReadSamples(entity)
                if err != nil {
                  log.Fatal(err)
                }
                results := make([]*pubsub.PublishResult, 0, len(rows))
                for _, row := range rows {
                  data, err := codec.Encode(entity, row)
                  if err != nil {
                    log.Fatal(err)
                  }
                  results = append(results, topic.Publish(ctx, &pubsub.Message{
                    Data:        data,
                    OrderingKey: fmt.Sprint(row[entity.Key]),
                    Attributes:  map[string]string{"event_time": fmt.Sprint(row[entity.EventTime]), "producer": "produce-events"},
                  }))
                }
                for _, result := range results {
                  if _, err := result.Get(ctx); err != nil {
                    log.Fatal(err)
                  }
                }
                topic.Stop()
                log.Printf("%s: %d events published to %s", entity.Name, len(rows), entity.Topic)
              }
            }
          `,
        ),
      );
    case 'pulsar':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "flag"',
          '  "fmt"',
          '  "log"',
          '  "strings"',
          '  "sync"',
          '',
          '  "github.com/apache/pulsar-client-go/pulsar"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          flags,
          '',
          'func main() {',
          '  var selected names',
          '  flag.Var(&selected, "entity", "only this entity (repeatable)")',
          '  flag.Parse()',
          '  entities, err := clients.SelectedEntities(selected)',
          '  if err != nil {',
          '    log.Fatal(err)',
          '  }',
          nest(newCodec(plan), 1),
          dedent`
              client, err := clients.PulsarClient()
              if err != nil {
                log.Fatal(err)
              }
              defer client.Close()
              ctx := context.Background()
              for _, entity := range entities {
                producer, err := client.CreateProducer(pulsar.ProducerOptions{
                  Topic: entity.Topic,
                  // A stable name lets the broker deduplicate retried sends by sequence id.
                  Name:            "produce-events-" + entity.Name,
                  CompressionType: pulsar.ZSTD,
                  // Batches per key, so Key_Shared consumers still get each key in order.
                  BatcherBuilderType: pulsar.KeyBasedBatchBuilder,
                })
                if err != nil {
                  log.Fatal(err)
                }
                rows, err := clients.ReadSamples(entity)
                if err != nil {
                  log.Fatal(err)
                }
                var wait sync.WaitGroup
                var failure error
                var lock sync.Mutex
                for _, row := range rows {
                  payload, err := codec.Encode(entity, row)
                  if err != nil {
                    log.Fatal(err)
                  }
                  eventTime, err := clients.EventTime(row[entity.EventTime])
                  if err != nil {
                    log.Fatal(err)
                  }
                  wait.Add(1)
                  producer.SendAsync(ctx, &pulsar.ProducerMessage{
                    Payload:    payload,
                    Key:        fmt.Sprint(row[entity.Key]),
                    EventTime:  eventTime,
                    Properties: map[string]string{"producer": "produce-events"},
                  }, func(_ pulsar.MessageID, _ *pulsar.ProducerMessage, err error) {
                    defer wait.Done()
                    if err != nil {
                      lock.Lock()
                      failure = err
                      lock.Unlock()
                    }
                  })
                }
                if err := producer.Flush(); err != nil {
                  log.Fatal(err)
                }
                wait.Wait()
                producer.Close()
                if failure != nil {
                  log.Fatal(failure)
                }
                log.Printf("%s: %d events sent to %s", entity.Name, len(rows), entity.Topic)
              }
            }
          `,
        ),
      );
  }
}

export function goConsumer(plan: StreamPlan): string {
  const doc = [
    `// Command load-events is the raw loader of ${plan.model.title}: ${brokerTitle(plan.streaming.broker)} → DuckDB raw tables.`,
    '// Per batch: decode each record (a record that does not match its schema goes to the dead-letter topic',
    '// with the error), load the batch in one transaction with bounded retries (a rejected batch is loaded',
    '// record by record so only the bad records are dead-lettered), then acknowledge. Nothing is',
    '// acknowledged before it is in the warehouse, and loading is idempotent: a crash only causes a',
    '// harmless redelivery.',
  ];
  const setup = (extra: string) =>
    nest(
      dedent`
        ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
        defer stop()
        path, err := clients.Required("DUCKDB_PATH")
        if err != nil {
          log.Fatal(err)
        }
        loader := clients.RawLoader{Path: path}
        if err := loader.EnsureTables(ctx); err != nil {
          log.Fatal(err)
        }
        ${extra}
      `,
      1,
    );
  const hasCdc = plan.cdcEntities.length > 0;
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "errors"',
          '  "log"',
          '  "os"',
          '  "os/signal"',
          '  "strconv"',
          '  "syscall"',
          '  "time"',
          '',
          '  "github.com/confluentinc/confluent-kafka-go/v2/kafka"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          'func main() {',
          setup(''),
          nest(newCodec(plan), 1),
          dedent`
              config, err := clients.KafkaConfig("consumer")
              if err != nil {
                log.Fatal(err)
              }
              consumer, err := kafka.NewConsumer(&config)
              if err != nil {
                log.Fatal(err)
              }
              defer consumer.Close()
              producerConfig, err := clients.KafkaConfig("producer")
              if err != nil {
                log.Fatal(err)
              }
              // Dead letters are written outside the producers' transactions.
              delete(producerConfig, "transactional.id")
              delete(producerConfig, "transaction.timeout.ms")
              deadLetters, err := kafka.NewProducer(&producerConfig)
              if err != nil {
                log.Fatal(err)
              }
              defer deadLetters.Close()
              topics := make([]string, 0, len(clients.Entities))
              for _, entity := range clients.Entities {
                topics = append(topics, entity.Topic)
              }
              waitForTopics(ctx, consumer, topics)
              if err := consumer.SubscribeTopics(topics, nil); err != nil {
                log.Fatal(err)
              }
              deadLetter := func(_ context.Context, message *kafka.Message, cause error, attempts int) error {
                entity, _ := clients.ByTopic(*message.TopicPartition.Topic)
                headers := append([]kafka.Header{}, message.Headers...)
                for name, value := range clients.ErrorDetails(cause, attempts) {
                  headers = append(headers, kafka.Header{Key: name, Value: []byte(value)})
                }
                headers = append(headers,
                  kafka.Header{Key: "dlq.original.topic", Value: []byte(*message.TopicPartition.Topic)},
                  kafka.Header{Key: "dlq.original.partition", Value: []byte(strconv.Itoa(int(message.TopicPartition.Partition)))},
                  kafka.Header{Key: "dlq.original.offset", Value: []byte(message.TopicPartition.Offset.String())})
                topic := entity.DeadLetterTopic
                log.Printf("dead-lettered %s: %v", message.TopicPartition, cause)
                return deadLetters.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &topic, Partition: kafka.PartitionAny}, Key: message.Key, Value: message.Value, Headers: headers}, nil)
              }
              log.Printf("loading %d topics into %s", len(topics), path)
              for ctx.Err() == nil {
                clients.Heartbeat()
                batch := poll(consumer)
                if len(batch) == 0 {
                  continue
                }
                var pending []clients.Pending[*kafka.Message]
                for _, message := range batch {
                  item, err := toItem(codec, message)
                  var decodeError *clients.DecodeError
                  if errors.As(err, &decodeError) {
                    if err := deadLetter(ctx, message, err, 1); err != nil {
                      log.Fatal(err)
                    }
                    continue
                  }
                  if err != nil {
                    log.Fatal(err)
                  }
                  pending = append(pending, clients.Pending[*kafka.Message]{Record: message, Item: item})
                }
                if err := clients.LoadBatch(ctx, loader, pending, deadLetter); err != nil {
                  log.Fatal(err)
                }
                // Dead letters are durable before the source offsets move.
                if remaining := deadLetters.Flush(30_000); remaining > 0 {
                  log.Fatalf("%d dead letters not delivered", remaining)
                }
                if _, err := consumer.Commit(); err != nil {
                  var kafkaError kafka.Error
                  if !errors.As(err, &kafkaError) || kafkaError.Code() != kafka.ErrNoOffset {
                    log.Fatal(err)
                  }
                }
              }
            }

            // poll collects up to one batch of messages, waiting at most a second for the first.
            func poll(consumer *kafka.Consumer) []*kafka.Message {
              var batch []*kafka.Message
              timeout := 1000
              for len(batch) < clients.BatchSize {
                switch event := consumer.Poll(timeout).(type) {
                case *kafka.Message:
                  batch = append(batch, event)
                  timeout = 0
                case kafka.Error:
                  if event.IsFatal() {
                    log.Fatal(event)
                  }
                  log.Printf("kafka: %v", event)
                  return batch
                case nil:
                  return batch
                }
              }
              return batch
            }

            func waitForTopics(ctx context.Context, consumer *kafka.Consumer, topics []string) {
              for ctx.Err() == nil {
                clients.Heartbeat()
                metadata, err := consumer.GetMetadata(nil, true, 10_000)
                missing := []string{}
                for _, topic := range topics {
                  if err != nil || metadata.Topics[topic].Error.Code() != kafka.ErrNoError {
                    missing = append(missing, topic)
                  }
                }
                if len(missing) == 0 {
                  return
                }
                log.Printf("waiting for topics (run make topics): %v", missing)
                select {
                case <-ctx.Done():
                case <-time.After(5 * time.Second):
                }
              }
            }

            func header(message *kafka.Message, name string) string {
              for _, header := range message.Headers {
                if header.Key == name {
                  return string(header.Value)
                }
              }
              return ""
            }

            func toItem(codec *clients.Codec, message *kafka.Message) (clients.LoadItem, error) {
              entity, ok := clients.ByTopic(*message.TopicPartition.Topic)
              if !ok {
                return clients.LoadItem{}, &clients.DecodeError{Topic: *message.TopicPartition.Topic, Cause: errors.New("unknown topic")}
              }
              key := string(message.Key)
              metadata := map[string]any{
                "source_topic":     entity.Topic,
                "source_partition": int64(message.TopicPartition.Partition),
                "source_offset":    int64(message.TopicPartition.Offset),
              }
          `,
          hasCdc
            ? nest(
                dedent`
                  if entity.Source == "cdc" {
                    // Debezium's ExtractNewRecordState adds the operation and commit time as headers.
                    metadata["cdc_operation"] = header(message, "__op")
                    if millis, err := strconv.ParseInt(header(message, "__source_ts_ms"), 10, 64); err == nil {
                      metadata["cdc_committed_at"] = time.UnixMilli(millis).UTC().Format(time.RFC3339Nano)
                    }
                  }
                  if message.Value == nil {
                    if entity.Tombstone == "" {
                      return clients.LoadItem{}, &clients.DecodeError{Topic: entity.Topic, Cause: errors.New("unexpected tombstone for key " + key)}
                    }
                    if metadata["cdc_committed_at"] == nil {
                      metadata["cdc_committed_at"] = time.Now().UTC().Format(time.RFC3339Nano)
                    }
                    return clients.LoadItem{Entity: entity, Key: key, Metadata: metadata}, nil
                  }
                `,
                1,
              )
            : nest(
                dedent`
                  if message.Value == nil {
                    return clients.LoadItem{}, &clients.DecodeError{Topic: entity.Topic, Cause: errors.New("unexpected tombstone for key " + key)}
                  }
                `,
                1,
              ),
          '  row, err := codec.Decode(entity, message.Value)',
          '  if err != nil {',
          '    return clients.LoadItem{}, err',
          '  }',
          '  return clients.LoadItem{Entity: entity, Row: row, Key: key, Metadata: metadata}, nil',
          '}',
        ),
      );
    case 'kinesis':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "encoding/base64"',
          '  "encoding/json"',
          '  "errors"',
          '  "log"',
          '  "os"',
          '  "os/signal"',
          '  "strconv"',
          '  "strings"',
          '  "syscall"',
          '  "time"',
          '',
          '  "github.com/aws/aws-sdk-go-v2/aws"',
          '  "github.com/aws/aws-sdk-go-v2/service/kinesis"',
          '  "github.com/aws/aws-sdk-go-v2/service/kinesis/types"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          dedent`
            const (
              // GetRecords allows 5 calls per second per shard; poll each shard at most this often.
              pollInterval = time.Second
              // Resharding creates new shards: look for them this often.
              shardRefresh = time.Minute
            )

            // shardReader is one shard of one stream, resumed from the checkpoint stored with the loaded rows.
            type shardReader struct {
              entity   clients.Entity
              shardID  string
              iterator *string
            }

            type received struct {
              reader *shardReader
              record types.Record
            }
          `,
          '',
          'func main() {',
          setup(''),
          nest(newCodec(plan), 1),
          dedent`
              client, err := clients.KinesisClient(ctx)
              if err != nil {
                log.Fatal(err)
              }
              // Kinesis records have no headers: the dead letter is a JSON envelope with the original bytes.
              deadLetter := func(ctx context.Context, item received, cause error, attempts int) error {
                envelope := map[string]any{}
                for name, value := range clients.ErrorDetails(cause, attempts) {
                  envelope[name] = value
                }
                envelope["dlq.original.stream"] = item.reader.entity.Topic
                envelope["dlq.original.shard"] = item.reader.shardID
                envelope["dlq.original.sequence_number"] = aws.ToString(item.record.SequenceNumber)
                envelope["partition_key"] = aws.ToString(item.record.PartitionKey)
                envelope["data_base64"] = base64.StdEncoding.EncodeToString(item.record.Data)
                data, err := json.Marshal(envelope)
                if err != nil {
                  return err
                }
                log.Printf("dead-lettered %s/%s %s: %v", item.reader.entity.Topic, item.reader.shardID, aws.ToString(item.record.SequenceNumber), cause)
                return clients.WithRetries(ctx, "dead-lettering to "+item.reader.entity.DeadLetterTopic, func(error) bool { return true }, func() error {
                  _, err := client.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String(item.reader.entity.DeadLetterTopic), PartitionKey: item.record.PartitionKey, Data: data})
                  return err
                })
              }
              readers := map[string]*shardReader{}
              var refreshedAt time.Time
              log.Printf("loading %d streams into %s", len(clients.Entities), path)
              for ctx.Err() == nil {
                clients.Heartbeat()
                started := time.Now()
                if started.Sub(refreshedAt) > shardRefresh {
                  for _, entity := range clients.Entities {
                    shards, err := listShards(ctx, client, entity.Topic)
                    var missing *types.ResourceNotFoundException
                    if errors.As(err, &missing) {
                      log.Printf("waiting for stream %s (run make topics)", entity.Topic)
                      continue
                    }
                    if err != nil {
                      log.Fatal(err)
                    }
                    for _, shardID := range shards {
                      if _, known := readers[entity.Topic+"/"+shardID]; !known {
                        reader := &shardReader{entity: entity, shardID: shardID}
                        if reader.iterator, err = iterator(ctx, client, loader, reader); err != nil {
                          log.Fatal(err)
                        }
                        readers[entity.Topic+"/"+shardID] = reader
                      }
                    }
                  }
                  refreshedAt = started
                }
                for _, reader := range readers {
                  if reader.iterator != nil && ctx.Err() == nil {
                    if err := readShard(ctx, client, reader, codec, loader, deadLetter); err != nil {
                      log.Fatal(err)
                    }
                  }
                }
                select {
                case <-ctx.Done():
                case <-time.After(time.Until(started.Add(pollInterval))):
                }
              }
            }

            func iterator(ctx context.Context, client *kinesis.Client, loader clients.RawLoader, reader *shardReader) (*string, error) {
              after, err := loader.Checkpoint(ctx, reader.entity.Topic, reader.shardID)
              if err != nil {
                return nil, err
              }
              input := &kinesis.GetShardIteratorInput{StreamName: aws.String(reader.entity.Topic), ShardId: aws.String(reader.shardID), ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
              if after != "" {
                input.ShardIteratorType = types.ShardIteratorTypeAfterSequenceNumber
                input.StartingSequenceNumber = aws.String(after)
              }
              output, err := client.GetShardIterator(ctx, input)
              if err != nil {
                return nil, err
              }
              return output.ShardIterator, nil
            }

            func listShards(ctx context.Context, client *kinesis.Client, stream string) ([]string, error) {
              var shards []string
              input := &kinesis.ListShardsInput{StreamName: aws.String(stream)}
              for {
                output, err := client.ListShards(ctx, input)
                if err != nil {
                  return nil, err
                }
                for _, shard := range output.Shards {
                  shards = append(shards, aws.ToString(shard.ShardId))
                }
                if output.NextToken == nil {
                  return shards, nil
                }
                input = &kinesis.ListShardsInput{NextToken: output.NextToken}
              }
            }

            func readShard(ctx context.Context, client *kinesis.Client, reader *shardReader, codec *clients.Codec, loader clients.RawLoader, deadLetter clients.DeadLetter[received]) error {
              var output *kinesis.GetRecordsOutput
              throttled := func(err error) bool {
                var exceeded *types.ProvisionedThroughputExceededException
                return errors.As(err, &exceeded)
              }
              err := clients.WithRetries(ctx, "get_records "+reader.entity.Topic+"/"+reader.shardID, throttled, func() error {
                var err error
                output, err = client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: reader.iterator, Limit: aws.Int32(clients.BatchSize)})
                return err
              })
              var expired *types.ExpiredIteratorException
              if errors.As(err, &expired) {
                reader.iterator, err = iterator(ctx, client, loader, reader)
                return err
              }
              if err != nil {
                return err
              }
              var pending []clients.Pending[received]
              shardNumber, _ := strconv.Atoi(reader.shardID[strings.LastIndex(reader.shardID, "-")+1:])
              for _, record := range output.Records {
                item := received{reader: reader, record: record}
                row, err := codec.Decode(reader.entity, record.Data)
                var decodeError *clients.DecodeError
                if errors.As(err, &decodeError) {
                  if err := deadLetter(ctx, item, err, 1); err != nil {
                    return err
                  }
                  continue
                }
                if err != nil {
                  return err
                }
                metadata := map[string]any{"source_topic": reader.entity.Topic, "source_partition": int64(shardNumber), "source_offset": nil}
                pending = append(pending, clients.Pending[received]{Record: item, Item: clients.LoadItem{Entity: reader.entity, Row: row, Key: aws.ToString(record.PartitionKey), Metadata: metadata}})
              }
              if count := len(output.Records); count > 0 {
                checkpoint := &clients.Checkpoint{Stream: reader.entity.Topic, ShardID: reader.shardID, SequenceNumber: aws.ToString(output.Records[count-1].SequenceNumber)}
                if err := clients.LoadBatch(ctx, loader, pending, deadLetter, checkpoint); err != nil {
                  return err
                }
              }
              // Nil once a closed shard (after resharding) is fully read.
              reader.iterator = output.NextShardIterator
              return nil
            }
          `,
        ),
      );
    case 'pubsub':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "errors"',
          '  "log"',
          '  "os"',
          '  "os/signal"',
          '  "strconv"',
          '  "sync"',
          '  "syscall"',
          '  "time"',
          '',
          '  "cloud.google.com/go/pubsub"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          dedent`
            type received struct {
              entity  clients.Entity
              message *pubsub.Message
            }

            // inbox collects the messages of one subscription until the loop loads them.
            type inbox struct {
              lock     sync.Mutex
              messages []*pubsub.Message
            }

            func (i *inbox) take(limit int) []*pubsub.Message {
              i.lock.Lock()
              defer i.lock.Unlock()
              count := min(limit, len(i.messages))
              taken := i.messages[:count:count]
              i.messages = i.messages[count:]
              return taken
            }
          `,
          '',
          'func main() {',
          setup(''),
          nest(newCodec(plan), 1),
          dedent`
              project, err := clients.Required("GCP_PROJECT_ID")
              if err != nil {
                log.Fatal(err)
              }
              // The client reads PUBSUB_EMULATOR_HOST itself and then talks to the local emulator.
              client, err := pubsub.NewClient(ctx, project)
              if err != nil {
                log.Fatal(err)
              }
              defer client.Close()
              deadLetter := func(ctx context.Context, item received, cause error, attempts int) error {
                attributes := map[string]string{}
                for name, value := range item.message.Attributes {
                  attributes[name] = value
                }
                for name, value := range clients.ErrorDetails(cause, attempts) {
                  attributes[name] = value
                }
                attributes["dlq.original.subscription"] = item.entity.Subscription
                attributes["dlq.original.message_id"] = item.message.ID
                topic := client.Topic(item.entity.DeadLetterTopic)
                topic.EnableMessageOrdering = true
                // Awaited: the dead letter is stored before the original is acknowledged.
                _, err := topic.Publish(ctx, &pubsub.Message{Data: item.message.Data, OrderingKey: item.message.OrderingKey, Attributes: attributes}).Get(ctx)
                log.Printf("dead-lettered %s message %s: %v", item.entity.Subscription, item.message.ID, cause)
                return err
              }
              inboxes := map[string]*inbox{}
              for _, entity := range clients.Entities {
                box := &inbox{}
                inboxes[entity.Name] = box
                subscription := client.Subscription(entity.Subscription)
                subscription.ReceiveSettings.MaxOutstandingMessages = clients.BatchSize
                go func(entity clients.Entity) {
                  for ctx.Err() == nil {
                    err := subscription.Receive(ctx, func(_ context.Context, message *pubsub.Message) {
                      box.lock.Lock()
                      box.messages = append(box.messages, message)
                      box.lock.Unlock()
                    })
                    if err != nil && ctx.Err() == nil {
                      log.Printf("subscription %s: %v (run make topics if it does not exist)", entity.Subscription, err)
                      time.Sleep(5 * time.Second)
                    }
                  }
                }(entity)
              }
              log.Printf("loading %d subscriptions into %s", len(clients.Entities), path)
              for ctx.Err() == nil {
                clients.Heartbeat()
                for _, entity := range clients.Entities {
                  messages := inboxes[entity.Name].take(clients.BatchSize)
                  if len(messages) == 0 {
                    continue
                  }
                  var pending []clients.Pending[received]
                  for _, message := range messages {
                    item := received{entity: entity, message: message}
                    row, err := codec.Decode(entity, message.Data)
                    var decodeError *clients.DecodeError
                    if errors.As(err, &decodeError) {
                      if err := deadLetter(ctx, item, err, 1); err != nil {
                        log.Fatal(err)
                      }
                      continue
                    }
                    if err != nil {
                      log.Fatal(err)
                    }
                    var offset any
                    if id, err := strconv.ParseInt(message.ID, 10, 64); err == nil {
                      offset = id
                    }
                    metadata := map[string]any{"source_topic": entity.Topic, "source_partition": nil, "source_offset": offset}
                    pending = append(pending, clients.Pending[received]{Record: item, Item: clients.LoadItem{Entity: entity, Row: row, Key: message.OrderingKey, Metadata: metadata}})
                  }
                  if err := clients.LoadBatch(ctx, loader, pending, deadLetter); err != nil {
                    // Transient failure after the retries: Pub/Sub redelivers with the subscription's backoff.
                    for _, message := range messages {
                      message.Nack()
                    }
                    log.Fatal(err)
                  }
                  // Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                  for _, message := range messages {
                    message.Ack()
                  }
                }
                select {
                case <-ctx.Done():
                case <-time.After(time.Second):
                }
              }
            }
          `,
        ),
      );
    case 'pulsar':
      return tabs(
        lines(
          doc,
          'package main',
          '',
          'import (',
          '  "context"',
          '  "errors"',
          '  "log"',
          '  "os"',
          '  "os/signal"',
          '  "syscall"',
          '  "time"',
          '',
          '  "github.com/apache/pulsar-client-go/pulsar"',
          '',
          `  ${clientsImport(plan)}`,
          ')',
          '',
          dedent`
            // nackDelay: a negatively acknowledged message comes back after this; after MaxAttempts deliveries
            // the client moves it to the dead-letter topic on its own (a safety net for crashes mid-batch).
            const nackDelay = time.Minute

            type received struct {
              entity  clients.Entity
              message pulsar.Message
            }
          `,
          '',
          'func main() {',
          setup(''),
          nest(newCodec(plan), 1),
          dedent`
              client, err := clients.PulsarClient()
              if err != nil {
                log.Fatal(err)
              }
              defer client.Close()
              consumers := map[string]pulsar.Consumer{}
              deadLetters := map[string]pulsar.Producer{}
              for _, entity := range clients.Entities {
                consumer, err := client.Subscribe(pulsar.ConsumerOptions{
                  Topic:            entity.Topic,
                  SubscriptionName: clients.ConsumerGroup,
                  // Key_Shared: loaders scale out while each key stays with one loader, in order.
                  Type:                        pulsar.KeyShared,
                  SubscriptionInitialPosition: pulsar.SubscriptionPositionEarliest,
                  NackRedeliveryDelay:         nackDelay,
                  DLQ:                         &pulsar.DLQPolicy{MaxDeliveries: clients.MaxAttempts, DeadLetterTopic: entity.DeadLetterTopic},
                })
                if err != nil {
                  log.Fatalf("subscribing to %s (run make topics if it does not exist): %v", entity.Topic, err)
                }
                defer consumer.Close()
                consumers[entity.Name] = consumer
                producer, err := client.CreateProducer(pulsar.ProducerOptions{Topic: entity.DeadLetterTopic, Name: "raw-loader-dlq-" + entity.Name})
                if err != nil {
                  log.Fatal(err)
                }
                defer producer.Close()
                deadLetters[entity.Name] = producer
              }
              deadLetter := func(ctx context.Context, item received, cause error, attempts int) error {
                properties := map[string]string{}
                for name, value := range item.message.Properties() {
                  properties[name] = value
                }
                for name, value := range clients.ErrorDetails(cause, attempts) {
                  properties[name] = value
                }
                properties["dlq.original.topic"] = item.message.Topic()
                properties["dlq.original.message_id"] = item.message.ID().String()
                // Synchronous send: the dead letter is stored before the original is acknowledged.
                _, err := deadLetters[item.entity.Name].Send(ctx, &pulsar.ProducerMessage{Payload: item.message.Payload(), Key: item.message.Key(), Properties: properties})
                log.Printf("dead-lettered %s %s: %v", item.message.Topic(), item.message.ID(), cause)
                return err
              }
              log.Printf("loading %d topics into %s", len(clients.Entities), path)
              for ctx.Err() == nil {
                clients.Heartbeat()
                for _, entity := range clients.Entities {
                  consumer := consumers[entity.Name]
                  messages := receive(ctx, consumer)
                  if len(messages) == 0 {
                    continue
                  }
                  var pending []clients.Pending[received]
                  for _, message := range messages {
                    item := received{entity: entity, message: message}
                    row, err := codec.Decode(entity, message.Payload())
                    var decodeError *clients.DecodeError
                    if errors.As(err, &decodeError) {
                      if err := deadLetter(ctx, item, err, 1); err != nil {
                        log.Fatal(err)
                      }
                      continue
                    }
                    if err != nil {
                      log.Fatal(err)
                    }
                    metadata := map[string]any{"source_topic": entity.Topic, "source_partition": nil, "source_offset": nil}
                    pending = append(pending, clients.Pending[received]{Record: item, Item: clients.LoadItem{Entity: entity, Row: row, Key: message.Key(), Metadata: metadata}})
                  }
                  if err := clients.LoadBatch(ctx, loader, pending, deadLetter); err != nil {
                    // Transient failure after the retries: let Pulsar redeliver later.
                    for _, message := range messages {
                      consumer.Nack(message)
                    }
                    log.Fatal(err)
                  }
                  // Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                  for _, message := range messages {
                    if err := consumer.Ack(message); err != nil {
                      log.Fatal(err)
                    }
                  }
                }
              }
            }

            // receive collects up to one batch, waiting at most a second.
            func receive(ctx context.Context, consumer pulsar.Consumer) []pulsar.Message {
              wait, cancel := context.WithTimeout(ctx, time.Second)
              defer cancel()
              var messages []pulsar.Message
              for len(messages) < clients.BatchSize {
                message, err := consumer.Receive(wait)
                if err != nil {
                  return messages
                }
                messages = append(messages, message)
              }
              return messages
            }
          `,
        ),
      );
  }
}
