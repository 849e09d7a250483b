import { lines, pyString } from '../../shared/text.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  DBT_RUN_RESULTS,
  dbtRawSchema,
  pipelineName,
  pipelineSteps,
  retryPolicy,
  runTimeoutMinutes,
  type PipelineStep,
} from './plan.js';
import { pipelineRequirements } from './requirements.js';

/** Airflow 3 image the local stack extends (pinned; the Dockerfile adds the pipeline's venv). */
export const AIRFLOW_IMAGE = 'apache/airflow:3.3.2-python3.12';
/** The pipeline's own virtualenv inside the Airflow image: dbt and the data libraries never share Airflow's dependencies. */
const PIPELINE_BIN = '/opt/pipeline/bin';
/** Exit code the freshness task uses to say "skipped" (local target: historical samples). */
const SKIP_EXIT_CODE = 99;

export function airflowDagPath(model: ProjectModel): string {
  return `transforms/airflow/dags/${pipelineName(model)}.py`;
}

export function airflowFiles(model: ProjectModel): FileSpec[] {
  return [
    { path: airflowDagPath(model), kind: 'text', render: () => renderDag(model) },
    { path: 'tests/unit/test_dags.py', kind: 'text', render: () => renderDagTests(model) },
    { path: 'transforms/airflow/Dockerfile', kind: 'text', render: () => renderDockerfile(model) },
    {
      path: 'transforms/airflow/requirements-pipeline.txt',
      kind: 'text',
      render: () => renderPipelineRequirements(model),
    },
  ];
}

export function airflowTags(model: ProjectModel): string[] {
  const tags = [
    model.domain,
    model.transforms.approach,
    model.flags.usesDbt ? 'dbt' : model.transforms.tool,
    model.transforms.quality,
  ];
  return [...new Set(tags)];
}

function dbtCommand(model: ProjectModel, step: PipelineStep): string {
  const raw = dbtRawSchema(model);
  const vars =
    raw.kind === 'literal' ? `{raw_schema: ${raw.value}}` : '{raw_schema: ${RAW_SCHEMA:-raw}}';
  const [, ...args] = step.argv;
  return `${PIPELINE_BIN}/dbt ${args.join(' ')} --target "\${DBT_TARGET:-local}" --vars "${vars}"`;
}

function renderDag(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const retry = retryPolicy(model);
  const name = pipelineName(model);
  const pythonSteps = steps.filter((step) => step.kind === 'python');
  const hasGate = steps.some((step) => step.id === 'dbt_test_gate');
  const usesTaskflow = pythonSteps.length > 0 || hasGate;
  const order: string[] = [];
  const body: string[] = [];
  if (pythonSteps.length > 0) {
    body.push(
      '    # One task per entity: they run in parallel and retry independently.',
      '    transforms = [',
      pythonSteps
        .map(
          (step) =>
            `        run_transform.override(task_id=${pyString(step.id)})(entity=${pyString(step.entity?.name ?? '')}, start="{{ data_interval_start }}", end="{{ data_interval_end }}", project_dir=str(PROJECT_DIR)),`,
        )
        .join('\n'),
      '    ]',
    );
    order.push('transforms');
  }
  for (const step of steps) {
    if (step.kind === 'dbt-freshness') {
      body.push(
        '',
        `    # ${capitalized(step.why)}.`,
        '    freshness = BashOperator(',
        `        task_id=${pyString(step.id)},`,
        '        bash_command=(',
        `            'if [ "\${DBT_TARGET:-local}" = local ]; then echo "local target: samples are historical, freshness not checked"; exit ${SKIP_EXIT_CODE}; fi; '`,
        `            ${pyString(dbtCommand(model, step))}`,
        '        ),',
        '        cwd=str(PROJECT_DIR),',
        `        skip_on_exit_code=${SKIP_EXIT_CODE},`,
        '    )',
      );
      order.push('freshness');
    } else if (step.kind === 'dbt-build') {
      body.push(
        '',
        `    # ${capitalized(step.why)}.`,
        '    build = BashOperator(',
        `        task_id=${pyString(step.id)},`,
        `        bash_command=${pyString(dbtCommand(model, step))},`,
        '        cwd=str(PROJECT_DIR),',
        '        # Runs when freshness passed or was skipped (local target), never after a failure.',
        '        trigger_rule="none_failed",',
        '    )',
      );
      order.push('build');
    } else if (step.id === 'dbt_test_gate') {
      body.push('', `    # ${capitalized(step.why)}.`, '    gate = dbt_test_gate()');
      order.push('gate');
    } else if (step.kind === 'quality') {
      const variable = step.id;
      const [program = '', ...args] = step.argv;
      const executable =
        program === 'python' ? `${PIPELINE_BIN}/python` : `${PIPELINE_BIN}/${program}`;
      body.push(
        '',
        `    # ${capitalized(step.why)}.`,
        `    ${variable} = BashOperator(`,
        `        task_id=${pyString(step.id)},`,
        `        bash_command=${pyString([executable, ...args].join(' '))},`,
        '        cwd=str(PROJECT_DIR),',
        '    )',
      );
      order.push(variable);
    }
  }
  const title = `${model.title}: the ${model.transforms.schedule} run of the pipeline`;
  return lines(
    `"""`,
    `### ${title}`,
    '',
    'Steps, in order (one DAG run per data interval; every task is idempotent for its interval):',
    '',
    steps.map((step, index) => `${index + 1}. \`${step.id}\`: ${step.why}.`),
    '',
    'Owner: data platform. Runbook: docs/runbook.md ("Airflow DAG run failed").',
    `"""`,
    '',
    'from __future__ import annotations',
    '',
    'from datetime import timedelta',
    'from pathlib import Path',
    '',
    'import pendulum',
    'from airflow.providers.standard.operators.bash import BashOperator',
    usesTaskflow ? 'from airflow.sdk import dag, task' : 'from airflow.sdk import dag',
    '',
    '# The project is mounted whole; the DAG finds it from its own location (transforms/airflow/dags/).',
    '# Module level stays cheap: no I/O, no connections, no heavy imports (the DAG processor re-parses it).',
    'PROJECT_DIR = Path(__file__).resolve().parents[3]',
    `PIPELINE_PYTHON = ${pyString(`${PIPELINE_BIN}/python`)}`,
    hasGate && `RUN_RESULTS = PROJECT_DIR / ${pyString(DBT_RUN_RESULTS)}`,
    '',
    'DEFAULT_ARGS = {',
    '    "owner": "data-platform",',
    '    "depends_on_past": False,',
    `    "retries": ${retry.retries},`,
    `    "retry_delay": timedelta(seconds=${retry.delaySeconds}),`,
    '    # 1, 2, 4, … minutes between attempts: transient warehouse and network errors clear up.',
    '    "retry_exponential_backoff": True,',
    `    "max_retry_delay": timedelta(seconds=${retry.maxDelaySeconds}),`,
    `    "execution_timeout": timedelta(minutes=${runTimeoutMinutes(model)}),`,
    '}',
    '',
    pythonSteps.length > 0 && [
      '',
      '@task.external_python(python=PIPELINE_PYTHON, expect_airflow=False)',
      'def run_transform(entity: str, start: str, end: str, project_dir: str) -> None:',
      '    """Runs transforms.python for one entity and interval in the pipeline venv (no Airflow imports there)."""',
      '    import sys',
      '',
      '    sys.path.insert(0, project_dir)',
      '    from transforms.python.run import main',
      '',
      '    exit_code = main(["--entity", entity, "--start", start, "--end", end])',
      '    if exit_code != 0:',
      '        raise RuntimeError(f"transform of {entity} exited with {exit_code}")',
      '',
    ],
    hasGate && [
      '',
      '@task',
      'def dbt_test_gate() -> dict[str, int]:',
      '    """Fails the run when any dbt test failed or errored; returns the counts (XCom, for the UI)."""',
      '    import runpy',
      '',
      '    checker = runpy.run_path(str(PROJECT_DIR / "tests/quality/check_dbt_results.py"))',
      '    return checker["check"](RUN_RESULTS)',
      '',
    ],
    '',
    '@dag(',
    `    dag_id=${pyString(name)},`,
    `    schedule=${pyString(model.transforms.schedule)},`,
    '    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),',
    '    # No backfill of every interval since start_date on first deploy; backfill on purpose with',
    '    # `airflow backfill create`.',
    '    catchup=False,',
    '    # Runs of one pipeline write the same tables: never two at once.',
    '    max_active_runs=1,',
    `    dagrun_timeout=timedelta(minutes=${runTimeoutMinutes(model)}),`,
    '    default_args=DEFAULT_ARGS,',
    `    tags=[${airflowTags(model).map(pyString).join(', ')}],`,
    '    doc_md=__doc__,',
    ')',
    `def ${name}() -> None:`,
    body[0] === '' ? body.slice(1) : body,
    '',
    `    ${order.join(' >> ')}`,
    '',
    '',
    `${name}()`,
  );
}

function renderDagTests(model: ProjectModel): string {
  const name = pipelineName(model);
  const retry = retryPolicy(model);
  const steps = pipelineSteps(model);
  return lines(
    '"""DAG integrity tests, as in Astronomer\'s project template.',
    '',
    'They need Airflow, which runs in its container: `make test-dags` runs them there. Elsewhere they',
    'are skipped (pytest reports the reason).',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'from pathlib import Path',
    '',
    'import pytest',
    '',
    'pytest.importorskip("airflow", reason="Airflow runs in its container: run `make test-dags`")',
    '',
    'try:  # Airflow 3.1+ location; the airflow.models alias is deprecated there.',
    '    from airflow.dag_processing.dagbag import DagBag',
    'except ImportError:  # pragma: no cover - Airflow 3.0',
    '    from airflow.models import DagBag',
    '',
    'DAGS_FOLDER = Path(__file__).resolve().parents[2] / "transforms" / "airflow" / "dags"',
    `DAG_ID = ${pyString(name)}`,
    `SCHEDULE = ${pyString(model.transforms.schedule)}`,
    `TASK_IDS = {${steps.map((step) => pyString(step.id)).join(', ')}}`,
    '',
    '',
    '@pytest.fixture(scope="module")',
    'def dag_bag() -> DagBag:',
    '    return DagBag(dag_folder=str(DAGS_FOLDER), include_examples=False)',
    '',
    '',
    'def test_dags_import_without_errors(dag_bag: DagBag) -> None:',
    '    assert dag_bag.import_errors == {}, f"import errors: {dag_bag.import_errors}"',
    '    assert DAG_ID in dag_bag.dags',
    '',
    '',
    'def test_every_dag_has_tags_an_owner_and_retries(dag_bag: DagBag) -> None:',
    '    for dag_id, dag in dag_bag.dags.items():',
    '        assert dag.tags, f"{dag_id} has no tags"',
    '        assert dag.default_args.get("owner") not in (None, "", "airflow"), f"{dag_id} has no owner"',
    '        assert dag.default_args.get("retries", 0) >= 2, f"{dag_id} retries fewer than twice"',
    '        assert dag.catchup is False, f"{dag_id} would backfill every interval since start_date"',
    '',
    '',
    'def test_pipeline_dag_runs_on_the_answered_schedule(dag_bag: DagBag) -> None:',
    '    dag = dag_bag.dags[DAG_ID]',
    '    assert str(dag.schedule) == SCHEDULE',
    '    assert dag.max_active_runs == 1',
    `    assert dag.default_args["retries"] == ${retry.retries}`,
    '',
    '',
    'def test_pipeline_dag_has_every_step(dag_bag: DagBag) -> None:',
    '    assert set(dag_bag.dags[DAG_ID].task_ids) == TASK_IDS',
  );
}

function renderDockerfile(model: ProjectModel): string {
  return lines(
    `# Airflow for ${model.title}: the pinned official image plus a separate virtualenv for the`,
    "# pipeline (dbt, the data libraries, the quality tools). Keeping them out of Airflow's own",
    "# environment avoids dependency conflicts with Airflow's constraints; the DAG calls them by path.",
    `FROM ${AIRFLOW_IMAGE}`,
    '',
    'USER root',
    'RUN python -m venv /opt/pipeline && chown -R airflow: /opt/pipeline',
    'USER airflow',
    '',
    'COPY --chown=airflow:0 transforms/airflow/requirements-pipeline.txt /tmp/requirements-pipeline.txt',
    'RUN /opt/pipeline/bin/pip install --no-cache-dir -r /tmp/requirements-pipeline.txt',
    '',
    "# pytest in Airflow's own environment for the DAG integrity tests (make test-dags).",
    'RUN pip install --no-cache-dir "pytest>=8,<9"',
  );
}

function renderPipelineRequirements(model: ProjectModel): string {
  return lines(
    '# The pipeline virtualenv inside the Airflow image (/opt/pipeline): what the tasks run.',
    '# Same pins as requirements.txt at the project root.',
    pipelineRequirements(model)
      .filter((requirement) => !requirement.startsWith('pytest'))
      .sort(),
  );
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
