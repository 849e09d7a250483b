import { lines, pyString } from '../../shared/text.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  dbtRawSchema,
  pipelineName,
  pipelineSteps,
  retryPolicy,
  runTimeoutMinutes,
  scheduleIntervalMinutes,
} from './plan.js';

export const PREFECT_IMAGE = 'prefecthq/prefect:3.9.1-python3.12';

export function prefectWorkPool(model: ProjectModel): string {
  return `${model.name}-process`;
}

export function prefectFiles(model: ProjectModel): FileSpec[] {
  return [
    { path: 'transforms/prefect/flows.py', kind: 'text', render: () => renderFlows(model) },
    {
      path: 'transforms/prefect/prefect.yaml',
      kind: 'yaml',
      header: [
        'Prefect deployment of the pipeline: `prefect deploy --prefect-file transforms/prefect/prefect.yaml --all`',
        'from the project root (PREFECT_API_URL from .env). A process worker on the pool runs the flow.',
      ],
      data: () => prefectDeployment(model),
    },
    { path: 'tests/unit/test_flows.py', kind: 'text', render: () => renderFlowTests(model) },
  ];
}

function prefectDeployment(model: ProjectModel): Record<string, unknown> {
  const name = pipelineName(model);
  return {
    name: model.name,
    'prefect-version': '3.9.1',
    build: null,
    push: null,
    // Workers run from the project checkout (mounted at /opt/project in the local stack).
    pull: [{ 'prefect.deployments.steps.set_working_directory': { directory: '/opt/project' } }],
    deployments: [
      {
        name,
        description: `The ${model.transforms.schedule} (UTC) run of ${model.title}.`,
        entrypoint: 'transforms/prefect/flows.py:pipeline',
        work_pool: { name: prefectWorkPool(model) },
        schedules: [{ cron: model.transforms.schedule, timezone: 'UTC', active: true }],
        // Runs of one pipeline write the same tables: never two at once.
        concurrency_limit: 1,
        tags: [model.domain, 'pipeline'],
        parameters: {},
      },
    ],
  };
}

function renderFlows(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const retry = retryPolicy(model);
  const name = pipelineName(model);
  const pythonSteps = steps.filter((step) => step.kind === 'python');
  const raw = dbtRawSchema(model);
  const taskDecorator = (taskName: string, extra = '') =>
    `@task(name=${pyString(taskName)}, retries=${retry.retries}, retry_delay_seconds=exponential_backoff(backoff_factor=${retry.delaySeconds}), retry_jitter_factor=0.5${extra})`;
  const calls: string[] = [];
  if (pythonSteps.length > 0) {
    calls.push(
      '    # One task per entity, concurrently; .result() re-raises the first failure.',
      '    transforms = [transform.submit(entity, start, end) for entity in ENTITIES]',
      '    for future in transforms:',
      '        future.result()',
    );
  }
  for (const step of steps) {
    if (step.kind === 'dbt-freshness') calls.push('    dbt_source_freshness()');
    else if (step.kind === 'dbt-build') calls.push('    dbt_build()');
    else if (step.kind === 'quality') calls.push(`    ${step.id}()`);
  }
  return lines(
    `"""Prefect flow of ${model.title}: one run per schedule tick, every task idempotent for its interval.`,
    '',
    '    python transforms/prefect/flows.py      (one run now, for the last interval)',
    '    prefect deploy --prefect-file transforms/prefect/prefect.yaml --all',
    '',
    'Steps: ' + steps.map((step) => step.id).join(' -> ') + '.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'import subprocess',
    'import sys',
    'from datetime import datetime, timedelta, timezone',
    'from pathlib import Path',
    '',
    'from prefect import flow, task',
    'from prefect.logging import get_run_logger',
    'from prefect.runtime import flow_run',
    'from prefect.tasks import exponential_backoff',
    '',
    'PROJECT_DIR = Path(__file__).resolve().parents[2]',
    `SCHEDULE_INTERVAL = timedelta(minutes=${scheduleIntervalMinutes(model.transforms.schedule)})`,
    pythonSteps.length > 0 &&
      `ENTITIES = (${pythonSteps.map((step) => pyString(step.entity?.name ?? '')).join(', ')}${pythonSteps.length === 1 ? ',' : ''})`,
    model.flags.usesDbt &&
      'DBT_LOCATION = ["--project-dir", "transforms/dbt", "--profiles-dir", "transforms/dbt"]',
    '',
    '',
    'def run_command(argv: list[str], ok_exit_codes: tuple[int, ...] = (0,)) -> None:',
    '    """Runs one pipeline command from the project root; its output goes to the task log."""',
    '    logger = get_run_logger()',
    '    logger.info("running %s", " ".join(argv))',
    '    completed = subprocess.run(argv, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)',
    '    for line in completed.stdout.splitlines():',
    '        logger.info(line)',
    '    for line in completed.stderr.splitlines():',
    '        logger.warning(line)',
    '    if completed.returncode not in ok_exit_codes:',
    '        raise RuntimeError(f"{argv[0]} exited with {completed.returncode}")',
    model.flags.usesDbt && [
      '',
      '',
      'def dbt_arguments() -> list[str]:',
      '    target = os.environ.get("DBT_TARGET", "local")',
      raw.kind === 'literal'
        ? `    raw_schema = ${pyString(raw.value)}`
        : '    raw_schema = os.environ.get("RAW_SCHEMA", "raw")',
      '    return [*DBT_LOCATION, "--target", target, "--vars", f"{{raw_schema: {raw_schema}}}"]',
    ],
    pythonSteps.length > 0 && [
      '',
      '',
      '# 1, 2, 4, … minutes between attempts (jittered): transient warehouse and network errors clear up.',
      taskDecorator('transform', ', task_run_name="transform-{entity}"'),
      'def transform(entity: str, start: datetime, end: datetime) -> None:',
      '    run_command([sys.executable, "-m", "transforms.python.run", "--entity", entity, "--start", start.isoformat(), "--end", end.isoformat()])',
    ],
    steps.map((step) => {
      if (step.kind === 'dbt-freshness') {
        return [
          '',
          '',
          taskDecorator(step.id),
          `def dbt_source_freshness() -> None:`,
          `    """${capitalized(step.why)}."""`,
          '    if os.environ.get("DBT_TARGET", "local") == "local":',
          '        get_run_logger().info("local target: the samples are historical, source freshness not checked")',
          '        return',
          '    run_command(["dbt", "source", "freshness", *dbt_arguments()])',
        ];
      }
      if (step.kind === 'dbt-build') {
        return [
          '',
          '',
          taskDecorator(step.id),
          'def dbt_build() -> None:',
          `    """${capitalized(step.why)}."""`,
          '    run_command(["dbt", "build", *dbt_arguments()])',
        ];
      }
      if (step.kind === 'quality') {
        const [program = '', ...args] = step.argv;
        const executable = program === 'python' ? 'sys.executable' : pyString(program);
        const ok = step.okExitCodes ? `, ok_exit_codes=(${step.okExitCodes.join(', ')})` : '';
        // Data-quality failures are not transient: no retries.
        return [
          '',
          '',
          `@task(name=${pyString(step.id)}, retries=0)`,
          `def ${step.id}() -> None:`,
          `    """${capitalized(step.why)}."""`,
          `    run_command([${[executable, ...args.map(pyString)].join(', ')}]${ok})`,
        ];
      }
      return [];
    }),
    '',
    '',
    `@flow(name=${pyString(name)}, retries=1, retry_delay_seconds=300, timeout_seconds=${runTimeoutMinutes(model) * 60}, log_prints=True)`,
    'def pipeline(start: datetime | None = None, end: datetime | None = None) -> None:',
    '    """The interval ends at the scheduled time of the run (now for an ad-hoc run); pass both to backfill."""',
    '    scheduled = flow_run.scheduled_start_time',
    '    end = end or (scheduled if scheduled is not None else datetime.now(timezone.utc))',
    '    start = start or end - SCHEDULE_INTERVAL',
    calls,
    '',
    '',
    'if __name__ == "__main__":',
    '    pipeline()',
  );
}

function renderFlowTests(model: ProjectModel): string {
  const retry = retryPolicy(model);
  return lines(
    '"""The Prefect flow and its deployment: schedule, retries, one run at a time."""',
    '',
    'from __future__ import annotations',
    '',
    'from pathlib import Path',
    '',
    'import pytest',
    '',
    'pytest.importorskip("prefect", reason="pip install -r requirements.txt")',
    'yaml = pytest.importorskip("yaml")',
    '',
    'from transforms.prefect import flows  # noqa: E402',
    '',
    'DEPLOYMENT = Path(__file__).resolve().parents[2] / "transforms" / "prefect" / "prefect.yaml"',
    `SCHEDULE = ${pyString(model.transforms.schedule)}`,
    '',
    '',
    'def test_deployment_runs_on_the_answered_schedule_one_at_a_time() -> None:',
    '    deployment = yaml.safe_load(DEPLOYMENT.read_text(encoding="utf-8"))["deployments"][0]',
    '    assert deployment["schedules"][0]["cron"] == SCHEDULE',
    '    assert deployment["concurrency_limit"] == 1',
    '    assert deployment["entrypoint"] == "transforms/prefect/flows.py:pipeline"',
    '',
    '',
    'def test_flow_and_tasks_retry() -> None:',
    '    assert flows.pipeline.retries >= 1',
    pipelineSteps(model)
      .filter((step) => step.kind !== 'quality' && step.kind !== 'python')
      .map(
        (step) =>
          `    assert flows.${step.id === 'dbt_source_freshness' ? 'dbt_source_freshness' : 'dbt_build'}.retries == ${retry.retries}`,
      ),
    model.flags.usesPythonTransforms && `    assert flows.transform.retries == ${retry.retries}`,
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
