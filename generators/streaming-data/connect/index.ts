import { lines } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { usesConnect } from '../contributions/compose.js';
import type { StreamPlan } from '../plan.js';
import { databricksFiles } from './databricks.js';
import { converterPlugin, sinkConnector, type ConnectPlugin } from './sinks.js';
import { IMAGES } from '../contributions/compose.js';

/** streaming/connect/: the sink into the warehouse's raw tables and the Connect image. */
export function connectFiles(plan: StreamPlan): FileSpec[] {
  if (!plan.isKafkaApi) return [];
  const files: FileSpec[] = [];
  const sink = sinkConnector(plan);
  if (sink)
    files.push({ path: `streaming/connect/${sink.file}`, kind: 'json', data: () => sink.config });
  if (plan.model.architecture.warehouse === 'databricks') files.push(...databricksFiles(plan));
  if (usesConnect(plan))
    files.push({
      path: 'streaming/connect/Dockerfile',
      kind: 'text',
      render: () => connectDockerfile(plan),
    });
  return files;
}

function connectDockerfile(plan: StreamPlan): string {
  const plugins: ConnectPlugin[] = [converterPlugin(plan)];
  const sink = sinkConnector(plan);
  if (sink?.plugin) plugins.push(sink.plugin);
  return lines(
    `# Kafka Connect for ${plan.model.title}: the Debezium image (its PostgreSQL and MySQL source`,
    '# connectors and its JDBC sink are included) plus the Confluent schema-registry converter and the',
    '# sink connector. Plugins are downloaded in a separate stage so the final image has no curl/unzip',
    '# layers; bump the versions here and rebuild (`docker compose build kafka-connect`).',
    'FROM alpine:3.22 AS plugins',
    'RUN apk add --no-cache curl unzip',
    'WORKDIR /plugins',
    plugins.map((plugin) => [
      `# ${plugin.title}`,
      plugin.kind === 'zip'
        ? `RUN curl -fsSL -o plugin.zip "${plugin.url}" && unzip -q plugin.zip && rm plugin.zip`
        : `RUN mkdir -p ${plugin.folder} && curl -fsSL -o ${plugin.folder}/${plugin.url.split('/').pop() ?? 'connector.jar'} "${plugin.url}"`,
      (plugin.extraJars ?? []).map(
        (jar) => `RUN curl -fsSL -o ${plugin.folder}/lib/${jar.file} "${jar.url}"`,
      ),
    ]),
    '',
    `FROM ${IMAGES.debeziumConnect}`,
    "# Everything under /kafka/connect is on the worker's plugin.path, each plugin isolated in its folder.",
    'COPY --from=plugins /plugins/ /kafka/connect/',
  );
}
