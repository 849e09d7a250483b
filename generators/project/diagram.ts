import { WAREHOUSE_TITLES } from '../shared/sql-dialect.js';
import type { ProjectModel } from '../types.js';

const BROKER_TITLES: Record<ProjectModel['streaming']['broker'], string> = {
  kafka: 'Kafka',
  redpanda: 'Redpanda',
  kinesis: 'Kinesis Data Streams',
  pubsub: 'Pub/Sub',
  pulsar: 'Pulsar',
};

const PROCESSOR_TITLES: Record<ProjectModel['streaming']['processor'], string> = {
  none: '',
  flink: 'Flink job',
  'spark-structured-streaming': 'Spark Structured Streaming',
  'kafka-streams': 'Kafka Streams app',
  ksqldb: 'ksqlDB queries',
};

const ORCHESTRATOR_TITLES: Record<ProjectModel['transforms']['orchestrator'], string> = {
  airflow: 'Airflow DAG',
  dagster: 'Dagster assets',
  prefect: 'Prefect flow',
  cron: 'cron',
};

/**
 * A Mermaid flowchart of this project's actual flow: only the parts the chain generates, with
 * this project's entity, topic and model names.
 */
export function architectureDiagram(model: ProjectModel): string {
  const rows: string[] = ['flowchart LR'];
  const warehouse = `${WAREHOUSE_TITLES[model.architecture.warehouse]}${model.architecture.warehouse === 'duckdb' ? '' : ' (prod) / DuckDB (local)'}`;
  const entityList = model.entities.map((entity) => entity.name).join(', ');
  rows.push(`  raw[("raw schema<br/>${entityList}")]`);
  rows.push(`  wh[("${warehouse}")]`);
  if (model.flags.hasStreaming) {
    rows.push(`  src["Producers<br/>(${model.streaming.language})"]`);
    if (model.streaming.cdc !== 'none')
      rows.push(`  db[("Operational DB")] -->|Debezium CDC| broker`);
    rows.push(
      `  broker{{"${BROKER_TITLES[model.streaming.broker]}<br/>${model.topics.length} topics + DLQs"}}`,
    );
    rows.push('  src -->|events| broker');
    if (model.streaming.processor !== 'none') {
      rows.push(
        `  proc["${PROCESSOR_TITLES[model.streaming.processor]}<br/>windows + checkpoints"]`,
      );
      rows.push('  broker --> proc --> broker');
    }
    rows.push('  broker -->|sink / loader| raw');
  } else {
    rows.push('  src["Source systems"] -->|batch loads| raw');
  }
  if (model.flags.usesPythonTransforms) {
    rows.push(`  py["Python transforms<br/>(${model.transforms.tool})"]`);
    rows.push('  raw --> py --> wh');
  }
  if (model.flags.usesDbt) {
    rows.push('  stg["dbt staging<br/>stg_*"] --> marts["dbt marts<br/>dim_* / fct_*"]');
    rows.push('  raw --> stg');
    rows.push('  marts --> wh');
  } else if (!model.flags.usesPythonTransforms) {
    rows.push('  raw --> wh');
  }
  if (model.flags.hasTransforms) {
    rows.push(
      `  orch["${ORCHESTRATOR_TITLES[model.transforms.orchestrator]}<br/>${model.transforms.schedule}"]`,
    );
    rows.push(
      `  orch -.schedules.-> ${model.flags.usesDbt ? 'stg' : model.flags.usesPythonTransforms ? 'py' : 'wh'}`,
    );
  }
  if (model.flags.usesPrometheus) {
    rows.push('  prom["Prometheus + Grafana<br/>lag, freshness, failures"]');
    rows.push(`  prom -.monitors.-> ${model.flags.hasStreaming ? 'broker' : 'wh'}`);
  }
  if (model.flags.hasSecrets) {
    rows.push(`  secrets["${model.secrets.store}"] -.credentials.-> wh`);
  }
  rows.push('  wh --> bi["Dashboards / consumers"]');
  return rows.join('\n');
}
