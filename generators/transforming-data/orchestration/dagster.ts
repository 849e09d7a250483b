import { lines, pyString } from '../../shared/text.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  dbtRawSchema,
  pipelineName,
  pipelineSteps,
  pythonLibrary,
  pythonTable,
  retryPolicy,
  scheduleIntervalMinutes,
} from './plan.js';

export function dagsterModule(model: ProjectModel): string {
  return `transforms.dagster.${model.snakeName}.definitions`;
}

export function dagsterFiles(model: ProjectModel): FileSpec[] {
  const base = `transforms/dagster/${model.snakeName}`;
  return [
    {
      path: `${base}/__init__.py`,
      kind: 'text',
      render: () => lines(`"""Dagster code location of ${model.title}: see definitions.py."""`),
    },
    { path: `${base}/assets.py`, kind: 'text', render: () => renderAssets(model) },
    { path: `${base}/definitions.py`, kind: 'text', render: () => renderDefinitions(model) },
    {
      path: 'transforms/dagster/workspace.yaml',
      kind: 'yaml',
      header: [
        'Code locations the Dagster webserver and daemon load (working directory: the project root).',
      ],
      data: () => ({
        load_from: [
          {
            python_module: {
              module_name: dagsterModule(model),
              working_directory: '/opt/project',
              location_name: model.snakeName,
            },
          },
        ],
      }),
    },
    {
      path: 'transforms/dagster/dagster.yaml',
      kind: 'yaml',
      header: [
        'Dagster instance (DAGSTER_HOME) of the local stack: run, event and schedule storage in Postgres,',
        'and a queued run coordinator that never runs two pipeline runs at once (they write the same tables).',
      ],
      data: () => dagsterInstance(model),
    },
    {
      path: 'tests/unit/test_definitions.py',
      kind: 'text',
      render: () => renderDefinitionTests(model),
    },
  ];
}

function dagsterInstance(model: ProjectModel): Record<string, unknown> {
  return {
    storage: {
      postgres: {
        postgres_db: {
          username: 'dagster',
          password: { env: 'DAGSTER_PG_PASSWORD' },
          hostname: 'dagster-postgres',
          db_name: 'dagster',
          port: 5432,
        },
      },
    },
    run_coordinator: {
      module: 'dagster.core.run_coordinator',
      class: 'QueuedRunCoordinator',
      config: {
        max_concurrent_runs: 4,
        tag_concurrency_limits: [{ key: 'pipeline', value: pipelineName(model), limit: 1 }],
      },
    },
    run_retries: { enabled: true, max_retries: 1 },
    telemetry: { enabled: false },
  };
}

function renderAssets(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const retry = retryPolicy(model);
  const pythonSteps = steps.filter((step) => step.kind === 'python');
  const raw = dbtRawSchema(model);
  const usesDbt = model.flags.usesDbt;
  return lines(
    `"""The transformation assets of ${model.title}${usesDbt ? ': the dbt models' : ''}${pythonSteps.length > 0 ? `${usesDbt ? ' and' : ':'} the Python transforms` : ''}.`,
    '',
    usesDbt
      ? 'dagster-dbt reads the dbt manifest, so every model and test is an asset and lineage runs from the'
      : 'Each Python transform is a software-defined asset keyed by the mart it writes, so lineage runs',
    usesDbt
      ? 'raw sources through staging to the marts in the UI.'
      : 'from the raw tables to the marts in the UI.',
    usesDbt &&
      pythonSteps.length > 0 &&
      "The Python transforms are keyed like dbt's `raw` source, so the dbt models depend on them.",
    '"""',
    '',
    'from __future__ import annotations',
    '',
    usesDbt && 'import json',
    'import os',
    'import subprocess',
    'import sys',
    pythonSteps.length > 0 && 'from datetime import datetime, timedelta',
    'from pathlib import Path',
    '',
    `from dagster import AssetExecutionContext, Backoff, Failure, Jitter, RetryPolicy${pythonSteps.length > 0 ? ', asset' : ''}`,
    usesDbt && 'from dagster_dbt import DbtCliResource, DbtProject, dbt_assets',
    '',
    'PROJECT_DIR = Path(__file__).resolve().parents[3]',
    usesDbt && 'DBT_TARGET = os.environ.get("DBT_TARGET", "local")',
    pythonSteps.length > 0 &&
      `SCHEDULE_INTERVAL = timedelta(minutes=${scheduleIntervalMinutes(model.transforms.schedule)})`,
    '',
    '# 1, 2, 4, … minutes between attempts (with jitter): transient warehouse and network errors clear up.',
    `RETRY_POLICY = RetryPolicy(max_retries=${retry.retries}, delay=${retry.delaySeconds}, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS)`,
    '',
    '',
    'def run_step(context: AssetExecutionContext, argv: list[str], ok_exit_codes: tuple[int, ...] = (0,)) -> None:',
    '    """Runs one pipeline command from the project root, logging its output; fails the step on a bad exit code."""',
    '    context.log.info("running %s", " ".join(argv))',
    '    completed = subprocess.run(argv, cwd=PROJECT_DIR, capture_output=True, text=True, check=False)',
    '    for line in completed.stdout.splitlines():',
    '        context.log.info(line)',
    '    for line in completed.stderr.splitlines():',
    '        context.log.warning(line)',
    '    if completed.returncode not in ok_exit_codes:',
    '        raise Failure(description=f"{argv[0]} exited with {completed.returncode}", metadata={"command": " ".join(argv)})',
    pythonSteps.length > 0 && [
      '',
      '',
      'def data_interval(context: AssetExecutionContext) -> list[str]:',
      '    """The interval a scheduled run covers, ending at its tick; manual runs process every row (idempotent)."""',
      '    tick = context.run.tags.get("dagster/scheduled_execution_time")',
      '    if tick is None:',
      '        return []',
      '    end = datetime.fromisoformat(tick)',
      '    return ["--start", (end - SCHEDULE_INTERVAL).isoformat(), "--end", end.isoformat()]',
      '',
      '',
      'def transform_asset(entity: str, key: list[str], description: str):',
      '    """One asset per entity: they materialize in parallel and retry independently."""',
      '',
      `    @asset(key=key, group_name="transforms", retry_policy=RETRY_POLICY, kinds={"python", ${pyString(pythonLibrary(model))}}, description=description)`,
      '    def transform(context: AssetExecutionContext) -> None:',
      '        run_step(context, [sys.executable, "-m", "transforms.python.run", "--entity", entity, *data_interval(context)])',
      '',
      '    return transform',
      '',
      '',
      usesDbt
        ? "# Keyed like dbt's source `raw.<entity>` (dbt reads the prepared schema as that source), so the dbt"
        : '# Keyed by the mart each transform writes.',
      usesDbt
        ? '# assets that select from it depend on the Python asset in the asset graph.'
        : false,
      'TRANSFORM_ASSETS = [',
      pythonSteps.map((step) => {
        const entity = step.entity;
        if (!entity) return '';
        const target = pythonTable(model, entity);
        const key = usesDbt ? ['raw', entity.name] : [target.schema, target.table];
        return `    transform_asset(${pyString(entity.name)}, [${key.map(pyString).join(', ')}], ${pyString(step.why)}),`;
      }),
      ']',
    ],
    usesDbt && [
      '',
      '',
      'dbt_project = DbtProject(project_dir=PROJECT_DIR / "transforms" / "dbt", profiles_dir=PROJECT_DIR / "transforms" / "dbt", target=DBT_TARGET)',
      '# `dagster dev` parses the project so the manifest exists; the local stack runs `dbt parse` before',
      '# the webserver starts; images build it once with `dagster-dbt project prepare-and-package`.',
      'dbt_project.prepare_if_dev()',
      '',
      '',
      'def dbt_vars() -> str:',
      raw.kind === 'literal'
        ? `    return json.dumps({"raw_schema": ${pyString(raw.value)}})`
        : '    return json.dumps({"raw_schema": os.environ.get("RAW_SCHEMA", "raw")})',
      '',
      '',
      '@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, retry_policy=RETRY_POLICY)',
      'def dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):',
      '    """dbt source freshness (prod target: stale sources stop the run), then dbt build."""',
      '    if DBT_TARGET == "local":',
      '        context.log.info("local target: the samples are historical, source freshness not checked")',
      '    else:',
      '        dbt.cli(["source", "freshness", "--vars", dbt_vars()], raise_on_error=True).wait()',
      '    yield from dbt.cli(["build", "--vars", dbt_vars()], context=context).stream()',
    ],
  );
}

function renderDefinitions(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const name = pipelineName(model);
  const pythonSteps = steps.filter((step) => step.kind === 'python');
  const qualitySteps = steps.filter((step) => step.kind === 'quality');
  const usesDbt = model.flags.usesDbt;
  const upstream = [
    ...(pythonSteps.length > 0 ? ['*TRANSFORM_ASSETS'] : []),
    ...(usesDbt ? ['dbt_models'] : []),
  ];
  const imported = [
    'RETRY_POLICY',
    ...(pythonSteps.length > 0 ? ['TRANSFORM_ASSETS'] : []),
    ...(usesDbt ? ['DBT_TARGET', 'dbt_models', 'dbt_project'] : []),
    'run_step',
  ];
  const assetNames = [...upstream, 'quality_gate'];
  return lines(
    `"""Dagster definitions of ${model.title}: the transformation assets (assets.py), the quality gate,`,
    `and one job that materializes them on "${model.transforms.schedule}" (UTC).`,
    '',
    '    dagster dev -m ' + dagsterModule(model) + '   (from the project root)',
    '',
    'Failed steps retry with exponential backoff (RetryPolicy); the queued run coordinator',
    '(transforms/dagster/dagster.yaml) runs one pipeline run at a time.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    qualitySteps.some((step) => step.argv[0] === 'python') && 'import sys',
    '',
    'from dagster import (',
    '    AssetExecutionContext,',
    '    AssetSelection,',
    '    DefaultScheduleStatus,',
    '    Definitions,',
    '    ScheduleDefinition,',
    '    asset,',
    '    define_asset_job,',
    ')',
    usesDbt && 'from dagster_dbt import DbtCliResource',
    '',
    `from .assets import ${imported.join(', ')}`,
    '',
    '',
    `@asset(key=["quality", ${pyString(name)}], group_name="quality", deps=[${upstream.join(', ')}], retry_policy=RETRY_POLICY, kinds={"python"})`,
    'def quality_gate(context: AssetExecutionContext) -> None:',
    '    """The quality checks of the run, after every transformation; a failed check fails the run."""',
    qualitySteps.map((step) => {
      const [program = '', ...args] = step.argv;
      const executable = program === 'python' ? 'sys.executable' : pyString(program);
      const ok = step.okExitCodes ? `, ok_exit_codes=(${step.okExitCodes.join(', ')})` : '';
      return `    run_step(context, [${[executable, ...args.map(pyString)].join(', ')}]${ok})`;
    }),
    '',
    '',
    `pipeline_job = define_asset_job(name=${pyString(name)}, selection=AssetSelection.all(), tags={"pipeline": ${pyString(name)}})`,
    '',
    'pipeline_schedule = ScheduleDefinition(',
    `    name=${pyString(`${name}_schedule`)},`,
    '    job=pipeline_job,',
    `    cron_schedule=${pyString(model.transforms.schedule)},`,
    '    execution_timezone="UTC",',
    '    default_status=DefaultScheduleStatus.RUNNING,',
    ')',
    '',
    'defs = Definitions(',
    `    assets=[${assetNames.join(', ')}],`,
    '    jobs=[pipeline_job],',
    '    schedules=[pipeline_schedule],',
    usesDbt
      ? '    resources={"dbt": DbtCliResource(project_dir=dbt_project, profiles_dir=str(dbt_project.profiles_dir), target=DBT_TARGET)},'
      : false,
    ')',
  );
}

function renderDefinitionTests(model: ProjectModel): string {
  const name = pipelineName(model);
  const retry = retryPolicy(model);
  return lines(
    '"""The Dagster definitions load, run on the answered schedule and retry failed steps."""',
    '',
    'from __future__ import annotations',
    '',
    'import importlib',
    model.flags.usesDbt && 'import shutil',
    model.flags.usesDbt && 'import subprocess',
    'from pathlib import Path',
    '',
    'import pytest',
    '',
    'pytest.importorskip("dagster", reason="pip install -r requirements.txt")',
    '',
    'PROJECT_DIR = Path(__file__).resolve().parents[2]',
    `SCHEDULE = ${pyString(model.transforms.schedule)}`,
    '',
    '',
    '@pytest.fixture(scope="module")',
    'def definitions():',
    model.flags.usesDbt && [
      '    # dagster-dbt loads the manifest at import: parse the project first.',
      '    if shutil.which("dbt") is None:',
      '        pytest.fail("dbt is not installed: pip install -r requirements.txt")',
      '    dbt_dir = PROJECT_DIR / "transforms" / "dbt"',
      '    subprocess.run(["dbt", "parse", "--project-dir", str(dbt_dir), "--profiles-dir", str(dbt_dir)], check=True)',
    ],
    `    return importlib.import_module(${pyString(dagsterModule(model))}).defs`,
    '',
    '',
    'def test_schedule_runs_the_pipeline_on_the_answered_cron(definitions) -> None:',
    `    schedule = definitions.get_schedule_def(${pyString(`${name}_schedule`)})`,
    '    assert schedule.cron_schedule == SCHEDULE',
    '    assert schedule.execution_timezone == "UTC"',
    `    assert schedule.job_name == ${pyString(name)}`,
    '',
    '',
    'def test_every_asset_retries_with_backoff(definitions) -> None:',
    '    module = importlib.import_module(' + pyString(dagsterModule(model)) + ')',
    `    assert module.RETRY_POLICY.max_retries == ${retry.retries}`,
    '    assert module.quality_gate.op.retry_policy == module.RETRY_POLICY',
  );
}
