import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { brokerTitle } from '../../plan.js';

/** streaming/producers/produce_events.py: publishes the sample events, keyed by the entity key. */
export function pythonProducer(plan: StreamPlan): string {
  const title = brokerTitle(plan.streaming.broker);
  return lines(
    `"""Publishes the sample events of ${plan.model.title} to ${title}.`,
    '',
    "Each entity's rows (streaming/samples/<entity>.jsonl) go to its topic, keyed by the entity key so",
    'every version of one key lands on the same partition, in order. Entities captured by CDC are',
    'skipped: the source database is their producer.',
    '',
    'Usage: python -m streaming.producers.produce_events [--entity NAME ...]',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import json',
    'import logging',
    'import sys',
    body(plan),
  );
}

const common = dedent`

  log = logging.getLogger("produce_events")


  def read_samples(entity: Entity) -> list[Row]:
      with entity.sample_path.open(encoding="utf-8") as lines:
          return [json.loads(line) for line in lines if line.strip()]


  def selected_entities(argv: list[str] | None) -> list[Entity]:
      parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
      parser.add_argument("--entity", action="append", choices=sorted(BY_NAME), help="only these entities (repeatable)")
      arguments = parser.parse_args(argv)
      chosen = [BY_NAME[name] for name in arguments.entity] if arguments.entity else list(ENTITIES)
      return [entity for entity in chosen if entity.source == "producer"]
`;

const footer = dedent`


  if __name__ == "__main__":
      logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
      sys.exit(main())
`;

function body(plan: StreamPlan): string {
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return kafka();
    case 'kinesis':
      return kinesis();
    case 'pubsub':
      return pubsub();
    case 'pulsar':
      return pulsar();
  }
}

function kafka(): string {
  return lines(
    '',
    'from confluent_kafka import KafkaError, KafkaException, Message, Producer',
    '',
    'from streaming.clients.catalog import BY_NAME, ENTITIES, Entity',
    'from streaming.clients.codec import Codec',
    'from streaming.clients.settings import kafka_config, schema_registry_url',
    'from streaming.clients.values import Row, event_time_millis',
    common,
    dedent`


      class DeliveryTracker:
          """Counts delivery reports: a send is only done when the broker acknowledged it (acks=all)."""

          def __init__(self) -> None:
              self.delivered = 0
              self.failed = 0

          def __call__(self, error: KafkaError | None, message: Message) -> None:
              if error is not None:
                  self.failed += 1
                  log.error("delivery to %s failed: %s", message.topic(), error)
              else:
                  self.delivered += 1


      def publish(producer: Producer, codec: Codec, entity: Entity, tracker: DeliveryTracker) -> int:
          rows = read_samples(entity)
          for row in rows:
              key = str(row[entity.key])
              while True:
                  try:
                      producer.produce(
                          entity.topic,
                          key=key.encode("utf-8"),
                          value=codec.encode(entity, row),
                          # The record timestamp is the event time: windows and retention follow it.
                          timestamp=event_time_millis(row[entity.event_time]),
                          headers=[("event.producer", b"produce_events")],
                          on_delivery=tracker,
                      )
                      break
                  except BufferError:
                      # The local queue is full: serve delivery reports to make room, then retry.
                      producer.poll(1.0)
              producer.poll(0)
          return len(rows)


      def main(argv: list[str] | None = None) -> int:
          entities = selected_entities(argv)
          config = kafka_config("producer")
          is_transactional = "transactional.id" in config
          producer = Producer(config)
          codec = Codec(schema_registry_url())
          tracker = DeliveryTracker()
          if is_transactional:
              producer.init_transactions()
          for entity in entities:
              if is_transactional:
                  # One transaction per entity: its events become visible to read_committed consumers together.
                  producer.begin_transaction()
              try:
                  count = publish(producer, codec, entity, tracker)
                  if is_transactional:
                      producer.commit_transaction()
              except KafkaException as error:
                  if is_transactional and error.args and error.args[0].txn_requires_abort():
                      producer.abort_transaction()
                  raise
              log.info("%s: %d events sent to %s", entity.name, count, entity.topic)
          remaining = producer.flush(30)
          if remaining or tracker.failed:
              log.error("%d events not delivered", remaining + tracker.failed)
              return 1
          log.info("%d events delivered", tracker.delivered)
          return 0
    `,
    footer,
  );
}

function kinesis(): string {
  return lines(
    '',
    'from streaming.clients.catalog import BY_NAME, ENTITIES, Entity',
    'from streaming.clients.codec import Codec',
    'from streaming.clients.retry import with_retries',
    'from streaming.clients.settings import kinesis_client',
    'from streaming.clients.values import Row',
    common,
    dedent`

      # PutRecords takes at most 500 records per call.
      BATCH = 500


      class PartialFailure(Exception):
          """Some records of a PutRecords call were throttled or failed; they are retried."""


      def publish(client, codec: Codec, entity: Entity) -> int:  # noqa: ANN001 - boto3 client
          rows = read_samples(entity)
          records = [{"Data": codec.encode(entity, row), "PartitionKey": str(row[entity.key])} for row in rows]
          for start in range(0, len(records), BATCH):
              pending = records[start : start + BATCH]

              def put() -> None:
                  nonlocal pending
                  response = client.put_records(StreamName=entity.topic, Records=pending)
                  if response["FailedRecordCount"]:
                      # Keep only the failed records (in order) for the next attempt.
                      pending = [record for record, result in zip(pending, response["Records"]) if "ErrorCode" in result]
                      raise PartialFailure(f"{len(pending)} records failed on {entity.topic}")

              with_retries(put, describe=f"put_records to {entity.topic}", retry_on=(PartialFailure,))
          return len(records)


      def main(argv: list[str] | None = None) -> int:
          entities = selected_entities(argv)
          client = kinesis_client()
          codec = Codec()
          for entity in entities:
              count = publish(client, codec, entity)
              log.info("%s: %d events put to stream %s", entity.name, count, entity.topic)
          return 0
    `,
    footer,
  );
}

function pubsub(): string {
  return lines(
    '',
    'from google.cloud import pubsub_v1',
    '',
    'from streaming.clients.catalog import BY_NAME, ENTITIES, Entity',
    'from streaming.clients.codec import Codec',
    'from streaming.clients.settings import gcp_project',
    'from streaming.clients.values import Row',
    common,
    dedent`


      def publish(publisher: pubsub_v1.PublisherClient, project: str, codec: Codec, entity: Entity) -> int:
          topic_path = publisher.topic_path(project, entity.topic)
          futures = []
          rows = read_samples(entity)
          for row in rows:
              futures.append(
                  publisher.publish(
                      topic_path,
                      codec.encode(entity, row),
                      # The ordering key keeps the events of one key in order, like a Kafka key.
                      ordering_key=str(row[entity.key]),
                      event_time=str(row[entity.event_time]),
                      producer="produce_events",
                  )
              )
          for future in futures:
              future.result(timeout=60)
          return len(rows)


      def main(argv: list[str] | None = None) -> int:
          entities = selected_entities(argv)
          project = gcp_project()
          publisher = pubsub_v1.PublisherClient(publisher_options=pubsub_v1.types.PublisherOptions(enable_message_ordering=True))
          codec = Codec()
          for entity in entities:
              count = publish(publisher, project, codec, entity)
              log.info("%s: %d events published to %s", entity.name, count, entity.topic)
          return 0
    `,
    footer,
  );
}

function pulsar(): string {
  return lines(
    '',
    'import pulsar',
    '',
    'from streaming.clients.catalog import BY_NAME, ENTITIES, Entity',
    'from streaming.clients.codec import Codec',
    'from streaming.clients.settings import pulsar_client',
    'from streaming.clients.values import Row, event_time_millis',
    common,
    dedent`


      def publish(client: pulsar.Client, codec: Codec, entity: Entity) -> int:
          producer = client.create_producer(
              entity.topic,
              # A stable name lets the broker deduplicate retried sends by sequence id.
              producer_name=f"produce-events-{entity.name}",
              compression_type=pulsar.CompressionType.ZSTD,
              batching_enabled=True,
              # Batches per key, so Key_Shared consumers still get each key in order.
              batching_type=pulsar.BatchingType.KeyBased,
              send_timeout_millis=30000,
          )
          failures: list[str] = []

          def on_sent(result: pulsar.Result, _message_id: pulsar.MessageId) -> None:
              if result != pulsar.Result.Ok:
                  failures.append(str(result))

          rows = read_samples(entity)
          for row in rows:
              producer.send_async(
                  codec.encode(entity, row),
                  on_sent,
                  partition_key=str(row[entity.key]),
                  event_timestamp=event_time_millis(row[entity.event_time]),
                  properties={"producer": "produce_events"},
              )
          producer.flush()
          producer.close()
          if failures:
              raise RuntimeError(f"{len(failures)} sends to {entity.topic} failed: {failures[0]}")
          return len(rows)


      def main(argv: list[str] | None = None) -> int:
          entities = selected_entities(argv)
          client = pulsar_client()
          codec = Codec()
          try:
              for entity in entities:
                  count = publish(client, codec, entity)
                  log.info("%s: %d events sent to %s", entity.name, count, entity.topic)
          finally:
              client.close()
          return 0
    `,
    footer,
  );
}
