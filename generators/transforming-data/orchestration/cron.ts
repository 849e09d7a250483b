import { lines, pyString, shellWord } from '../../shared/text.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  dbtRawSchema,
  pipelineName,
  pipelineSteps,
  runTargetName,
  scheduleIntervalMinutes,
  type PipelineStep,
} from './plan.js';

export const CRONTAB_PATH = 'transforms/cron/crontab';
export const RUN_SCRIPT_PATH = 'transforms/cron/run-pipeline.sh';
/** Exit code of a run that found another one still going (EX_TEMPFAIL). */
const LOCKED_EXIT_CODE = 75;

export function cronFiles(model: ProjectModel): FileSpec[] {
  return [
    { path: CRONTAB_PATH, kind: 'text', render: () => renderCrontab(model) },
    {
      path: RUN_SCRIPT_PATH,
      kind: 'text',
      isExecutable: true,
      render: () => renderRunScript(model),
    },
    { path: 'tests/unit/test_crontab.py', kind: 'text', render: () => renderCrontabTests(model) },
  ];
}

function renderCrontab(model: ProjectModel): string {
  return lines(
    `# ${model.title}: the pipeline on "${model.transforms.schedule}".`,
    `# Install on the host that runs it: edit PIPELINE_HOME, then \`crontab ${CRONTAB_PATH}\``,
    "# (or append it to the existing crontab). cron uses the host's time zone: keep the host on UTC,",
    '# the schedule answer is UTC. cron has no retries or backfills: a failed run waits for the next',
    '# tick (run the script by hand with START END to backfill; see transforms/README.md).',
    'SHELL=/bin/bash',
    'PATH=/usr/local/bin:/usr/bin:/bin',
    '# No mail: the log below is the record, and the freshness alert pages when runs stop landing.',
    'MAILTO=""',
    '# Absolute path of the project checkout on this host (cron starts in $HOME).',
    `PIPELINE_HOME=/opt/${model.name}`,
    '',
    `${model.transforms.schedule} cd "$PIPELINE_HOME" && mkdir -p logs && ${RUN_SCRIPT_PATH} >> logs/pipeline.log 2>&1`,
  );
}

function shellCommand(words: readonly string[]): string {
  return words.map((word) => shellWord(word)).join(' ');
}

function stepLines(model: ProjectModel, step: PipelineStep): string[] {
  switch (step.kind) {
    case 'python':
      return [`run_step ${step.id} ${shellCommand(step.argv)} --start "$start" --end "$end"`];
    case 'dbt-freshness':
      return [
        'if [[ "$dbt_target" == local ]]; then',
        `  log "step ${step.id}: skipped (local target: the samples are historical)"`,
        'else',
        `  run_step ${step.id} ${shellCommand(step.argv)} "\${dbt_arguments[@]}"`,
        'fi',
      ];
    case 'dbt-build':
      return [`run_step ${step.id} ${shellCommand(step.argv)} "\${dbt_arguments[@]}"`];
    case 'quality':
      if (step.okExitCodes)
        return [`run_step ${step.id} allow_warnings ${shellCommand(step.argv)}`];
      return [`run_step ${step.id} ${shellCommand(step.argv)}`];
  }
}

function renderRunScript(model: ProjectModel): string {
  const steps = pipelineSteps(model);
  const raw = dbtRawSchema(model);
  const hasWarnings = steps.some((step) => step.okExitCodes);
  return lines(
    '#!/usr/bin/env bash',
    `# ${model.title}: one run of the pipeline, as cron starts it (${CRONTAB_PATH}) and \`make ${runTargetName(model)}\`.`,
    '#',
    `#   ${RUN_SCRIPT_PATH} [START END]    # ISO 8601 interval; default: the interval ending now`,
    '#',
    '# Steps, in order; the first failure stops the run:',
    steps.map((step) => `#   ${step.id}: ${step.why}`),
    '#',
    '# Exit codes: 0 every step passed; 1 a step failed (its name and exit code are logged);',
    `# 2 bad arguments or configuration; ${LOCKED_EXIT_CODE} another run still holds the lock (this one is skipped).`,
    'set -euo pipefail',
    '',
    'log() {',
    '  printf \'%s [%s] %s\\n\' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$$" "$*"',
    '}',
    '',
    'run_step() {',
    '  local name=$1',
    '  shift',
    '  log "step $name: start"',
    '  local status=0',
    '  "$@" || status=$?',
    '  if ((status != 0)); then',
    '    log "step $name: FAILED (exit $status)"',
    '    exit 1',
    '  fi',
    '  log "step $name: done"',
    '}',
    hasWarnings && [
      '',
      '# Soda exits 1 for warnings only: the run goes on; 2 (failed check) and 3 (error) stop it.',
      'allow_warnings() {',
      '  local status=0',
      '  "$@" || status=$?',
      '  ((status <= 1))',
      '}',
    ],
    '',
    'project_dir="$(cd "$(dirname "$0")/../.." && pwd)"',
    'cd "$project_dir"',
    '',
    '# Configuration: .env locally; on a server the same names come from the environment.',
    'if [[ -f .env ]]; then',
    '  set -a',
    '  # shellcheck source=/dev/null',
    '  source .env',
    '  set +a',
    'fi',
    ': "${DUCKDB_PATH:?DUCKDB_PATH is not set: copy .env.example to .env (make env)}"',
    'if [[ -x .venv/bin/python ]]; then',
    '  PATH="$project_dir/.venv/bin:$PATH"',
    'fi',
    '',
    '# Runs never overlap: a run still going when the next tick fires makes the new one skip.',
    'mkdir -p data',
    `lock_file="$project_dir/data/${pipelineName(model)}.lock"`,
    'exec 9>"$lock_file"',
    'if ! flock --nonblock 9; then',
    '  log "another run holds $lock_file: skipping this one"',
    `  exit ${LOCKED_EXIT_CODE}`,
    'fi',
    '',
    '# The data interval: the arguments, or the schedule interval ending at the current minute.',
    'if (($# == 2)); then',
    '  start=$1',
    '  end=$2',
    'elif (($# == 0)); then',
    `  interval_seconds=${scheduleIntervalMinutes(model.transforms.schedule) * 60}`,
    '  end_epoch=$(($(date -u +%s) / 60 * 60))',
    '  start="$(date -u -d "@$((end_epoch - interval_seconds))" +%Y-%m-%dT%H:%M:%S+00:00)"',
    '  end="$(date -u -d "@$end_epoch" +%Y-%m-%dT%H:%M:%S+00:00)"',
    'else',
    '  log "usage: $0 [START END]"',
    '  exit 2',
    'fi',
    'log "run $start -> $end"',
    model.flags.usesDbt && [
      '',
      'dbt_target="${DBT_TARGET:-local}"',
      raw.kind === 'literal'
        ? `raw_schema=${shellWord(raw.value)}`
        : 'raw_schema="${RAW_SCHEMA:-raw}"',
      'dbt_arguments=(--target "$dbt_target" --vars "{raw_schema: $raw_schema}")',
    ],
    '',
    steps.flatMap((step) => stepLines(model, step)),
    '',
    'log "run $start -> $end: every step passed"',
  );
}

function renderCrontabTests(model: ProjectModel): string {
  return lines(
    '"""The crontab schedules the pipeline on the answered expression and the run script is sound."""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'import re',
    'import shutil',
    'import subprocess',
    'from pathlib import Path',
    '',
    'import pytest',
    '',
    'ROOT = Path(__file__).resolve().parents[2]',
    `CRONTAB = ROOT / ${pyString(CRONTAB_PATH)}`,
    `SCRIPT = ROOT / ${pyString(RUN_SCRIPT_PATH)}`,
    `SCHEDULE = ${pyString(model.transforms.schedule)}`,
    'ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")',
    '',
    '',
    'def job_lines() -> list[str]:',
    '    lines = CRONTAB.read_text(encoding="utf-8").splitlines()',
    '    return [line for line in lines if line.strip() and not line.lstrip().startswith("#") and not ASSIGNMENT.match(line)]',
    '',
    '',
    'def test_one_job_on_the_answered_schedule() -> None:',
    '    jobs = job_lines()',
    '    assert len(jobs) == 1',
    '    assert " ".join(jobs[0].split()[:5]) == SCHEDULE',
    '',
    '',
    'def test_job_runs_the_script_and_keeps_a_log() -> None:',
    '    job = job_lines()[0]',
    `    assert ${pyString(RUN_SCRIPT_PATH)} in job`,
    '    assert ">> logs/pipeline.log 2>&1" in job',
    '',
    '',
    'def test_script_is_executable_valid_bash_and_locked() -> None:',
    '    assert os.access(SCRIPT, os.X_OK)',
    '    subprocess.run(["bash", "-n", str(SCRIPT)], check=True)',
    '    assert "flock --nonblock" in SCRIPT.read_text(encoding="utf-8")',
    '',
    '',
    'def test_script_passes_shellcheck() -> None:',
    '    if shutil.which("shellcheck") is None:',
    '        pytest.fail("shellcheck is not installed (apt-get install shellcheck)")',
    '    subprocess.run(["shellcheck", str(SCRIPT)], check=True)',
  );
}
