import type { Contributions, MakeTarget, ProjectModel } from '../../types.js';
import { AIRFLOW_IMAGE, airflowDagPath } from './airflow.js';
import { RUN_SCRIPT_PATH } from './cron.js';
import { dagsterModule } from './dagster.js';
import {
  DBT_LOCATION_ARGS,
  pipelineName,
  pipelineSteps,
  pythonLibrary,
  runTargetName,
} from './plan.js';
import { PREFECT_IMAGE, prefectWorkPool } from './prefect.js';
import { orchestratorRequirements, pipelineRequirements } from './requirements.js';
import { STATSD_EXPORTER } from '../../performance-engineering/prometheus/config.js';

const POSTGRES_IMAGE = 'postgres:16.9-bookworm';

/** Compose services, make targets, docs and requirements of the orchestration part. */
export function buildContributions(model: ProjectModel): Contributions {
  const services = composeServices(model);
  return {
    composeServices: services.services,
    composeVolumes: services.volumes,
    makeTargets: makeTargets(model),
    keyFiles: keyFiles(model),
    nextSteps: nextSteps(model),
    gitignore: model.transforms.orchestrator === 'cron' ? ['logs/'] : [],
    pythonRequirements: [
      ...pipelineRequirements(model).filter((requirement) => !requirement.startsWith('duckdb')),
      ...orchestratorRequirements(model),
    ],
    readmeSections: [{ title: 'Transformations', body: readmeSection(model) }],
    runbook: runbookEntries(model),
  };
}

function postgres(user: string, passwordVariable: string, volume: string): Record<string, unknown> {
  return {
    image: POSTGRES_IMAGE,
    environment: {
      POSTGRES_USER: user,
      POSTGRES_PASSWORD: `\${${passwordVariable}:?set ${passwordVariable} in .env}`,
      POSTGRES_DB: user,
    },
    volumes: [`${volume}:/var/lib/postgresql/data`],
    healthcheck: {
      test: ['CMD', 'pg_isready', '-U', user, '-d', user],
      interval: '10s',
      timeout: '5s',
      retries: 5,
      start_period: '10s',
    },
    restart: 'unless-stopped',
  };
}

function workbenchImage(model: ProjectModel): Record<string, unknown> {
  // The workbench image (docker/workbench/Dockerfile) holds requirements.txt: the orchestrator and the pipeline.
  return {
    build: { context: '.', dockerfile: 'docker/workbench/Dockerfile' },
    image: `${model.name}-workbench:local`,
    // Run as the user who owns the project folder, so what the service writes there stays theirs.
    user: '${LOCAL_UID:-1000}:${LOCAL_GID:-1000}',
  };
}

function pythonHealthcheck(url: string): Record<string, unknown> {
  return {
    test: [
      'CMD',
      'python',
      '-c',
      `import urllib.request; urllib.request.urlopen(${JSON.stringify(url)}, timeout=5)`,
    ],
    interval: '30s',
    timeout: '10s',
    retries: 5,
    start_period: '30s',
  };
}

const WEBSERVER = [
  'dagster-webserver',
  '-h',
  '0.0.0.0',
  '-p',
  '3000',
  '-w',
  '/opt/project/transforms/dagster/workspace.yaml',
];

function composeServices(model: ProjectModel): {
  services: Record<string, Record<string, unknown>>;
  volumes: string[];
} {
  switch (model.transforms.orchestrator) {
    case 'airflow':
      return airflowServices(model);
    case 'dagster': {
      const common = {
        ...workbenchImage(model),
        working_dir: '/opt/project',
        env_file: [{ path: '.env', required: false }],
        environment: {
          DAGSTER_HOME: '/opt/dagster/home',
          DAGSTER_PG_PASSWORD: '${DAGSTER_PG_PASSWORD:?set DAGSTER_PG_PASSWORD in .env}',
          DUCKDB_PATH: '/opt/project/data/warehouse.duckdb',
        },
        volumes: [
          './:/opt/project',
          './transforms/dagster/dagster.yaml:/opt/dagster/home/dagster.yaml:ro',
        ],
        depends_on: { 'dagster-postgres': { condition: 'service_healthy' } },
        restart: 'unless-stopped',
      };
      return {
        services: {
          'dagster-postgres': postgres('dagster', 'DAGSTER_PG_PASSWORD', 'dagster-postgres-data'),
          'dagster-webserver': {
            ...common,
            command: model.flags.usesDbt
              ? [
                  'sh',
                  '-c',
                  // dagster-dbt loads the manifest when the code location loads: parse first.
                  `dbt parse ${DBT_LOCATION_ARGS.join(' ')} --quiet && exec ${WEBSERVER.join(' ')}`,
                ]
              : WEBSERVER,
            ports: ['3000:3000'],
            healthcheck: pythonHealthcheck('http://localhost:3000/server_info'),
          },
          'dagster-daemon': {
            ...common,
            // Starts once the webserver is up, so the dbt manifest it parsed exists.
            depends_on: {
              ...common.depends_on,
              'dagster-webserver': { condition: 'service_healthy' },
            },
            // The daemon runs schedules and the run queue (one pipeline run at a time).
            command: [
              'dagster-daemon',
              'run',
              '-w',
              '/opt/project/transforms/dagster/workspace.yaml',
            ],
            healthcheck: {
              test: ['CMD', 'dagster-daemon', 'liveness-check'],
              interval: '60s',
              timeout: '30s',
              retries: 3,
              start_period: '60s',
            },
          },
        },
        volumes: ['dagster-postgres-data'],
      };
    }
    case 'prefect':
      return {
        services: {
          'prefect-server': {
            image: PREFECT_IMAGE,
            command: ['prefect', 'server', 'start', '--host', '0.0.0.0'],
            ports: ['4200:4200'],
            volumes: ['prefect-data:/root/.prefect'],
            healthcheck: pythonHealthcheck('http://localhost:4200/api/health'),
            restart: 'unless-stopped',
          },
          'prefect-worker': {
            ...workbenchImage(model),
            working_dir: '/opt/project',
            // --type process creates the pool when missing; the deployment (prefect.yaml) targets it.
            command: [
              'prefect',
              'worker',
              'start',
              '--pool',
              prefectWorkPool(model),
              '--type',
              'process',
              '--with-healthcheck',
            ],
            env_file: [{ path: '.env', required: false }],
            environment: {
              PREFECT_API_URL: 'http://prefect-server:4200/api',
              DUCKDB_PATH: '/opt/project/data/warehouse.duckdb',
            },
            volumes: ['./:/opt/project'],
            depends_on: { 'prefect-server': { condition: 'service_healthy' } },
            healthcheck: pythonHealthcheck('http://localhost:8080/health'),
            restart: 'unless-stopped',
          },
        },
        volumes: ['prefect-data'],
      };
    case 'cron':
      return { services: {}, volumes: [] };
  }
}

function airflowServices(model: ProjectModel): {
  services: Record<string, Record<string, unknown>>;
  volumes: string[];
} {
  const environment = {
    AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
    AIRFLOW__CORE__AUTH_MANAGER:
      'airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager',
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:
      'postgresql+psycopg2://airflow:${AIRFLOW_DB_PASSWORD:?set AIRFLOW_DB_PASSWORD in .env}@airflow-postgres/airflow',
    AIRFLOW__CORE__LOAD_EXAMPLES: 'false',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'true',
    AIRFLOW__CORE__DAGS_FOLDER: '/opt/project/transforms/airflow/dags',
    AIRFLOW__CORE__EXECUTION_API_SERVER_URL: 'http://airflow-apiserver:8080/execution/',
    AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK: 'true',
    // airflow-init writes airflow.cfg (with the generated JWT secret) into the shared config volume,
    // so the API server and the workers sign and verify task tokens with the same key.
    AIRFLOW_CONFIG: '/opt/airflow/config/airflow.cfg',
    DUCKDB_PATH: '/opt/project/data/warehouse.duckdb',
    // With Prometheus in the chain, Airflow's StatsD metrics go to the statsd-exporter, which
    // turns them into the series the DAG-failure alerts read (monitoring/statsd/mappings.yml).
    ...(model.flags.usesPrometheus
      ? {
          AIRFLOW__METRICS__STATSD_ON: 'True',
          AIRFLOW__METRICS__STATSD_HOST: STATSD_EXPORTER.service,
          AIRFLOW__METRICS__STATSD_PORT: String(STATSD_EXPORTER.statsdPort),
          AIRFLOW__METRICS__STATSD_PREFIX: 'airflow',
        }
      : {}),
  };
  const common = {
    build: { context: '.', dockerfile: 'transforms/airflow/Dockerfile' },
    image: `${model.name}-airflow:${AIRFLOW_IMAGE.split(':')[1] ?? 'local'}`,
    user: '${AIRFLOW_UID:-50000}:0',
    env_file: [{ path: '.env', required: false }],
    environment,
    // The whole project is mounted: the DAGs (dags folder above), dbt, the Python transforms, the quality checks.
    volumes: [
      './:/opt/project',
      'airflow-config:/opt/airflow/config',
      'airflow-logs:/opt/airflow/logs',
    ],
    depends_on: {
      'airflow-postgres': { condition: 'service_healthy' },
      'airflow-init': { condition: 'service_completed_successfully' },
    },
  };
  const longRunning = { ...common, restart: 'unless-stopped' };
  return {
    services: {
      'airflow-postgres': postgres('airflow', 'AIRFLOW_DB_PASSWORD', 'airflow-postgres-data'),
      // A one-shot job without a restart policy: it exits, and its success unblocks the others.
      'airflow-init': {
        ...common,
        // The image entrypoint migrates the database and creates the admin user, then writes airflow.cfg.
        entrypoint: '/bin/bash',
        command: ['-c', '/entrypoint airflow config list > /dev/null'],
        environment: {
          ...environment,
          _AIRFLOW_DB_MIGRATE: 'true',
          _AIRFLOW_WWW_USER_CREATE: 'true',
          _AIRFLOW_WWW_USER_USERNAME: 'admin',
          _AIRFLOW_WWW_USER_PASSWORD:
            '${AIRFLOW_ADMIN_PASSWORD:?set AIRFLOW_ADMIN_PASSWORD in .env}',
        },
        depends_on: { 'airflow-postgres': { condition: 'service_healthy' } },
      },
      'airflow-apiserver': {
        ...longRunning,
        command: 'api-server',
        ports: ['8080:8080'],
        healthcheck: {
          test: ['CMD', 'curl', '--fail', 'http://localhost:8080/api/v2/version'],
          interval: '30s',
          timeout: '10s',
          retries: 5,
          start_period: '30s',
        },
      },
      'airflow-scheduler': {
        ...longRunning,
        command: 'scheduler',
        healthcheck: {
          test: ['CMD', 'curl', '--fail', 'http://localhost:8974/health'],
          interval: '30s',
          timeout: '10s',
          retries: 5,
          start_period: '30s',
        },
      },
      'airflow-dag-processor': {
        ...longRunning,
        command: 'dag-processor',
        healthcheck: {
          // --local: only the jobs of this container's host (no shell variable to escape).
          test: ['CMD', 'airflow', 'jobs', 'check', '--job-type', 'DagProcessorJob', '--local'],
          interval: '30s',
          timeout: '10s',
          retries: 5,
          start_period: '30s',
        },
      },
    },
    volumes: ['airflow-postgres-data', 'airflow-config', 'airflow-logs'],
  };
}

function transformCommand(model: ProjectModel): string {
  switch (model.transforms.orchestrator) {
    case 'airflow':
      // -e passes the caller's values (e.g. RAW_SCHEMA=raw_sample on the make command line) into the run.
      return `docker compose exec -e RAW_SCHEMA${model.flags.usesDbt ? ' -e DBT_TARGET' : ''} airflow-scheduler airflow dags test ${pipelineName(model)}`;
    case 'dagster':
      return `${model.flags.usesDbt ? `dbt parse ${DBT_LOCATION_ARGS.join(' ')} --quiet && ` : ''}dagster job execute -m ${dagsterModule(model)} -j ${pipelineName(model)}`;
    case 'prefect':
      return 'python transforms/prefect/flows.py';
    case 'cron':
      return RUN_SCRIPT_PATH;
  }
}

function makeTargets(model: ProjectModel): MakeTarget[] {
  const testDirectories = [
    'tests/unit',
    ...(model.flags.isAtLeast('advanced') ? ['tests/integration'] : []),
  ];
  const targets: MakeTarget[] = [
    {
      name: runTargetName(model),
      help: `Run the orchestrated pipeline once, locally (${model.transforms.orchestrator})`,
      commands: [transformCommand(model)],
    },
    {
      name: 'test-python',
      help: 'Run the Python tests (pytest)',
      commands: [`python -m pytest ${testDirectories.join(' ')}`],
    },
    {
      name: 'test',
      help: 'Run every test of the project',
      commands: [],
      dependsOn: ['test-python'],
    },
    {
      name: 'quality',
      help: 'Run the data-quality checks on the current warehouse',
      commands: pipelineSteps(model)
        .filter((step) => step.kind === 'quality')
        .map((step) =>
          step.okExitCodes ? `${step.argv.join(' ')} || test $$? -le 1` : step.argv.join(' '),
        ),
    },
  ];
  if (model.flags.usesPythonTransforms && !model.flags.usesDbt) {
    targets.push({
      name: 'load-samples',
      help: 'Load the sample rows into the raw_sample schema',
      commands: ['python -m transforms.python.load_samples'],
    });
  }
  switch (model.transforms.orchestrator) {
    case 'airflow':
      targets.push(
        {
          name: 'airflow-ui',
          help: 'Print the Airflow UI address',
          commands: [
            '@echo "Airflow: http://localhost:8080 (user admin, password AIRFLOW_ADMIN_PASSWORD from .env)"',
          ],
        },
        {
          name: 'test-dags',
          help: 'Run the DAG integrity tests inside the Airflow image',
          commands: [
            'docker compose exec airflow-scheduler python -m pytest /opt/project/tests/unit/test_dags.py',
          ],
        },
      );
      break;
    case 'dagster':
      targets.push({
        name: 'dagster-ui',
        help: 'Print the Dagster UI address',
        commands: ['@echo "Dagster: http://localhost:3000"'],
      });
      break;
    case 'prefect':
      targets.push(
        {
          name: 'prefect-ui',
          help: 'Print the Prefect UI address',
          commands: ['@echo "Prefect: http://localhost:4200"'],
        },
        {
          name: 'deploy',
          help: 'Register the Prefect deployment (schedule) with the server',
          commands: ['prefect deploy --prefect-file transforms/prefect/prefect.yaml --all'],
        },
      );
      break;
    case 'cron':
      targets.push({
        name: 'crontab',
        help: 'Print the crontab to install on the host',
        commands: ['@cat transforms/cron/crontab'],
      });
      break;
  }
  return targets;
}

function keyFiles(model: ProjectModel): { path: string; description: string }[] {
  const files = [
    {
      path: 'config/pipeline.yaml',
      description: 'what the pipeline runs, from where to where, on which schedule',
    },
    {
      path: 'config/connections.yaml',
      description: 'connections, credentials as ${VAR} references only',
    },
    {
      path: 'transforms/README.md',
      description: 'how the transformations run and how to run them locally',
    },
  ];
  switch (model.transforms.orchestrator) {
    case 'airflow':
      files.push({
        path: airflowDagPath(model),
        description: `Airflow 3 DAG on "${model.transforms.schedule}"`,
      });
      break;
    case 'dagster':
      files.push({
        path: `transforms/dagster/${model.snakeName}/definitions.py`,
        description: `Dagster assets, job and schedule on "${model.transforms.schedule}"`,
      });
      break;
    case 'prefect':
      files.push(
        { path: 'transforms/prefect/flows.py', description: 'Prefect flow and tasks with retries' },
        {
          path: 'transforms/prefect/prefect.yaml',
          description: `deployment on "${model.transforms.schedule}"`,
        },
      );
      break;
    case 'cron':
      files.push(
        {
          path: 'transforms/cron/crontab',
          description: `crontab on "${model.transforms.schedule}"`,
        },
        { path: RUN_SCRIPT_PATH, description: 'one locked run of every step' },
      );
      break;
  }
  if (model.flags.usesPythonTransforms)
    files.push({
      path: 'transforms/python/run.py',
      description: `Python transforms (${pythonLibrary(model)}) CLI`,
    });
  files.push({ path: 'tests/quality/README.md', description: 'the data-quality gates' });
  return files;
}

function nextSteps(model: ProjectModel): { title: string; command: string }[] {
  const steps: { title: string; command: string }[] = [];
  switch (model.transforms.orchestrator) {
    case 'airflow':
      steps.push({ title: 'Open the Airflow UI', command: 'make airflow-ui' });
      break;
    case 'dagster':
      steps.push({ title: 'Open the Dagster UI', command: 'make dagster-ui' });
      break;
    case 'prefect':
      steps.push(
        { title: 'Register the Prefect deployment', command: 'make deploy' },
        { title: 'Open the Prefect UI', command: 'make prefect-ui' },
      );
      break;
    case 'cron':
      steps.push({ title: 'Print the crontab to install on the host', command: 'make crontab' });
      break;
  }
  if (model.flags.usesPythonTransforms && !model.flags.usesDbt)
    steps.push({ title: 'Load the sample rows', command: 'make load-samples' });
  steps.push({
    title: 'Run the pipeline once on the sample data',
    command: `make ${runTargetName(model)} RAW_SCHEMA=raw_sample`,
  });
  steps.push({ title: 'Run the Python tests', command: 'make test-python' });
  return steps;
}

function readmeSection(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  return [
    `The ${model.transforms.orchestrator} orchestrator runs the pipeline on \`${model.transforms.schedule}\` (UTC): ${steps.map((step) => `\`${step.id}\``).join(' → ')}.`,
    `Approach ${model.transforms.approach}, tool ${model.transforms.tool}${model.flags.usesPythonTransforms ? ` (Python transforms in ${pythonLibrary(model)})` : ''}, quality gate ${model.transforms.quality}, incremental strategy ${model.transforms.incremental}.`,
    'See [transforms/README.md](transforms/README.md) and [config/pipeline.yaml](config/pipeline.yaml).',
  ].join('\n');
}

function runbookEntries(model: ProjectModel): { title: string; body: string }[] {
  const orchestrator = {
    airflow: 'Airflow DAG run',
    dagster: 'Dagster run',
    prefect: 'Prefect flow run',
    cron: 'Cron pipeline run',
  }[model.transforms.orchestrator];
  const where = {
    airflow: `Open the failed task of \`${pipelineName(model)}\` in the Airflow UI (\`make airflow-ui\`) and read its log.`,
    dagster: `Open the failed run of \`${pipelineName(model)}\` in the Dagster UI (\`make dagster-ui\`) and read the failed step's logs.`,
    prefect: `Open the failed flow run of \`${pipelineName(model)}\` in the Prefect UI (\`make prefect-ui\`) and read the failed task's logs.`,
    cron: 'Read `logs/pipeline.log` on the cron host: each step logs start, done or FAILED with its exit code.',
  }[model.transforms.orchestrator];
  return [
    {
      title: `${orchestrator} failed`,
      body: [
        where,
        'Failed steps were already retried with exponential backoff, so the error is not a blip: a credential',
        '(check the variables named in `.env.example`, e.g. ' +
          (model.env
            .filter((variable) => variable.isSecret)
            .map((variable) => `\`${variable.name}\``)
            .slice(0, 3)
            .join(', ') || '`DUCKDB_PATH`') +
          '), the warehouse being down, or a',
        'change in the raw data. Fix the cause, then re-run the same interval: every step is idempotent for its',
        `data interval, so a re-run replaces instead of duplicating (\`make ${runTargetName(model)}\` runs one locally).`,
      ].join('\n'),
    },
    {
      title: 'Data quality check failed',
      body: [
        'The run stopped at its quality gate, so the marts were not published from the bad data.',
        'Run `make quality` to see the failing checks (`tests/quality/README.md` lists them). Decide whether the',
        'data is wrong (fix it at the source or in the transformation, then re-run the interval) or the rule',
        'is (change it in the same pull request that explains why). Never retry the run to make it pass.',
      ].join('\n'),
    },
  ];
}
