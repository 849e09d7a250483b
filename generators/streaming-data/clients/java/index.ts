import { lines } from '../../../shared/text.js';
import type { FileSpec } from '../../../types.js';
import type { StreamPlan } from '../../plan.js';
import { brokerDependencies, JAVA_VERSIONS, renderPom } from './build.js';
import { javaCatalog, javaCodec, javaDecodeException, javaSettings, javaValues } from './common.js';
import { javaRawLoader, javaRetry } from './loader.js';
import { javaConsumer, javaProducer, javaPubsubSupport, javaPulsarSupport } from './programs.js';
import { javaLoaderSupport, javaSamples } from './support.js';

/** Java sources of a package under a Maven project root (`streaming/src/main/java/...`). */
export function javaSourcePath(root: string, pkg: string, className: string): string {
  return `${root}/src/main/java/${pkg.replaceAll('.', '/')}/${className}.java`;
}

/** The shared classes (catalog, values, codec, settings…) of a Java project in the given package. */
export function javaSharedSources(plan: StreamPlan, root: string, pkg: string): FileSpec[] {
  const file = (name: string, render: () => string): FileSpec => ({
    path: javaSourcePath(root, pkg, name),
    kind: 'text',
    render,
  });
  const files = [
    file('Catalog', () => javaCatalog(plan, pkg)),
    file('Values', () => javaValues(pkg)),
    file('Settings', () => javaSettings(plan, pkg)),
    file('Codec', () => javaCodec(plan, pkg)),
    file('DecodeException', () => javaDecodeException(pkg)),
    file('Retry', () => javaRetry(pkg)),
  ];
  if (plan.streaming.broker === 'pubsub')
    files.push(file('PubSubSupport', () => javaPubsubSupport(pkg)));
  if (plan.streaming.broker === 'pulsar')
    files.push(file('PulsarSupport', () => javaPulsarSupport(pkg)));
  return files;
}

/** The Java clients: a Maven project in streaming/ with the producer and the raw loader. */
export function javaClientFiles(plan: StreamPlan): FileSpec[] {
  // Three source roots of one Maven module, so producers and consumers live in their own folders.
  const root = 'streaming/clients';
  const clients = `${plan.javaPackage}.clients`;
  return [
    {
      path: 'streaming/pom.xml',
      kind: 'text',
      render: () =>
        renderPom({
          plan,
          artifactId: 'streaming-clients',
          name: `${plan.model.title} streaming clients`,
          description: `Producer and raw loader of ${plan.model.title}: \`mvn -f streaming/pom.xml package\` builds target/streaming-clients.jar.`,
          dependencies: [
            ...brokerDependencies(plan),
            { groupId: 'org.duckdb', artifactId: 'duckdb_jdbc', version: JAVA_VERSIONS.duckdb },
          ],
          protoSourceRoot: plan.streaming.serialization === 'protobuf' ? 'schemas' : null,
          finalName: 'streaming-clients',
          sourceRoots: [
            'clients/src/main/java',
            'producers/src/main/java',
            'consumers/src/main/java',
          ],
        }),
    },
    { path: 'streaming/Dockerfile', kind: 'text', render: () => javaDockerfile(plan) },
    { path: 'streaming/.dockerignore', kind: 'text', render: () => lines('target/', '*.md') },
    ...javaSharedSources(plan, root, clients),
    {
      path: javaSourcePath(root, clients, 'RawLoader'),
      kind: 'text',
      render: () => javaRawLoader(plan, clients),
    },
    {
      path: javaSourcePath(root, clients, 'LoaderSupport'),
      kind: 'text',
      render: () => javaLoaderSupport(plan, clients),
    },
    {
      path: javaSourcePath(root, clients, 'Samples'),
      kind: 'text',
      render: () => javaSamples(clients),
    },
    {
      path: javaSourcePath('streaming/producers', `${plan.javaPackage}.producers`, 'ProduceEvents'),
      kind: 'text',
      render: () => javaProducer(plan),
    },
    {
      path: javaSourcePath('streaming/consumers', `${plan.javaPackage}.consumers`, 'LoadEvents'),
      kind: 'text',
      render: () => javaConsumer(plan),
    },
  ];
}

function javaDockerfile(plan: StreamPlan): string {
  return lines(
    `# Image of the ${plan.model.title} streaming clients: the raw loader (default command) and the producer.`,
    '# Built by docker compose (service stream-loader); the same image runs on Kubernetes.',
    `FROM maven:${JAVA_VERSIONS.maven} AS build`,
    'WORKDIR /build',
    '# Dependencies first: this layer is reused until the pom changes.',
    'COPY pom.xml .',
    'RUN mvn -q -B dependency:go-offline',
    'COPY clients ./clients',
    'COPY producers ./producers',
    'COPY consumers ./consumers',
    'COPY schemas ./schemas',
    'RUN mvn -q -B package',
    '',
    `FROM eclipse-temurin:${JAVA_VERSIONS.jre}`,
    'WORKDIR /app',
    'COPY --from=build /build/target/streaming-clients.jar /app/streaming-clients.jar',
    '# The clients read schemas/, samples/ and config/ relative to the working directory.',
    'COPY schemas ./schemas',
    'COPY samples ./samples',
    plan.isKafkaApi && 'COPY config ./config',
    '# An unprivileged user; the DuckDB file lives on the mounted /data volume.',
    'RUN useradd --system --uid 10001 --no-create-home loader && mkdir -p /data && chown 10001 /data',
    'USER 10001',
    `CMD ["java", "-XX:MaxRAMPercentage=75", "-cp", "/app/streaming-clients.jar", "${plan.javaPackage}.consumers.LoadEvents"]`,
  );
}
