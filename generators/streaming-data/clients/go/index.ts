import { lines } from '../../../shared/text.js';
import type { FileSpec } from '../../../types.js';
import type { StreamPlan } from '../../plan.js';
import { goCodec } from './codec.js';
import { goCatalog, goRetry, goSettings, goSupport, goValues, goWarehouse } from './common.js';
import { goConsumer, goProducer } from './programs.js';

/**
 * Pinned module versions of the Go clients. They were chosen offline: `go mod tidy` (run by the
 * Dockerfile when go.sum is absent) resolves and records the checksums.
 */
export const GO_VERSIONS = {
  go: '1.23',
  image: '1.23-bookworm',
  confluentKafka: 'v2.8.0',
  duckdb: 'v1.8.3',
  aws: 'v1.32.7',
  awsConfig: 'v1.28.7',
  awsKinesis: 'v1.32.8',
  pubsub: 'v1.45.3',
  pulsar: 'v0.14.0',
  hambaAvro: 'v2.27.0',
  protobuf: 'v1.36.1',
  jsonschema: 'v6.0.1',
  buf: 'v1.47.2',
} as const;

function goMod(plan: StreamPlan): string {
  const v = GO_VERSIONS;
  const requires: [string, string][] = [['github.com/marcboeker/go-duckdb', v.duckdb]];
  if (plan.isKafkaApi)
    requires.push(['github.com/confluentinc/confluent-kafka-go/v2', v.confluentKafka]);
  if (plan.streaming.broker === 'kinesis') {
    requires.push(
      ['github.com/aws/aws-sdk-go-v2', v.aws],
      ['github.com/aws/aws-sdk-go-v2/config', v.awsConfig],
      ['github.com/aws/aws-sdk-go-v2/service/kinesis', v.awsKinesis],
    );
  }
  if (plan.streaming.broker === 'pubsub') requires.push(['cloud.google.com/go/pubsub', v.pubsub]);
  if (plan.streaming.broker === 'pulsar')
    requires.push(['github.com/apache/pulsar-client-go', v.pulsar]);
  if (!plan.isKafkaApi && plan.streaming.serialization === 'avro')
    requires.push(['github.com/hamba/avro/v2', v.hambaAvro]);
  if (!plan.isKafkaApi && plan.streaming.serialization === 'json-schema')
    requires.push(['github.com/santhosh-tekuri/jsonschema/v6', v.jsonschema]);
  if (plan.streaming.serialization === 'protobuf')
    requires.push(['google.golang.org/protobuf', v.protobuf]);
  requires.sort(([a], [b]) => a.localeCompare(b));
  return lines(
    `// Producer and raw loader of ${plan.model.title}. Versions are pinned; \`go mod tidy\` records the checksums.`,
    `module ${plan.goModule}`,
    '',
    `go ${v.go}`,
    '',
    'require (',
    requires.map(([path, version]) => `\t${path} ${version}`),
    ')',
  );
}

function bufGen(plan: StreamPlan): Record<string, unknown> {
  return {
    version: 'v2',
    inputs: [{ directory: 'schemas' }],
    plugins: [
      {
        remote: `buf.build/protocolbuffers/go:${GO_VERSIONS.protobuf}`,
        out: '.',
        opt: [`module=${plan.goModule}`],
      },
    ],
  };
}

function dockerfile(plan: StreamPlan): string {
  const protobuf = plan.streaming.serialization === 'protobuf';
  return lines(
    `# Image of the ${plan.model.title} streaming clients: the raw loader (default command) and the producer.`,
    '# Built by docker compose (service stream-loader); the same image runs on Kubernetes.',
    `FROM golang:${GO_VERSIONS.image} AS build`,
    'WORKDIR /build',
    'COPY . .',
    protobuf && [
      '# Go types of the event schemas (gen/eventsv1), from the same .proto files the registry holds.',
      `RUN go run github.com/bufbuild/buf/cmd/buf@${GO_VERSIONS.buf} generate`,
    ],
    '# Commit go.sum after the first build; until then tidy resolves and records the checksums.',
    'RUN if [ ! -f go.sum ]; then go mod tidy; fi',
    '# cgo: librdkafka and DuckDB are linked in.',
    'RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/load-events ./consumers/load-events \\',
    ' && CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/produce-events ./producers/produce-events',
    '',
    'FROM debian:bookworm-slim',
    'RUN apt-get update \\',
    ' && apt-get install -y --no-install-recommends ca-certificates \\',
    ' && rm -rf /var/lib/apt/lists/*',
    'WORKDIR /app',
    'COPY --from=build /out/ /app/',
    '# The clients read schemas/, samples/ and config/ relative to the working directory.',
    'COPY schemas ./schemas',
    'COPY samples ./samples',
    plan.isKafkaApi && 'COPY config ./config',
    '# An unprivileged user; the DuckDB file lives on the mounted /data volume.',
    'RUN useradd --system --uid 10001 --no-create-home loader && mkdir -p /data && chown 10001 /data',
    'USER 10001',
    'CMD ["/app/load-events"]',
  );
}

/** Collapses the blank lines left where template pieces meet (gofmt keeps at most one). */
export function tidyGo(source: string): string {
  return `${source
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** The Go clients: a module in streaming/ with the producer and the raw loader commands. */
export function goClientFiles(plan: StreamPlan): FileSpec[] {
  const go = (path: string, render: () => string): FileSpec => ({
    path,
    kind: 'text',
    render: () => tidyGo(render()),
  });
  const files: FileSpec[] = [
    { path: 'streaming/go.mod', kind: 'text', render: () => goMod(plan) },
    { path: 'streaming/Dockerfile', kind: 'text', render: () => dockerfile(plan) },
    { path: 'streaming/.dockerignore', kind: 'text', render: () => lines('*.md') },
    go('streaming/internal/clients/catalog.go', () => goCatalog(plan)),
    go('streaming/internal/clients/values.go', () => goValues()),
    go('streaming/internal/clients/settings.go', () => goSettings(plan)),
    go('streaming/internal/clients/retry.go', () => goRetry()),
    go('streaming/internal/clients/codec.go', () => goCodec(plan)),
    go('streaming/internal/clients/warehouse.go', () => goWarehouse(plan)),
    go('streaming/internal/clients/support.go', () => goSupport(plan)),
    go('streaming/producers/produce-events/main.go', () => goProducer(plan)),
    go('streaming/consumers/load-events/main.go', () => goConsumer(plan)),
  ];
  if (plan.streaming.serialization === 'protobuf') {
    files.push({
      path: 'streaming/buf.gen.yaml',
      kind: 'yaml',
      header: [
        'Go types for the event schemas (gen/eventsv1): `go run github.com/bufbuild/buf/cmd/buf generate` in streaming/.',
      ],
      data: () => bufGen(plan),
    });
  }
  return files;
}
