import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { brokerTitle } from '../../plan.js';
import { LOADER } from '../shared.js';

/**
 * streaming/consumers/load_events.py: the raw loader. Reads every entity topic, decodes, loads
 * into DuckDB idempotently, commits (acks) only after the rows are in, retries transient failures
 * with bounded backoff and sends poison records to the dead-letter topic with the error attached.
 */
export function pythonConsumer(plan: StreamPlan): string {
  return lines(
    `"""The raw loader of ${plan.model.title}: ${brokerTitle(plan.streaming.broker)} → DuckDB raw tables.`,
    '',
    'For every batch: decode each record (a record that does not match its schema is a poison record:',
    'it goes to the dead-letter topic with the error attached), load the batch in one transaction with',
    'bounded retries (a batch that keeps failing is loaded record by record, so only the bad records',
    `are dead-lettered), then ${plan.isKafkaApi ? 'commit the offsets' : plan.streaming.broker === 'kinesis' ? 'checkpoint the shard position in the same transaction' : 'acknowledge the messages'}: nothing is acknowledged before it is in the`,
    'warehouse, and loading is idempotent, so a crash at any point only causes a harmless redelivery.',
    '',
    'Usage: python -m streaming.consumers.load_events',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    body(plan),
  );
}

/** Helpers every broker's loader shares: signals, heartbeat, loading with isolation of bad records. */
function shared(deadLetterSignature: string): string {
  return dedent`
    log = logging.getLogger("load_events")

    BATCH_SIZE = ${LOADER.batchSize}
    # Loading errors that no retry fixes (bad data): isolate the record instead of retrying the batch.
    PERMANENT_ERRORS: tuple[type[BaseException], ...] = (
        duckdb.ConstraintException,
        duckdb.ConversionException,
        duckdb.InvalidInputException,
        ValueError,
    )


    class Stop:
        """Set by SIGTERM/SIGINT: the loop finishes its batch, commits and exits cleanly."""

        def __init__(self) -> None:
            self.requested = False
            signal.signal(signal.SIGTERM, self._request)
            signal.signal(signal.SIGINT, self._request)

        def _request(self, _signum: int, _frame: object) -> None:
            log.info("stop requested; finishing the current batch")
            self.requested = True


    def heartbeat() -> None:
        HEARTBEAT_FILE.touch()


    def error_details(error: BaseException, attempts: int) -> dict[str, str]:
        """What the dead-letter record carries about its failure (the Kafka Connect header convention)."""
        return {
            "dlq.error.class": type(error).__name__,
            "dlq.error.message": str(error)[:1000],
            "dlq.error.attempts": str(attempts),
            "dlq.failed.at": dt.datetime.now(dt.timezone.utc).isoformat(),
        }


    def load_batch(loader: RawLoader, batch: list[tuple[T, LoadItem]], dead_letter: ${deadLetterSignature}, **load_options: Any) -> None:
        """Loads the batch in one transaction; if that keeps failing, record by record."""
        items = [item for _, item in batch]
        try:
            with_retries(lambda: loader.load(items, **load_options), describe=f"loading {len(items)} rows", retry_on=TRANSIENT_ERRORS)
            return
        except PERMANENT_ERRORS as error:
            log.warning("batch rejected (%s); loading record by record to isolate the bad ones", error)
        for position, (record, item) in enumerate(batch):
            options = load_options if position == len(batch) - 1 else {}
            try:
                with_retries(lambda: loader.load([item], **options), describe=f"loading {item.entity.name} {item.key}", retry_on=TRANSIENT_ERRORS)
            except PERMANENT_ERRORS as error:
                dead_letter(record, error, MAX_ATTEMPTS)
                if options:
                    loader.load([], **options)
  `;
}

function body(plan: StreamPlan): string {
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return kafka(plan);
    case 'kinesis':
      return kinesis();
    case 'pubsub':
      return pubsub();
    case 'pulsar':
      return pulsar();
  }
}

function standardImports(extra: string[] = []): string[] {
  return [
    'import datetime as dt',
    'import logging',
    'import signal',
    'import sys',
    ...extra,
    'from typing import Any, TypeVar',
    '',
  ];
}

const footer = dedent`


  if __name__ == "__main__":
      logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
      sys.exit(main())
`;

function kafka(plan: StreamPlan): string {
  const hasCdc = plan.cdcEntities.length > 0;
  return lines(
    standardImports(['import time']),
    'import duckdb',
    'from confluent_kafka import Consumer, KafkaError, KafkaException, Message, Producer',
    '',
    'from streaming.clients.catalog import BY_TOPIC, ENTITIES',
    'from streaming.clients.codec import Codec, DecodeError',
    'from streaming.clients.retry import MAX_ATTEMPTS, with_retries',
    'from streaming.clients.settings import HEARTBEAT_FILE, duckdb_path, kafka_config, schema_registry_url',
    'from streaming.clients.warehouse import TRANSIENT_ERRORS, LoadItem, RawLoader',
    hasCdc ? 'from streaming.clients.values import millis_text' : [],
    '',
    'T = TypeVar("T")',
    '',
    shared('Callable[[Message, BaseException, int], None]'),
    '',
    '',
    dedent`
      class DeadLetters:
          """Copies a failed record, untouched, to its entity's dead-letter topic with the error in headers."""

          def __init__(self) -> None:
              config = kafka_config("producer")
              # Dead letters are written outside the producers' transactions.
              config.pop("transactional.id", None)
              config.pop("transaction.timeout.ms", None)
              self._producer = Producer(config)

          def __call__(self, message: Message, error: BaseException, attempts: int) -> None:
              entity = BY_TOPIC[message.topic()]
              headers = list(message.headers() or [])
              headers += [(name, value.encode("utf-8")) for name, value in error_details(error, attempts).items()]
              headers += [
                  ("dlq.original.topic", message.topic().encode("utf-8")),
                  ("dlq.original.partition", str(message.partition()).encode("utf-8")),
                  ("dlq.original.offset", str(message.offset()).encode("utf-8")),
              ]
              self._producer.produce(entity.dead_letter_topic, key=message.key(), value=message.value(), headers=headers)
              log.error("dead-lettered %s[%d]@%d: %s", message.topic(), message.partition(), message.offset(), error)

          def flush(self) -> None:
              # Durable before the source offsets are committed: a dead letter is never lost.
              if self._producer.flush(30) > 0:
                  raise KafkaException(KafkaError(KafkaError._MSG_TIMED_OUT, "dead letters not delivered"))


      def wait_for_topics(consumer: Consumer, stop: Stop) -> None:
          """Started before the topics exist (make topics)? Wait, healthy, instead of crash-looping."""
          wanted = {entity.topic for entity in ENTITIES}
          while not stop.requested:
              heartbeat()
              missing = wanted - set(consumer.list_topics(timeout=10).topics)
              if not missing:
                  return
              log.warning("waiting for topics (run make topics): %s", ", ".join(sorted(missing)))
              time.sleep(5)


      def header(message: Message, name: str) -> bytes | None:
          for key, value in message.headers() or []:
              if key == name:
                  return value
          return None


      def to_item(codec: Codec, message: Message) -> LoadItem:
          entity = BY_TOPIC[message.topic()]
          key = (message.key() or b"").decode("utf-8")
          metadata: dict[str, Any] = {
              "source_topic": message.topic(),
              "source_partition": message.partition(),
              "source_offset": message.offset(),
          }
    `,
    hasCdc
      ? dedent`
              if entity.source == "cdc":
                  # Debezium's ExtractNewRecordState adds the operation and commit time as headers.
                  operation = header(message, "__op")
                  metadata["cdc_operation"] = operation.decode("utf-8") if operation else None
                  metadata["cdc_committed_at"] = millis_text(header(message, "__source_ts_ms"))
        `
          .split('\n')
          .map((line) => (line ? `    ${line}` : line))
          .join('\n')
      : [],
    dedent`
          value = message.value()
          if value is None:
              if entity.tombstone is None:
                  raise DecodeError(f"{entity.topic}: unexpected tombstone for key {key}")
              if metadata.get("cdc_committed_at") is None:
                  metadata["cdc_committed_at"] = dt.datetime.now(dt.timezone.utc).isoformat()
              return LoadItem(entity, None, key, metadata)
          return LoadItem(entity, codec.decode(entity, value), key, metadata)


      def main() -> int:
          loader = RawLoader(duckdb_path())
          loader.ensure_tables()
          codec = Codec(schema_registry_url())
          dead_letters = DeadLetters()
          consumer = Consumer(kafka_config("consumer"))
          stop = Stop()
          wait_for_topics(consumer, stop)
          consumer.subscribe([entity.topic for entity in ENTITIES])
          log.info("loading %d topics into %s", len(ENTITIES), duckdb_path())
          try:
              while not stop.requested:
                  heartbeat()
                  messages = consumer.consume(num_messages=BATCH_SIZE, timeout=1.0)
                  batch: list[tuple[Message, LoadItem]] = []
                  for message in messages:
                      error = message.error()
                      if error is not None:
                          if error.code() == KafkaError._PARTITION_EOF:
                              continue
                          raise KafkaException(error)
                      try:
                          batch.append((message, to_item(codec, message)))
                      except DecodeError as decode_error:
                          dead_letters(message, decode_error, 1)
                  if not messages:
                      continue
                  load_batch(loader, batch, dead_letters)
                  dead_letters.flush()
                  # Offsets move only now: every record of the batch is in the warehouse or the DLQ.
                  consumer.commit(asynchronous=False)
          finally:
              consumer.close()
          return 0
    `,
    footer,
  ).replace(
    'from typing import Any, TypeVar',
    'from collections.abc import Callable\nfrom typing import Any, TypeVar',
  );
}

function kinesis(): string {
  return lines(
    standardImports(['import base64', 'import json', 'import time']),
    'import duckdb',
    '',
    'from streaming.clients.catalog import ENTITIES, Entity',
    'from streaming.clients.codec import Codec, DecodeError',
    'from streaming.clients.retry import MAX_ATTEMPTS, with_retries',
    'from streaming.clients.settings import HEARTBEAT_FILE, duckdb_path, kinesis_client',
    'from streaming.clients.warehouse import TRANSIENT_ERRORS, Checkpoint, LoadItem, RawLoader',
    '',
    'T = TypeVar("T")',
    '',
    shared('Callable[[Any, BaseException, int], None]'),
    '',
    '',
    dedent`
      # GetRecords allows 5 calls per second per shard; poll each shard at most this often.
      POLL_INTERVAL_SECONDS = 1.0
      # Resharding creates new shards: look for them this often.
      SHARD_REFRESH_SECONDS = 60.0


      class ShardReader:
          """One shard of one stream, resumed from the checkpoint stored with the loaded rows."""

          def __init__(self, client: Any, loader: RawLoader, entity: Entity, shard_id: str) -> None:
              self.client = client
              self.entity = entity
              self.shard_id = shard_id
              self.iterator: str | None = self._iterator(loader.checkpoint(entity.topic, shard_id))

          def _iterator(self, after: str | None) -> str:
              if after:
                  response = self.client.get_shard_iterator(
                      StreamName=self.entity.topic, ShardId=self.shard_id, ShardIteratorType="AFTER_SEQUENCE_NUMBER", StartingSequenceNumber=after
                  )
              else:
                  response = self.client.get_shard_iterator(StreamName=self.entity.topic, ShardId=self.shard_id, ShardIteratorType="TRIM_HORIZON")
              return str(response["ShardIterator"])

          def shard_number(self) -> int:
              # shardId-000000000003 → 3, the value of _source_partition.
              return int(self.shard_id.rsplit("-", 1)[-1])


      class DeadLetters:
          """Kinesis records have no headers: the dead letter is a JSON envelope with the original bytes."""

          def __init__(self, client: Any) -> None:
              self._client = client

          def __call__(self, record: tuple[ShardReader, dict[str, Any]], error: BaseException, attempts: int) -> None:
              reader, raw = record
              envelope = {
                  **error_details(error, attempts),
                  "dlq.original.stream": reader.entity.topic,
                  "dlq.original.shard": reader.shard_id,
                  "dlq.original.sequence_number": raw["SequenceNumber"],
                  "partition_key": raw["PartitionKey"],
                  "data_base64": base64.b64encode(raw["Data"]).decode("ascii"),
              }
              with_retries(
                  lambda: self._client.put_record(
                      StreamName=reader.entity.dead_letter_topic, Data=json.dumps(envelope).encode("utf-8"), PartitionKey=raw["PartitionKey"]
                  ),
                  describe=f"dead-lettering to {reader.entity.dead_letter_topic}",
              )
              log.error("dead-lettered %s/%s %s: %s", reader.entity.topic, reader.shard_id, raw["SequenceNumber"], error)


      def list_shards(client: Any, stream: str) -> list[str]:
          shards: list[str] = []
          arguments: dict[str, Any] = {"StreamName": stream}
          while True:
              response = client.list_shards(**arguments)
              shards += [shard["ShardId"] for shard in response["Shards"]]
              token = response.get("NextToken")
              if not token:
                  return shards
              arguments = {"NextToken": token}


      def read_shard(reader: ShardReader, codec: Codec, loader: RawLoader, dead_letters: DeadLetters) -> int:
          try:
              response = with_retries(
                  lambda: reader.client.get_records(ShardIterator=reader.iterator, Limit=BATCH_SIZE),
                  describe=f"get_records {reader.entity.topic}/{reader.shard_id}",
                  retry_on=(reader.client.exceptions.ProvisionedThroughputExceededException,),
              )
          except reader.client.exceptions.ExpiredIteratorException:
              reader.iterator = reader._iterator(loader.checkpoint(reader.entity.topic, reader.shard_id))
              return 0
          records = response["Records"]
          batch: list[tuple[tuple[ShardReader, dict[str, Any]], LoadItem]] = []
          for raw in records:
              key = raw["PartitionKey"]
              metadata = {"source_topic": reader.entity.topic, "source_partition": reader.shard_number(), "source_offset": None}
              try:
                  item = LoadItem(reader.entity, codec.decode(reader.entity, raw["Data"]), key, metadata)
              except DecodeError as error:
                  dead_letters((reader, raw), error, 1)
                  continue
              batch.append(((reader, raw), item))
          if records:
              checkpoint = Checkpoint(reader.entity.topic, reader.shard_id, records[-1]["SequenceNumber"])
              load_batch(loader, batch, dead_letters, checkpoint=checkpoint)
          # None once a closed shard (after resharding) is fully read.
          reader.iterator = response.get("NextShardIterator")
          return len(records)


      def main() -> int:
          client = kinesis_client()
          loader = RawLoader(duckdb_path())
          loader.ensure_tables()
          codec = Codec()
          dead_letters = DeadLetters(client)
          stop = Stop()
          readers: dict[tuple[str, str], ShardReader] = {}
          refreshed_at = 0.0
          log.info("loading %d streams into %s", len(ENTITIES), duckdb_path())
          while not stop.requested:
              heartbeat()
              if time.monotonic() - refreshed_at > SHARD_REFRESH_SECONDS:
                  for entity in ENTITIES:
                      try:
                          shards = list_shards(client, entity.topic)
                      except client.exceptions.ResourceNotFoundException:
                          log.warning("waiting for stream %s (run make topics)", entity.topic)
                          continue
                      for shard_id in shards:
                          if (entity.topic, shard_id) not in readers:
                              readers[(entity.topic, shard_id)] = ShardReader(client, loader, entity, shard_id)
                  refreshed_at = time.monotonic()
              started = time.monotonic()
              for reader in list(readers.values()):
                  if reader.iterator is None or stop.requested:
                      continue
                  read_shard(reader, codec, loader, dead_letters)
              time.sleep(max(0.0, POLL_INTERVAL_SECONDS - (time.monotonic() - started)))
          return 0
    `,
    footer,
  ).replace(
    'from typing import Any, TypeVar',
    'from collections.abc import Callable\nfrom typing import Any, TypeVar',
  );
}

function pubsub(): string {
  return lines(
    standardImports(['import time']),
    'import duckdb',
    'from google.api_core import exceptions as google_exceptions',
    'from google.cloud import pubsub_v1',
    '',
    'from streaming.clients.catalog import ENTITIES, Entity',
    'from streaming.clients.codec import Codec, DecodeError',
    'from streaming.clients.retry import MAX_ATTEMPTS, with_retries',
    'from streaming.clients.settings import HEARTBEAT_FILE, duckdb_path, gcp_project',
    'from streaming.clients.warehouse import TRANSIENT_ERRORS, LoadItem, RawLoader',
    '',
    'T = TypeVar("T")',
    'Received = Any  # pubsub_v1.types.ReceivedMessage',
    '',
    shared('Callable[[tuple[Entity, Received], BaseException, int], None]'),
    '',
    '',
    dedent`
      # How long one synchronous pull waits for messages before moving to the next subscription.
      PULL_TIMEOUT_SECONDS = 5.0
      # Pub/Sub message ids are decimal strings; they fit _source_offset when they fit a BIGINT.
      MAX_BIGINT = 2**63 - 1


      class DeadLetters:
          """Republishes a failed message to the dead-letter topic with the error as attributes."""

          def __init__(self, project: str) -> None:
              self._project = project
              self._publisher = pubsub_v1.PublisherClient(
                  publisher_options=pubsub_v1.types.PublisherOptions(enable_message_ordering=True)
              )
              self._pending: list[Any] = []

          def __call__(self, record: tuple[Entity, Received], error: BaseException, attempts: int) -> None:
              entity, received = record
              message = received.message
              attributes = {**dict(message.attributes), **error_details(error, attempts)}
              attributes["dlq.original.subscription"] = entity.subscription
              attributes["dlq.original.message_id"] = message.message_id
              topic = self._publisher.topic_path(self._project, entity.dead_letter_topic)
              self._pending.append(self._publisher.publish(topic, message.data, ordering_key=message.ordering_key, **attributes))
              log.error("dead-lettered %s message %s: %s", entity.subscription, message.message_id, error)

          def flush(self) -> None:
              # Published before the originals are acknowledged: a dead letter is never lost.
              for future in self._pending:
                  future.result(timeout=60)
              self._pending.clear()


      def offset_of(message_id: str) -> int | None:
          return int(message_id) if message_id.isdigit() and int(message_id) <= MAX_BIGINT else None


      def pull(subscriber: pubsub_v1.SubscriberClient, path: str) -> list[Received]:
          try:
              response = subscriber.pull(request={"subscription": path, "max_messages": BATCH_SIZE}, timeout=PULL_TIMEOUT_SECONDS)
          except google_exceptions.DeadlineExceeded:
              return []
          except google_exceptions.NotFound:
              log.warning("waiting for subscription %s (run make topics)", path)
              time.sleep(5)
              return []
          return list(response.received_messages)


      def main() -> int:
          project = gcp_project()
          loader = RawLoader(duckdb_path())
          loader.ensure_tables()
          codec = Codec()
          subscriber = pubsub_v1.SubscriberClient()
          dead_letters = DeadLetters(project)
          stop = Stop()
          paths = {entity.name: subscriber.subscription_path(project, entity.subscription) for entity in ENTITIES}
          log.info("loading %d subscriptions into %s", len(ENTITIES), duckdb_path())
          while not stop.requested:
              heartbeat()
              for entity in ENTITIES:
                  received = pull(subscriber, paths[entity.name])
                  if not received:
                      continue
                  batch: list[tuple[tuple[Entity, Received], LoadItem]] = []
                  for message in received:
                      metadata = {"source_topic": entity.topic, "source_partition": None, "source_offset": offset_of(message.message.message_id)}
                      key = message.message.ordering_key or message.message.attributes.get(entity.key, "")
                      try:
                          item = LoadItem(entity, codec.decode(entity, message.message.data), key, metadata)
                      except DecodeError as error:
                          dead_letters((entity, message), error, 1)
                          continue
                      batch.append(((entity, message), item))
                  load_batch(loader, batch, dead_letters)
                  dead_letters.flush()
                  # Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                  subscriber.acknowledge(request={"subscription": paths[entity.name], "ack_ids": [message.ack_id for message in received]})
          subscriber.close()
          return 0
    `,
    footer,
  ).replace(
    'from typing import Any, TypeVar',
    'from collections.abc import Callable\nfrom typing import Any, TypeVar',
  );
}

function pulsar(): string {
  return lines(
    standardImports(['import time']),
    'import duckdb',
    'import pulsar',
    '',
    'from streaming.clients.catalog import CONSUMER_GROUP, ENTITIES, Entity',
    'from streaming.clients.codec import Codec, DecodeError',
    'from streaming.clients.retry import MAX_ATTEMPTS, with_retries',
    'from streaming.clients.settings import HEARTBEAT_FILE, duckdb_path, pulsar_client',
    'from streaming.clients.warehouse import TRANSIENT_ERRORS, LoadItem, RawLoader',
    '',
    'T = TypeVar("T")',
    '',
    shared('Callable[[tuple[Entity, pulsar.Message], BaseException, int], None]'),
    '',
    '',
    dedent`
      # A negatively acknowledged message comes back after this delay; after ${LOADER.maxAttempts} deliveries the
      # client moves it to the dead-letter topic on its own (a safety net for crashes mid-batch).
      NACK_DELAY_MS = 60_000


      class DeadLetters:
          """Sends a failed message to its entity's dead-letter topic with the error as properties."""

          def __init__(self, client: pulsar.Client) -> None:
              self._producers = {
                  entity.name: client.create_producer(entity.dead_letter_topic, producer_name=f"raw-loader-dlq-{entity.name}")
                  for entity in ENTITIES
              }

          def __call__(self, record: tuple[Entity, pulsar.Message], error: BaseException, attempts: int) -> None:
              entity, message = record
              properties = {**message.properties(), **error_details(error, attempts)}
              properties["dlq.original.topic"] = message.topic_name()
              properties["dlq.original.message_id"] = str(message.message_id())
              # Synchronous send: the dead letter is stored before the original is acknowledged.
              self._producers[entity.name].send(message.data(), properties=properties, partition_key=message.partition_key())
              log.error("dead-lettered %s %s: %s", message.topic_name(), message.message_id(), error)

          def close(self) -> None:
              for producer in self._producers.values():
                  producer.close()


      def subscribe(client: pulsar.Client, entity: Entity, stop: Stop) -> pulsar.Consumer:
          """Started before the topics exist (make topics)? Wait, healthy, instead of crash-looping."""
          while True:
              heartbeat()
              try:
                  return open_consumer(client, entity)
              except pulsar.PulsarException as error:
                  if stop.requested:
                      raise
                  log.warning("waiting for topic %s (run make topics): %s", entity.topic, error)
                  time.sleep(5)


      def open_consumer(client: pulsar.Client, entity: Entity) -> pulsar.Consumer:
          return client.subscribe(
              entity.topic,
              subscription_name=CONSUMER_GROUP,
              # Key_Shared: loaders scale out while each key stays with one loader, in order.
              consumer_type=pulsar.ConsumerType.KeyShared,
              initial_position=pulsar.InitialPosition.Earliest,
              negative_ack_redelivery_delay_ms=NACK_DELAY_MS,
              dead_letter_policy=pulsar.ConsumerDeadLetterPolicy(max_redeliver_count=MAX_ATTEMPTS, dead_letter_topic=entity.dead_letter_topic),
              batch_receive_policy=pulsar.ConsumerBatchReceivePolicy(BATCH_SIZE, 10 * 1024 * 1024, 1000),
          )


      def main() -> int:
          client = pulsar_client()
          loader = RawLoader(duckdb_path())
          loader.ensure_tables()
          codec = Codec()
          stop = Stop()
          consumers = {entity.name: subscribe(client, entity, stop) for entity in ENTITIES}
          dead_letters = DeadLetters(client)
          log.info("loading %d topics into %s", len(ENTITIES), duckdb_path())
          try:
              while not stop.requested:
                  heartbeat()
                  for entity in ENTITIES:
                      consumer = consumers[entity.name]
                      messages = consumer.batch_receive()
                      if not messages:
                          continue
                      batch: list[tuple[tuple[Entity, pulsar.Message], LoadItem]] = []
                      for message in messages:
                          metadata = {"source_topic": entity.topic, "source_partition": message.message_id().partition(), "source_offset": None}
                          try:
                              item = LoadItem(entity, codec.decode(entity, message.data()), message.partition_key(), metadata)
                          except DecodeError as error:
                              dead_letters((entity, message), error, 1)
                              continue
                          batch.append(((entity, message), item))
                      try:
                          load_batch(loader, batch, dead_letters)
                      except TRANSIENT_ERRORS:
                          for message in messages:
                              consumer.negative_acknowledge(message)
                          raise
                      # Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                      for message in messages:
                          consumer.acknowledge(message)
          finally:
              dead_letters.close()
              client.close()
          return 0
    `,
    footer,
  ).replace(
    'from typing import Any, TypeVar',
    'from collections.abc import Callable\nfrom typing import Any, TypeVar',
  );
}
