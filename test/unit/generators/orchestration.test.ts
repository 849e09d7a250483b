import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  orchestrationContributions,
  orchestrationFiles,
} from '../../../generators/transforming-data/orchestration/index.js';
import {
  dbtRawSchema,
  lookbackHours,
  pipelineName,
  pipelineSteps,
  pythonLibrary,
  pythonTable,
  runTargetName,
  scheduleIntervalMinutes,
} from '../../../generators/transforming-data/orchestration/plan.js';
import type { ProjectModel } from '../../../source/engine/model/types.js';
import { buildProject } from '../../support/project.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';

const ALL_SKILLS = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

async function modelWith(set: Record<string, string | string[]>): Promise<ProjectModel> {
  const { model } = await buildProject({
    goal: 'unit test pipeline',
    skills: ALL_SKILLS,
    set: { 'project.name': 'shop', 'architecting-data.entities': ['customers', 'orders'], ...set },
  });
  return model;
}

function render(model: ProjectModel): Promise<Map<string, string>> {
  return renderFileSpecs(orchestrationFiles(model));
}

describe('the plan of a run', () => {
  it('estimates the interval of a schedule for timeouts and lookbacks', () => {
    expect(scheduleIntervalMinutes('*/15 * * * *')).toBe(15);
    expect(scheduleIntervalMinutes('0 * * * *')).toBe(60);
    expect(scheduleIntervalMinutes('0 */6 * * *')).toBe(360);
    expect(scheduleIntervalMinutes('0 2 * * *')).toBe(1440);
    expect(scheduleIntervalMinutes('30 6 * * 1-5')).toBe(1440);
    expect(scheduleIntervalMinutes('0,30 * * * *')).toBe(30);
    expect(scheduleIntervalMinutes('@weekly')).toBe(10080);
  });

  it('picks the Python library from the tool, or from the volume when the tool is dbt', async () => {
    expect(pythonLibrary(await modelWith({ 'transforming-data.tool': 'polars' }))).toBe('polars');
    expect(
      pythonLibrary(
        await modelWith({
          'transforming-data.tool': 'dbt',
          'transforming-data.approach': 'hybrid',
          'project.volume': 'small',
        }),
      ),
    ).toBe('pandas');
    expect(
      pythonLibrary(
        await modelWith({
          'transforming-data.tool': 'dbt',
          'transforming-data.approach': 'hybrid',
          'project.volume': 'medium',
        }),
      ),
    ).toBe('polars');
    expect(
      pythonLibrary(
        await modelWith({
          'transforming-data.tool': 'dbt',
          'transforming-data.approach': 'hybrid',
          'project.volume': 'large',
        }),
      ),
    ).toBe('pyspark');
  });

  it('orders Python, freshness, build and the gates, and feeds dbt the prepared schema in hybrid', async () => {
    const hybrid = await modelWith({
      'transforming-data.tool': 'pandas',
      'transforming-data.approach': 'hybrid',
      'transforming-data.quality': 'soda',
    });
    expect(pipelineSteps(hybrid).map((step) => step.id)).toEqual([
      'transform_customers',
      'transform_orders',
      'dbt_source_freshness',
      'dbt_build',
      'dbt_test_gate',
      'soda_scan',
    ]);
    expect(dbtRawSchema(hybrid)).toEqual({ kind: 'literal', value: 'prepared' });
    expect(pythonTable(hybrid, hybrid.entities[1] as ProjectModel['entities'][number])).toEqual({
      schema: 'prepared',
      table: 'orders',
    });

    const elt = await modelWith({
      'transforming-data.tool': 'dbt',
      'transforming-data.approach': 'elt',
      'transforming-data.quality': 'great-expectations',
    });
    expect(pipelineSteps(elt).map((step) => step.id)).toEqual([
      'dbt_source_freshness',
      'dbt_build',
      'dbt_test_gate',
      'great_expectations',
    ]);
    expect(dbtRawSchema(elt)).toEqual({ kind: 'env', name: 'RAW_SCHEMA' });

    const python = await modelWith({
      'transforming-data.tool': 'polars',
      'transforming-data.approach': 'etl',
      'transforming-data.quality': 'dbt-tests',
    });
    expect(pipelineSteps(python).map((step) => step.id)).toEqual([
      'transform_customers',
      'transform_orders',
      'mart_checks',
    ]);
    expect(pythonTable(python, python.entities[1] as ProjectModel['entities'][number])).toEqual({
      schema: 'marts',
      table: 'fct_orders',
    });
  });

  it('re-reads more history for daily schedules than for hourly ones', async () => {
    expect(lookbackHours(await modelWith({ 'transforming-data.schedule': '0 * * * *' }))).toBe(3);
    expect(lookbackHours(await modelWith({ 'transforming-data.schedule': '0 2 * * *' }))).toBe(48);
  });
});

describe('the generated files', () => {
  it('write config/pipeline.yaml with the answered schedule and the project entities', async () => {
    const model = await modelWith({
      'transforming-data.schedule': '30 6 * * 1-5',
      'transforming-data.incremental': 'append',
    });
    const file = orchestrationFiles(model).find((item) => item.path === 'config/pipeline.yaml');
    if (file?.kind !== 'yaml') throw new Error('config/pipeline.yaml is not a YAML file spec');
    const config = file.data() as Record<string, Record<string, unknown> & unknown[]>;
    expect(Object.keys(config)).toEqual(
      expect.arrayContaining([
        'source',
        'destination',
        'schedule',
        'entities',
        'incremental',
        'quality',
        'freshness',
      ]),
    );
    expect(config.schedule).toMatchObject({
      cron: '30 6 * * 1-5',
      timezone: 'UTC',
      catchup: false,
      max_active_runs: 1,
    });
    expect(config.incremental).toMatchObject({ strategy: 'append', lookback_hours: 48 });
    expect((config.entities as unknown as { name: string }[]).map((entity) => entity.name)).toEqual(
      ['customers', 'orders'],
    );
  });

  it('reference every credential of connections.yaml as a declared ${VAR}', async () => {
    for (const warehouse of [
      'snowflake',
      'bigquery',
      'redshift',
      'databricks',
      'postgres',
      'duckdb',
    ]) {
      const model = await modelWith({
        'architecting-data.warehouse': warehouse,
        'project.cloud': warehouse === 'bigquery' ? 'gcp' : 'aws',
      });
      const file = orchestrationFiles(model).find(
        (item) => item.path === 'config/connections.yaml',
      );
      if (file?.kind !== 'yaml') throw new Error('config/connections.yaml is not a YAML file spec');
      const text = JSON.stringify(file.data());
      const references = [...text.matchAll(/\$\{([A-Z0-9_]+)\}/g)].map((match) => match[1]);
      expect(references.length, warehouse).toBeGreaterThan(0);
      for (const name of references)
        expect(
          model.env.map((variable) => variable.name),
          `${warehouse}: ${String(name)}`,
        ).toContain(name);
      expect(text, warehouse).not.toMatch(/"(password|token|private_key_path|keyfile)":"(?!\$\{)/);
    }
  });

  it('write the orchestrator of the answer and only that one', async () => {
    const expected: Record<string, string[]> = {
      airflow: [
        'transforms/airflow/dags/shop_pipeline.py',
        'tests/unit/test_dags.py',
        'transforms/airflow/Dockerfile',
      ],
      dagster: [
        'transforms/dagster/shop/definitions.py',
        'transforms/dagster/shop/assets.py',
        'transforms/dagster/dagster.yaml',
        'transforms/dagster/workspace.yaml',
        'tests/unit/test_definitions.py',
      ],
      prefect: [
        'transforms/prefect/flows.py',
        'transforms/prefect/prefect.yaml',
        'tests/unit/test_flows.py',
      ],
      cron: [
        'transforms/cron/crontab',
        'transforms/cron/run-pipeline.sh',
        'tests/unit/test_crontab.py',
      ],
    };
    for (const [orchestrator, paths] of Object.entries(expected)) {
      const files = await render(
        await modelWith({
          'transforming-data.orchestrator': orchestrator,
          'project.maturity': 'intermediate',
        }),
      );
      for (const path of paths) expect(files.has(path), `${orchestrator}: ${path}`).toBe(true);
      const others = Object.entries(expected)
        .filter(([name]) => name !== orchestrator)
        .flatMap(([, list]) => list);
      for (const path of others)
        expect(files.has(path), `${orchestrator} must not write ${path}`).toBe(false);
    }
  });

  it('mark the run script executable and write the Airflow DAG in Airflow 3 style', async () => {
    const cron = orchestrationFiles(
      await modelWith({ 'transforming-data.orchestrator': 'cron', 'project.maturity': 'starter' }),
    );
    expect(cron.find((file) => file.path === 'transforms/cron/run-pipeline.sh')?.isExecutable).toBe(
      true,
    );
    const dag =
      (await render(await modelWith({ 'transforming-data.orchestrator': 'airflow' }))).get(
        'transforms/airflow/dags/shop_pipeline.py',
      ) ?? '';
    expect(dag).toContain('from airflow.sdk import dag, task');
    expect(dag).toContain('from airflow.providers.standard.operators.bash import BashOperator');
    expect(dag).toMatch(/^ {4}catchup=False,$/m);
    expect(dag).not.toContain('schedule_interval');
  });

  it('write Python transforms, their tests and samples only when the project has them', async () => {
    const dbtOnly = await render(
      await modelWith({ 'transforming-data.tool': 'dbt', 'transforming-data.approach': 'elt' }),
    );
    expect([...dbtOnly.keys()].filter((path) => path.startsWith('transforms/python/'))).toEqual([]);
    const pandas = await render(
      await modelWith({ 'transforming-data.tool': 'pandas', 'transforming-data.approach': 'etl' }),
    );
    expect(
      [...pandas.keys()].filter((path) => path.startsWith('transforms/python/samples/')),
    ).toEqual(['transforms/python/samples/customers.csv', 'transforms/python/samples/orders.csv']);
    expect(pandas.get('transforms/python/transform_orders.py')).toContain(
      'def transform_orders(raw: pd.DataFrame) -> pd.DataFrame:',
    );
    expect(pandas.get('tests/unit/test_transform_orders.py')).toContain(
      'def test_keeps_the_first_event_of_a_key',
    );
    expect(pandas.get('tests/unit/test_transform_customers.py')).toContain(
      'def test_keeps_the_latest_version_of_a_key',
    );
    const spark = await render(
      await modelWith({ 'transforming-data.tool': 'pyspark', 'transforming-data.approach': 'etl' }),
    );
    expect(spark.get('transforms/python/cleaning.py')).toContain('try_cast');
    expect(spark.get('tests/conftest.py')).toContain('def spark() -> Iterator[SparkSession]:');
  });

  it('write the end to end test at advanced maturity only', async () => {
    expect(
      (await render(await modelWith({ 'project.maturity': 'advanced' }))).has(
        'tests/integration/test_shop_end_to_end.py',
      ),
    ).toBe(true);
    expect(
      (await render(await modelWith({ 'project.maturity': 'intermediate' }))).has(
        'tests/integration/test_shop_end_to_end.py',
      ),
    ).toBe(false);
  });

  it('write SodaCL checks per quality table, reading the warehouse path from the environment', async () => {
    const model = await modelWith({
      'transforming-data.quality': 'soda',
      'transforming-data.tool': 'dbt',
    });
    const files = orchestrationFiles(model);
    const checks = files.find((file) => file.path === 'tests/quality/soda/checks.yml');
    const configuration = files.find(
      (file) => file.path === 'tests/quality/soda/configuration.yml',
    );
    if (checks?.kind !== 'yaml' || configuration?.kind !== 'yaml')
      throw new Error('Soda files are not YAML file specs');
    expect(Object.keys(checks.data() as object)).toEqual([
      'checks for stg_customers',
      'checks for stg_orders',
    ]);
    expect(configuration.data()).toEqual({
      'data_source warehouse': {
        type: 'duckdb',
        path: '${DUCKDB_PATH}',
        read_only: true,
        schema_name: 'staging',
      },
    });
  });

  it('are deterministic', async () => {
    const model = await modelWith({
      'transforming-data.tool': 'polars',
      'transforming-data.approach': 'hybrid',
      'transforming-data.orchestrator': 'dagster',
    });
    expect(await render(model)).toEqual(await render(model));
  });
});

describe('the contributions', () => {
  it('name the run target run-pipeline when dbt already owns `transform`', async () => {
    const dbt = await modelWith({ 'transforming-data.tool': 'dbt' });
    expect(runTargetName(dbt)).toBe('run-pipeline');
    const pandas = await modelWith({
      'transforming-data.tool': 'pandas',
      'transforming-data.approach': 'etl',
    });
    expect(runTargetName(pandas)).toBe('transform');
    expect(orchestrationContributions(pandas).makeTargets?.map((target) => target.name)).toContain(
      'transform',
    );
  });

  it('run Airflow 3 in compose with api-server, scheduler, dag-processor and Postgres, secrets from .env', async () => {
    const model = await modelWith({ 'transforming-data.orchestrator': 'airflow' });
    const services = orchestrationContributions(model).composeServices ?? {};
    expect(Object.keys(services).sort()).toEqual([
      'airflow-apiserver',
      'airflow-dag-processor',
      'airflow-init',
      'airflow-postgres',
      'airflow-scheduler',
    ]);
    const init = services['airflow-init'] as { environment: Record<string, string> };
    expect(init.environment.AIRFLOW__CORE__LOAD_EXAMPLES).toBe('false');
    expect(init.environment._AIRFLOW_WWW_USER_PASSWORD).toMatch(/^\$\{AIRFLOW_ADMIN_PASSWORD:\?/);
    for (const [name, service] of Object.entries(services)) {
      if (name !== 'airflow-init') expect(service.healthcheck, name).toBeDefined();
    }
    expect(parseYaml(JSON.stringify(services))).toBeTruthy();
  });

  it('name the pipeline after the project', async () => {
    expect(pipelineName(await modelWith({}))).toBe('shop_pipeline');
  });
});
