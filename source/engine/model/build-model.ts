import type { AnswerMap } from '../answers/types.js';
import type { AnswerValue, Maturity, Section } from '../skills/types.js';
import { MATURITIES } from '../skills/types.js';
import type { Decision } from '../workflow/state.js';
import { buildEntities, type EntityCatalogue } from './entities.js';
import { environmentFor } from './env.js';
import { snakeCase, titleCase } from './naming.js';
import type { ModelFlags, ProjectModel, Topic } from './types.js';

export interface BuildModelInput {
  answers: AnswerMap;
  chain: readonly string[];
  goal: string;
  decisions: readonly Decision[];
  entityCatalogue: EntityCatalogue;
  toolVersion: string;
  /** The chain-level section and the skills, for the prompts shown in the choices summary. */
  sections: readonly Section[];
}

/** Answers → the project model every generator renders from. */
export function buildModel(input: BuildModelInput): ProjectModel {
  const { answers } = input;
  const get = (key: string): AnswerValue | undefined => answers.get(key)?.value;
  const text = (key: string, fallback: string) => {
    const value = get(key);
    return typeof value === 'string' && value !== '' ? value : fallback;
  };
  const number = (key: string, fallback: number) => {
    const value = get(key);
    return typeof value === 'number' ? value : fallback;
  };
  const list = (key: string) => {
    const value = get(key);
    return Array.isArray(value) ? value : [];
  };
  const chain = [...input.chain];
  const has = (skill: string) => chain.includes(skill);

  const name = text('project.name', 'data-pipeline');
  const maturity = text('project.maturity', 'intermediate') as Maturity;
  const deployment = text('project.deployment', 'docker-compose') as ProjectModel['deployment'];
  const storage = text(
    'architecting-data.storage',
    'warehouse',
  ) as ProjectModel['architecture']['storage'];
  const tool = text('transforming-data.tool', 'dbt') as ProjectModel['transforms']['tool'];
  const approach = text(
    'transforming-data.approach',
    'elt',
  ) as ProjectModel['transforms']['approach'];
  const broker = text('streaming-data.broker', 'kafka') as ProjectModel['streaming']['broker'];
  const serialization = text(
    'streaming-data.serialization',
    'avro',
  ) as ProjectModel['streaming']['serialization'];
  const metrics = text(
    'performance-engineering.metrics',
    'prometheus-grafana',
  ) as ProjectModel['performance']['metrics'];
  const store = text('secret-management.store', 'vault') as ProjectModel['secrets']['store'];
  const entityNames = list('architecting-data.entities');

  const flags: ModelFlags = {
    hasArchitecture: has('architecting-data'),
    hasStreaming: has('streaming-data'),
    hasTransforms: has('transforming-data'),
    hasSql: has('optimizing-sql'),
    hasSecrets: has('secret-management'),
    hasPerformance: has('performance-engineering'),
    usesDbt: has('transforming-data') && (tool === 'dbt' || approach === 'hybrid'),
    usesPythonTransforms: has('transforming-data') && (tool !== 'dbt' || approach !== 'elt'),
    usesKafkaApi: broker === 'kafka' || broker === 'redpanda',
    usesKubernetes: deployment !== 'docker-compose',
    // The local stack is always generated (deliverable 27), Kubernetes or not.
    usesCompose: true,
    usesPrometheus: has('performance-engineering') && metrics === 'prometheus-grafana',
    usesVault: has('secret-management') && store === 'vault',
    usesSchemaRegistry: has('streaming-data') && (broker === 'kafka' || broker === 'redpanda'),
    isAtLeast: (level: Maturity) => MATURITIES.indexOf(maturity) >= MATURITIES.indexOf(level),
  };

  const entities = buildEntities(
    entityNames.length > 0 ? entityNames : ['customers', 'orders'],
    input.entityCatalogue,
  );
  const domain = snakeCase(name.replace(/-pipeline$/, '') || name);
  const partitions = number('streaming-data.partitions', 6);
  const replicationFactor = number('streaming-data.replication_factor', 3);
  const retentionDays = number('streaming-data.retention_days', 7);
  const topics: Topic[] = flags.hasStreaming
    ? entities.map((entity) => ({
        entity: entity.name,
        name: `${domain}.${entity.name}.v1`,
        dlq: `${domain}.${entity.name}.v1.dlq`,
        isCompacted: entity.kind === 'dimension',
        partitions,
        replicationFactor,
        retentionMs: retentionDays * 86_400_000,
        keyColumn: entity.key.name,
      }))
    : [];

  const warehouse = text(
    'architecting-data.warehouse',
    'duckdb',
  ) as ProjectModel['architecture']['warehouse'];
  const model: Omit<ProjectModel, 'env'> = {
    name,
    snakeName: snakeCase(name),
    domain,
    title: titleCase(name),
    goal: input.goal,
    toolVersion: input.toolVersion,
    maturity,
    cloud: text('project.cloud', 'aws') as ProjectModel['cloud'],
    processing: text('project.processing', 'batch') as ProjectModel['processing'],
    volume: text('project.volume', 'small') as ProjectModel['volume'],
    deployment,
    chain,
    architecture: {
      storage,
      warehouse,
      modeling: text(
        'architecting-data.modeling',
        'dimensional',
      ) as ProjectModel['architecture']['modeling'],
      tableFormat:
        storage === 'warehouse'
          ? null
          : (text('architecting-data.table_format', 'iceberg') as 'iceberg'),
      partitioning: text(
        'architecting-data.partitioning',
        'event-date',
      ) as ProjectModel['architecture']['partitioning'],
    },
    streaming: {
      broker,
      serialization,
      delivery: text(
        'streaming-data.delivery',
        'at-least-once',
      ) as ProjectModel['streaming']['delivery'],
      processor: text('streaming-data.processor', 'none') as ProjectModel['streaming']['processor'],
      cdc: text('streaming-data.cdc', 'none') as ProjectModel['streaming']['cdc'],
      language: text('streaming-data.language', 'python') as ProjectModel['streaming']['language'],
      partitions,
      retentionDays,
      replicationFactor,
    },
    transforms: {
      approach,
      tool,
      orchestrator: text(
        'transforming-data.orchestrator',
        'airflow',
      ) as ProjectModel['transforms']['orchestrator'],
      schedule: text('transforming-data.schedule', '0 * * * *'),
      quality: text(
        'transforming-data.quality',
        'dbt-tests',
      ) as ProjectModel['transforms']['quality'],
      incremental: text(
        'transforming-data.incremental',
        'merge',
      ) as ProjectModel['transforms']['incremental'],
    },
    sql: {
      engine: text('optimizing-sql.engine', warehouse) as ProjectModel['sql']['engine'],
      workload: text('optimizing-sql.workload', 'dashboards') as ProjectModel['sql']['workload'],
      techniques: list('optimizing-sql.techniques') as ProjectModel['sql']['techniques'],
      slowQuery: text('optimizing-sql.slow_query', ''),
    },
    secrets: {
      store,
      k8sDelivery: text(
        'secret-management.k8s_delivery',
        'none',
      ) as ProjectModel['secrets']['k8sDelivery'],
      dynamicDbCredentials: get('secret-management.dynamic_db_credentials') === true,
      rotationDays: number('secret-management.rotation_days', 90),
      scanning: get('secret-management.scanning') !== false,
    },
    performance: {
      metrics,
      freshnessSloMinutes: number('performance-engineering.freshness_slo_minutes', 60),
      lagAlertThreshold: number('performance-engineering.lag_alert_threshold', 10_000),
      latencyP95Ms: number('performance-engineering.latency_p95_ms', 5000),
      alertRoute: text(
        'performance-engineering.alert_route',
        'slack',
      ) as ProjectModel['performance']['alertRoute'],
      loadTool: text(
        'performance-engineering.load_tool',
        'k6',
      ) as ProjectModel['performance']['loadTool'],
      autoscaling: text(
        'performance-engineering.autoscaling',
        'keda-on-lag',
      ) as ProjectModel['performance']['autoscaling'],
    },
    entities,
    facts: entities.filter((entity) => entity.kind === 'fact'),
    dimensions: entities.filter((entity) => entity.kind === 'dimension'),
    topics,
    decisions: [...input.decisions],
    choices: input.sections
      .filter((section) => section.id === 'project' || chain.includes(section.id))
      .map((section) => ({
        section: section.id,
        title: section.title,
        answers: section.questions.flatMap((question) => {
          const answer = answers.get(question.key);
          return answer?.isApplicable
            ? [
                {
                  key: question.key,
                  prompt: question.prompt,
                  value: answer.value,
                  provenance: answer.provenance,
                },
              ]
            : [];
        }),
      })),
    flags,
  };
  return { ...model, env: environmentFor(model) };
}
