import { lines } from '../../../shared/text.js';
import type { FileSpec } from '../../../types.js';
import type { StreamPlan } from '../../plan.js';
import { tsCodec } from './codec.js';
import {
  tsCatalog,
  tsRetry,
  tsSamples,
  tsSettings,
  tsSupport,
  tsValues,
  tsWarehouse,
} from './common.js';
import { tsConsumer, tsProducer } from './programs.js';

/** Pinned versions of the TypeScript clients (exact: the lockfile is created on first install). */
export const TS_VERSIONS = {
  node: '22.20.0-bookworm-slim',
  kafkaJavascript: '1.10.1',
  schemaRegistry: '1.10.1',
  awsKinesis: '3.1143.0',
  pubsub: '6.3.2',
  pulsar: '1.18.0',
  duckdb: '1.5.6-r.1',
  avsc: '5.7.9',
  ajv: '8.20.0',
  ajvFormats: '3.0.1',
  bufProtobuf: '2.17.0',
  protocGenEs: '2.17.0',
  buf: '1.75.0',
  typescript: '5.9.3',
  typesNode: '22.20.5',
} as const;

function packageJson(plan: StreamPlan): Record<string, unknown> {
  const v = TS_VERSIONS;
  const protobuf = plan.streaming.serialization === 'protobuf';
  const dependencies: Record<string, string> = { '@duckdb/node-api': v.duckdb };
  if (plan.isKafkaApi) {
    dependencies['@confluentinc/kafka-javascript'] = v.kafkaJavascript;
    dependencies['@confluentinc/schemaregistry'] = v.schemaRegistry;
  }
  if (plan.streaming.broker === 'kinesis') dependencies['@aws-sdk/client-kinesis'] = v.awsKinesis;
  if (plan.streaming.broker === 'pubsub') dependencies['@google-cloud/pubsub'] = v.pubsub;
  if (plan.streaming.broker === 'pulsar') dependencies['pulsar-client'] = v.pulsar;
  if (!plan.isKafkaApi && plan.streaming.serialization === 'avro') dependencies.avsc = v.avsc;
  if (!plan.isKafkaApi && plan.streaming.serialization === 'json-schema') {
    dependencies.ajv = v.ajv;
    dependencies['ajv-formats'] = v.ajvFormats;
  }
  if (protobuf) dependencies['@bufbuild/protobuf'] = v.bufProtobuf;
  const devDependencies: Record<string, string> = {
    '@types/node': v.typesNode,
    typescript: v.typescript,
  };
  if (protobuf) {
    devDependencies['@bufbuild/buf'] = v.buf;
    devDependencies['@bufbuild/protoc-gen-es'] = v.protocGenEs;
  }
  return {
    name: `${plan.model.name}-streaming`,
    version: '1.0.0',
    private: true,
    description: `Producer and raw loader of ${plan.model.title}`,
    type: 'module',
    engines: { node: '>=22' },
    scripts: {
      ...(protobuf ? { codegen: 'buf generate', prebuild: 'npm run codegen' } : {}),
      build: 'tsc -p tsconfig.json',
      'produce-events': 'node dist/producers/produce-events.js',
      'load-events': 'node dist/consumers/load-events.js',
    },
    dependencies: Object.fromEntries(
      Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)),
    ),
    devDependencies: Object.fromEntries(
      Object.entries(devDependencies).sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}

function tsconfig(): Record<string, unknown> {
  return {
    compilerOptions: {
      target: 'ES2023',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      esModuleInterop: true,
      skipLibCheck: true,
      rootDir: '.',
      outDir: 'dist',
      types: ['node'],
    },
    include: ['clients', 'producers', 'consumers', 'gen'],
  };
}

/** buf.gen.yaml: TypeScript code for the event schemas (protoc-gen-es, @bufbuild/protobuf v2). */
function bufGen(): Record<string, unknown> {
  return {
    version: 'v2',
    inputs: [{ directory: 'schemas' }],
    plugins: [{ local: 'protoc-gen-es', out: 'gen', opt: ['target=ts', 'import_extension=js'] }],
  };
}

function dockerfile(plan: StreamPlan): string {
  const protobuf = plan.streaming.serialization === 'protobuf';
  return lines(
    `# Image of the ${plan.model.title} streaming clients: the raw loader (default command) and the producer.`,
    '# Built by docker compose (service stream-loader); the same image runs on Kubernetes.',
    `FROM node:${TS_VERSIONS.node} AS build`,
    'WORKDIR /build',
    'COPY package.json package-lock.json* ./',
    '# npm ci when the lockfile is committed (it should be); npm install creates it on the first build.',
    'RUN if [ -f package-lock.json ]; then npm ci; else npm install; fi',
    'COPY tsconfig.json ./',
    protobuf && 'COPY buf.gen.yaml ./',
    'COPY schemas ./schemas',
    'COPY clients ./clients',
    'COPY producers ./producers',
    'COPY consumers ./consumers',
    'RUN npm run build && npm prune --omit=dev',
    '',
    `FROM node:${TS_VERSIONS.node}`,
    'ENV NODE_ENV=production',
    'WORKDIR /app',
    'COPY --from=build /build/node_modules ./node_modules',
    'COPY --from=build /build/dist ./dist',
    'COPY package.json ./',
    '# The clients read schemas/, samples/ and config/ relative to the working directory.',
    'COPY schemas ./schemas',
    'COPY samples ./samples',
    plan.isKafkaApi && 'COPY config ./config',
    '# The node image has an unprivileged user; the DuckDB file lives on the mounted /data volume.',
    'RUN mkdir -p /data && chown node /data',
    'USER node',
    'CMD ["node", "dist/consumers/load-events.js"]',
  );
}

/** The TypeScript clients: a Node.js package in streaming/ with the producer and the raw loader. */
export function typescriptClientFiles(plan: StreamPlan): FileSpec[] {
  const files: FileSpec[] = [
    { path: 'streaming/package.json', kind: 'json', data: () => packageJson(plan) },
    { path: 'streaming/tsconfig.json', kind: 'json', data: () => tsconfig() },
    { path: 'streaming/Dockerfile', kind: 'text', render: () => dockerfile(plan) },
    {
      path: 'streaming/.dockerignore',
      kind: 'text',
      render: () => lines('node_modules/', 'dist/', 'gen/', '*.md'),
    },
    { path: 'streaming/clients/catalog.ts', kind: 'text', render: () => tsCatalog(plan) },
    { path: 'streaming/clients/values.ts', kind: 'text', render: () => tsValues() },
    { path: 'streaming/clients/settings.ts', kind: 'text', render: () => tsSettings(plan) },
    { path: 'streaming/clients/codec.ts', kind: 'text', render: () => tsCodec(plan) },
    { path: 'streaming/clients/retry.ts', kind: 'text', render: () => tsRetry() },
    { path: 'streaming/clients/warehouse.ts', kind: 'text', render: () => tsWarehouse(plan) },
    { path: 'streaming/clients/support.ts', kind: 'text', render: () => tsSupport(plan) },
    { path: 'streaming/clients/samples.ts', kind: 'text', render: () => tsSamples() },
    { path: 'streaming/producers/produce-events.ts', kind: 'text', render: () => tsProducer(plan) },
    { path: 'streaming/consumers/load-events.ts', kind: 'text', render: () => tsConsumer(plan) },
  ];
  if (plan.streaming.serialization === 'protobuf') {
    files.push({
      path: 'streaming/buf.gen.yaml',
      kind: 'yaml',
      header: [
        'TypeScript code for the event schemas: `npm --prefix streaming run codegen` (runs before every build).',
      ],
      data: () => bufGen(),
    });
  }
  return files;
}
