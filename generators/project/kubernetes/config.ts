import type { EnvVar, ProjectModel } from '../../types.js';
import { lines } from '../../shared/text.js';

/**
 * Non-secret configuration of the workloads, from the env registry: the names the code reads,
 * with production values where the local ones cannot work in a cluster. It becomes the
 * `pipeline-config` ConfigMap (kustomize configMapGenerator; a change rolls the pods).
 */
const RUNTIME_USERS = ['loaders', 'consumers', 'producers'];

/** Local-only overrides (emulators) never reach the cluster. */
const LOCAL_ONLY = new Set([
  'KINESIS_ENDPOINT_URL',
  'PUBSUB_EMULATOR_HOST',
  'VAULT_ADDR',
  'KAFKA_CONNECT_URL',
  'PREFECT_API_URL',
]);

export function configVariables(model: ProjectModel): EnvVar[] {
  return model.env.filter(
    (variable) =>
      !variable.isSecret &&
      !LOCAL_ONLY.has(variable.name) &&
      variable.usedBy.some(
        (user) =>
          RUNTIME_USERS.includes(user) ||
          user.startsWith('dbt') ||
          user.startsWith('orchestrator') ||
          user === 'make transform',
      ),
  );
}

function productionValue(model: ProjectModel, variable: EnvVar): string {
  switch (variable.name) {
    case 'KAFKA_SECURITY_PROTOCOL':
      return 'SASL_SSL';
    case 'DBT_TARGET':
      return 'prod';
    case 'DUCKDB_PATH':
      // A DuckDB file cannot be shared by pods: in the cluster the workloads use MotherDuck.
      return model.architecture.warehouse === 'duckdb'
        ? `md:${model.snakeName}`
        : '/tmp/warehouse.duckdb';
    default:
      return variable.example;
  }
}

export function renderPipelineEnv(model: ProjectModel): string {
  return lines(
    `# Configuration of the ${model.name} workloads in the cluster (no secrets: those come from the`,
    '# secret store, see config/secrets/README.md). kustomize turns this file into the pipeline-config',
    '# ConfigMap. Values are production defaults or the examples of .env.example: set the endpoints',
    '# of this environment before the first deploy.',
    configVariables(model).map((variable) => [
      `# ${variable.description}`,
      `${variable.name}=${productionValue(model, variable)}`,
    ]),
  );
}
