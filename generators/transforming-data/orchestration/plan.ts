import type { Entity, ProjectModel } from '../../types.js';
import { dbtContributions } from '../dbt/index.js';

/**
 * The shape of one pipeline run, derived once from the model so that every orchestrator (Airflow,
 * Dagster, Prefect, cron), the pipeline configuration and the README describe the same steps in
 * the same order with the same commands.
 */

export type PythonLibrary = 'pandas' | 'polars' | 'pyspark';

export const DBT_PROJECT_DIR = 'transforms/dbt';
/** The flags every dbt invocation of the pipeline carries. */
export const DBT_LOCATION_ARGS = [
  '--project-dir',
  DBT_PROJECT_DIR,
  '--profiles-dir',
  DBT_PROJECT_DIR,
];
export const DBT_RUN_RESULTS = `${DBT_PROJECT_DIR}/target/run_results.json`;
/** Schema the Python preparation step writes when dbt models its output (hybrid / ETL + dbt). */
export const PREPARED_SCHEMA = 'prepared';
export const MARTS_SCHEMA = 'marts';
export const SAMPLE_SCHEMA = 'raw_sample';

/** The library the Python transforms use: the tool answer, or by volume when the tool is dbt. */
export function pythonLibrary(model: ProjectModel): PythonLibrary {
  if (model.transforms.tool !== 'dbt') return model.transforms.tool;
  if (model.volume === 'large') return 'pyspark';
  return model.volume === 'medium' ? 'polars' : 'pandas';
}

/**
 * What the Python transforms produce. Without dbt they are the modelling layer and write the
 * marts; with dbt (hybrid, or ETL in front of dbt) they clean and redact the raw rows into the
 * `prepared` schema, and dbt reads that schema as its `raw` source (the `raw_schema` variable).
 */
export function pythonOutput(model: ProjectModel): 'marts' | 'prepared' {
  return model.flags.usesDbt ? 'prepared' : 'marts';
}

/** The table a Python transform writes for an entity. */
export function pythonTable(
  model: ProjectModel,
  entity: Entity,
): { schema: string; table: string } {
  if (pythonOutput(model) === 'prepared') return { schema: PREPARED_SCHEMA, table: entity.name };
  return martOf(entity);
}

/** The mart of an entity in the dimensional layout every generator shares: dim_/fct_ in `marts`. */
export function martOf(entity: Entity): { schema: string; table: string } {
  return {
    schema: MARTS_SCHEMA,
    table: `${entity.kind === 'fact' ? 'fct' : 'dim'}_${entity.name}`,
  };
}

/**
 * The tables the quality checks outside dbt (Great Expectations, Soda, the SQL checks) validate,
 * with the entity whose columns and rules they carry. The Python marts when Python models the
 * data; with dbt the staging models, which every modeling answer produces with the entity's
 * columns, keys and accepted values (the marts differ per modeling answer: hubs, OBT, …).
 */
export function qualityTargets(
  model: ProjectModel,
): { schema: string; table: string; entity: Entity }[] {
  return model.entities.map((entity) =>
    model.flags.usesDbt
      ? { schema: 'staging', table: `stg_${entity.name}`, entity }
      : { ...martOf(entity), entity },
  );
}

/** Rows the incremental window re-reads before its start, so late events are picked up. */
export function lookbackHours(model: ProjectModel): number {
  return scheduleIntervalMinutes(model.transforms.schedule) < 1440 ? 3 : 48;
}

export type StepKind = 'python' | 'dbt-freshness' | 'dbt-build' | 'quality';

export interface PipelineStep {
  /** snake_case: Airflow task id, Prefect task name, Dagster op name, log label. */
  id: string;
  kind: StepKind;
  title: string;
  /** Why the step exists, for comments and the README. */
  why: string;
  /**
   * The command from the project root, without the parts each orchestrator fills in its own way:
   * python steps get `--start/--end` (the data interval), dbt steps `--target` and `--vars`.
   */
  argv: string[];
  /** Exit codes that still mean success (Soda: 1 = warnings only). */
  okExitCodes?: number[];
  entity?: Entity;
}

/**
 * The schema dbt reads as its `raw` source: `prepared` when the Python step runs in front of dbt,
 * otherwise the RAW_SCHEMA environment variable (`raw`, or `raw_sample` to run on the samples).
 */
export function dbtRawSchema(
  model: ProjectModel,
): { kind: 'literal'; value: string } | { kind: 'env'; name: 'RAW_SCHEMA' } {
  return model.flags.usesPythonTransforms
    ? { kind: 'literal', value: PREPARED_SCHEMA }
    : { kind: 'env', name: 'RAW_SCHEMA' };
}

/** The steps of one run, in order. */
export function pipelineSteps(model: ProjectModel): PipelineStep[] {
  const steps: PipelineStep[] = [];
  if (model.flags.usesPythonTransforms) {
    for (const entity of model.entities) {
      const target = pythonTable(model, entity);
      steps.push({
        id: `transform_${entity.name}`,
        kind: 'python',
        title: `Transform ${entity.name} (${pythonLibrary(model)})`,
        why: `cleans, types and deduplicates raw ${entity.name} into ${target.schema}.${target.table}`,
        argv: ['python', '-m', 'transforms.python.run', '--entity', entity.name],
        entity,
      });
    }
  }
  if (model.flags.usesDbt) {
    steps.push({
      id: 'dbt_source_freshness',
      kind: 'dbt-freshness',
      title: 'Check source freshness',
      why: 'stops the run before stale sources are modelled (skipped on the local target, whose samples are historical)',
      argv: ['dbt', 'source', 'freshness', ...DBT_LOCATION_ARGS],
    });
    steps.push({
      id: 'dbt_build',
      kind: 'dbt-build',
      title: 'Build and test the dbt models',
      why: 'runs seeds, models, snapshots and their tests in DAG order; a failing test skips its descendants',
      argv: ['dbt', 'build', ...DBT_LOCATION_ARGS],
    });
  }
  steps.push(...qualitySteps(model));
  return steps;
}

function qualitySteps(model: ProjectModel): PipelineStep[] {
  const steps: PipelineStep[] = [];
  if (model.flags.usesDbt) {
    steps.push({
      id: 'dbt_test_gate',
      kind: 'quality',
      title: 'Fail on any failed dbt test',
      why: 'reads target/run_results.json and fails when a test failed or errored, warnings included in the summary',
      argv: ['python', 'tests/quality/check_dbt_results.py', DBT_RUN_RESULTS],
    });
  } else if (model.transforms.quality === 'dbt-tests') {
    steps.push({
      id: 'mart_checks',
      kind: 'quality',
      title: 'Check keys, nulls, accepted values and relationships of the marts',
      why: 'the generic dbt tests, as SQL on the marts the Python transforms wrote (no dbt project in this chain)',
      argv: ['python', 'tests/quality/check_marts.py'],
    });
  }
  if (model.transforms.quality === 'great-expectations') {
    steps.push({
      id: 'great_expectations',
      kind: 'quality',
      title: 'Validate the expectation suites (Great Expectations)',
      why: 'runs one checkpoint per table; any failed expectation fails the run',
      argv: ['python', 'tests/quality/gx/run_checkpoints.py'],
    });
  }
  if (model.transforms.quality === 'soda') {
    steps.push({
      id: 'soda_scan',
      kind: 'quality',
      title: 'Run the Soda checks',
      why: 'SodaCL row counts, missing, duplicate and invalid values, schema and freshness; failures (exit 2) and errors (3) fail the run, warnings (1) do not',
      argv: [
        'soda',
        'scan',
        '-d',
        'warehouse',
        '-c',
        'tests/quality/soda/configuration.yml',
        'tests/quality/soda/checks.yml',
      ],
      okExitCodes: [0, 1],
    });
  }
  return steps;
}

/** The Airflow DAG id, Dagster job name, Prefect flow name and cron lock name. */
export function pipelineName(model: ProjectModel): string {
  return model.snakeName.endsWith('_pipeline') ? model.snakeName : `${model.snakeName}_pipeline`;
}

export function retryPolicy(model: ProjectModel): {
  retries: number;
  delaySeconds: number;
  maxDelaySeconds: number;
} {
  return {
    retries: model.flags.isAtLeast('advanced') ? 4 : 3,
    delaySeconds: 60,
    maxDelaySeconds: 1800,
  };
}

/** The longest a run may take before the orchestrator fails it (a stuck run blocks the next ones). */
export function runTimeoutMinutes(model: ProjectModel): number {
  return Math.min(240, Math.max(30, scheduleIntervalMinutes(model.transforms.schedule) * 2));
}

/** The rough interval between two runs of a five-field schedule (for timeouts, not for firing). */
export function scheduleIntervalMinutes(schedule: string): number {
  const macros: Record<string, number> = {
    '@hourly': 60,
    '@daily': 1440,
    '@midnight': 1440,
    '@weekly': 10080,
    '@monthly': 43200,
    '@yearly': 525600,
    '@annually': 525600,
  };
  const macro = macros[schedule.trim().toLowerCase()];
  if (macro !== undefined) return macro;
  const [minute = '*', hour = '*'] = schedule.trim().split(/\s+/);
  const step = (field: string) => /^\*\/(\d+)$/.exec(field)?.[1];
  if (minute === '*') return 1;
  const minuteStep = step(minute);
  if (minuteStep !== undefined) return Number(minuteStep);
  if (minute.includes(',')) return Math.max(1, Math.floor(60 / minute.split(',').length));
  if (hour === '*') return 60;
  const hourStep = step(hour);
  if (hourStep !== undefined) return Number(hourStep) * 60;
  if (hour.includes(',')) return Math.max(60, Math.floor(1440 / hour.split(',').length));
  return 1440;
}

/**
 * The make target that runs the orchestrated pipeline once: `transform`, unless the dbt part of the
 * chain already uses that name (for `dbt build` on the samples); then `run-pipeline`.
 */
export function runTargetName(model: ProjectModel): string {
  const dbtTargets = model.flags.usesDbt ? (dbtContributions(model).makeTargets ?? []) : [];
  return dbtTargets.some((target) => target.name === 'transform') ? 'run-pipeline' : 'transform';
}
