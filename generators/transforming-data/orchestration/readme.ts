import { lines, markdownCell } from '../../shared/text.js';
import type { ProjectModel } from '../../types.js';
import { airflowDagPath } from './airflow.js';
import { CRONTAB_PATH, RUN_SCRIPT_PATH } from './cron.js';
import { dagsterModule } from './dagster.js';
import {
  PREPARED_SCHEMA,
  lookbackHours,
  pipelineName,
  pipelineSteps,
  runTargetName,
  pythonLibrary,
  pythonTable,
  retryPolicy,
} from './plan.js';

const LIBRARY_WHY = {
  pandas: 'pandas: one machine, in memory; right under ~500 MB per run',
  polars: 'polars (lazy): one machine, every core, query optimisation; right up to ~100 GB',
  pyspark: 'PySpark: distributed; right beyond one machine',
} as const;

export function renderTransformsReadme(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const retry = retryPolicy(model);
  const library = pythonLibrary(model);
  return lines(
    `# Transformations of ${model.title}`,
    '',
    `Approach **${model.transforms.approach}**, tool **${model.transforms.tool}**, orchestrator **${model.transforms.orchestrator}**, schedule`,
    `\`${model.transforms.schedule}\` (UTC), quality gate **${model.transforms.quality}**, incremental strategy **${model.transforms.incremental}**.`,
    'The same steps are described in `config/pipeline.yaml`; keep both in step.',
    '',
    '## What runs, in order',
    '',
    '| # | step | what and why |',
    '| --- | --- | --- |',
    steps.map((step, index) => `| ${index + 1} | \`${step.id}\` | ${markdownCell(step.why)} |`),
    '',
    'Every step is idempotent for its data interval: a retry or a re-run of the same interval replaces',
    'rows instead of duplicating them, so failures are fixed by re-running, never by hand edits.',
    '',
    model.flags.usesDbt && [
      '## dbt',
      '',
      'The dbt project lives in `transforms/dbt/` (staging → intermediate → marts; see its README). The',
      'orchestrator runs, from the project root:',
      '',
      '```bash',
      'dbt source freshness --project-dir transforms/dbt --profiles-dir transforms/dbt --target "$DBT_TARGET"',
      'dbt build --project-dir transforms/dbt --profiles-dir transforms/dbt --target "$DBT_TARGET"',
      '```',
      '',
      `\`DBT_TARGET\` is \`local\` (DuckDB at \`DUCKDB_PATH\`) or \`prod\`. Freshness is checked on \`prod\` only: the local`,
      'samples are historical. ' +
        (model.flags.usesPythonTransforms
          ? `dbt reads the \`${PREPARED_SCHEMA}\` schema the Python step writes as its \`raw\` source (\`--vars "{raw_schema: ${PREPARED_SCHEMA}}"\`).`
          : 'dbt reads its `raw` source from `RAW_SCHEMA` (`raw`, or `raw_sample` for the seeds).'),
      '',
    ],
    model.flags.usesPythonTransforms && [
      '## Python transforms',
      '',
      `\`transforms/python/\` holds one module per entity, written with ${LIBRARY_WHY[library]}. Each`,
      'transform is a pure function (raw frame in, modelled frame out) composed of the steps in',
      '`cleaning.py`: type every column, null PII that is not a SHA-256 (redaction before the modelled',
      'layer), drop rows without a key, keep one row per key (facts: the first event; dimensions: the',
      'latest version). `warehouse.py` reads and writes DuckDB through Arrow and applies the incremental',
      `strategy in one transaction. Facts are re-read from ${lookbackHours(model)} h before the interval so late events merge.`,
      '',
      '| entity | writes |',
      '| --- | --- |',
      model.entities.map(
        (entity) =>
          `| ${entity.name} | \`${pythonTable(model, entity).schema}.${pythonTable(model, entity).table}\` |`,
      ),
      '',
      '```bash',
      'python -m transforms.python.run                          # every entity, every row',
      'python -m transforms.python.run --entity ' +
        (model.entities[0]?.name ?? 'orders') +
        ' --start 2026-01-05T00:00:00+00:00 --end 2026-01-06T00:00:00+00:00',
      !model.flags.usesDbt &&
        'python -m transforms.python.load_samples                 # sample rows into raw_sample',
      '```',
      '',
    ],
    '## Orchestrator',
    '',
    orchestratorSection(model),
    '',
    `Retries: ${retry.retries} per step, exponential backoff from ${retry.delaySeconds} s up to ${retry.maxDelaySeconds / 60} min. One run at a time.`,
    'Quality failures are not retried: the data, not the network, is wrong.',
    '',
    '## Quality gates',
    '',
    'See `tests/quality/README.md`. A failed check fails the run.',
    '',
    '## Run it locally',
    '',
    '```bash',
    'make env && make up                      # the local stack',
    model.flags.usesDbt
      ? 'dbt seed --project-dir transforms/dbt --profiles-dir transforms/dbt   # sample rows into raw_sample'
      : 'make load-samples                        # sample rows into raw_sample',
    `make ${runTargetName(model)} RAW_SCHEMA=raw_sample`.padEnd(41) +
      '# one orchestrated run on the samples',
    'make quality                             # the quality gates on their own',
    'make test-python                         # unit' +
      (model.flags.isAtLeast('advanced') ? ' and end to end' : '') +
      ' tests',
    '```',
  );
}

function orchestratorSection(model: ProjectModel): string {
  switch (model.transforms.orchestrator) {
    case 'airflow':
      return lines(
        `Airflow 3: the DAG \`${pipelineName(model)}\` in \`${airflowDagPath(model)}\` (TaskFlow API). The local stack`,
        'builds `transforms/airflow/Dockerfile`: the pinned Airflow image plus a virtualenv at `/opt/pipeline`',
        "for dbt and the data libraries, so they never conflict with Airflow's own dependencies. The API",
        `server is on http://localhost:8080 (\`make airflow-ui\`); \`make ${runTargetName(model)}\` runs \`airflow dags test\`;`,
        '`make test-dags` runs the DAG integrity tests (`tests/unit/test_dags.py`) inside the image.',
      ).trimEnd();
    case 'dagster':
      return lines(
        `Dagster: \`${dagsterModule(model)}\` defines the assets, the job \`${pipelineName(model)}\` and its schedule.`,
        'The local stack runs the webserver (http://localhost:3000, `make dagster-ui`) and the daemon (schedules,',
        'run queue) on Postgres; `dagster dev -m ' +
          dagsterModule(model) +
          '` runs all of it in one process.',
      ).trimEnd();
    case 'prefect':
      return lines(
        '`transforms/prefect/flows.py` holds the flow and its tasks; `transforms/prefect/prefect.yaml` the',
        'deployment with the cron schedule (`make deploy`). The local stack runs the Prefect server',
        `(http://localhost:4200, \`make prefect-ui\`) and a process worker. \`make ${runTargetName(model)}\` runs the flow once.`,
      ).trimEnd();
    case 'cron':
      return lines(
        `\`${CRONTAB_PATH}\` starts \`${RUN_SCRIPT_PATH}\` on the schedule. The script takes a \`flock\` so runs never`,
        'overlap, runs the steps in order, stops at the first failure and logs each step with its exit code',
        'to `logs/pipeline.log`. cron has no retries and no backfills: re-run an interval by hand with',
        `\`${RUN_SCRIPT_PATH} START END\`. Move to an orchestrator before this pipeline matters.`,
      ).trimEnd();
  }
}
