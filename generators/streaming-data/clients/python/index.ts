import type { FileSpec } from '../../../types.js';
import type { StreamPlan } from '../../plan.js';
import { pythonCatalog } from './catalog.js';
import { pythonCodec } from './codec.js';
import { pythonConsumer } from './consumer.js';
import { pythonProducer } from './producer.js';
import { pythonRetry, pythonSettings, pythonValues, pythonWarehouse } from './support.js';

/** Collapses runs of blank lines left where template pieces meet (PEP 8: at most two). */
export function tidyPython(source: string): string {
  return `${source
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .trimEnd()}\n`;
}

function python(path: string, render: () => string): FileSpec {
  return { path, kind: 'text', render: () => tidyPython(render()) };
}

/** The Python clients: a `streaming` package run with `python -m` from the project root. */
export function pythonClientFiles(plan: StreamPlan): FileSpec[] {
  const title = plan.model.title;
  return [
    python(
      'streaming/__init__.py',
      () =>
        `"""Event streaming of ${title}: schemas, producers, the raw loader and their shared clients."""\n`,
    ),
    python(
      'streaming/clients/__init__.py',
      () =>
        '"""Code shared by the producers and the raw loader: catalog, settings, codec, warehouse."""\n',
    ),
    python(
      'streaming/producers/__init__.py',
      () =>
        '"""Producers: publish events to the broker (`python -m streaming.producers.produce_events`)."""\n',
    ),
    python(
      'streaming/consumers/__init__.py',
      () => '"""Consumers: the raw loader (`python -m streaming.consumers.load_events`)."""\n',
    ),
    python('streaming/clients/catalog.py', () => pythonCatalog(plan)),
    python('streaming/clients/settings.py', () => pythonSettings(plan)),
    python('streaming/clients/values.py', () => pythonValues()),
    python('streaming/clients/retry.py', () => pythonRetry()),
    python('streaming/clients/codec.py', () => pythonCodec(plan)),
    python('streaming/clients/warehouse.py', () => pythonWarehouse(plan)),
    python('streaming/producers/produce_events.py', () => pythonProducer(plan)),
    python('streaming/consumers/load_events.py', () => pythonConsumer(plan)),
  ];
}

/** pip specifiers for requirements.txt (compatible-release ranges). */
export function pythonRequirements(plan: StreamPlan): string[] {
  const serialization = plan.streaming.serialization;
  const requirements: string[] = [];
  if (plan.isKafkaApi) {
    const extra = { avro: 'avro', protobuf: 'protobuf', 'json-schema': 'json' }[serialization];
    requirements.push(`confluent-kafka[${extra},schemaregistry]>=2.6,<3`);
  } else {
    if (plan.streaming.broker === 'kinesis') requirements.push('boto3>=1.35,<2');
    if (plan.streaming.broker === 'pubsub') requirements.push('google-cloud-pubsub>=2.23,<3');
    if (plan.streaming.broker === 'pulsar') requirements.push('pulsar-client>=3.5,<4');
    if (serialization === 'avro') requirements.push('fastavro>=1.9,<2');
    if (serialization === 'json-schema') requirements.push('jsonschema[format-nongpl]>=4.23,<5');
  }
  if (serialization === 'protobuf') requirements.push('protobuf>=5.27,<6', 'grpcio-tools>=1.66,<2');
  return requirements;
}

/** The command that generates the Python Protobuf modules into streaming/generated/. */
export const PYTHON_PROTOC_COMMAND =
  'mkdir -p streaming/generated && touch streaming/generated/__init__.py && python -m grpc_tools.protoc -I streaming/schemas --python_out=streaming/generated --pyi_out=streaming/generated streaming/schemas/*.proto';
