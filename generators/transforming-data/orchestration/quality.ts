import { dedent, lines, pyString } from '../../shared/text.js';
import type { Entity, FileSpec, ProjectModel } from '../../types.js';
import { dbtFiles } from '../dbt/index.js';
import { DBT_RUN_RESULTS, qualityTargets } from './plan.js';

/**
 * tests/quality/: the gates that run after the transformations. dbt tests are the primary gate
 * when dbt models the data (the run-results check makes CI fail on any failed test); Great
 * Expectations (GX Core 1.x) or Soda (SodaCL) add checks outside dbt; without dbt, the same
 * generic tests run as SQL on the marts.
 */
export function qualityFiles(model: ProjectModel): FileSpec[] {
  const files: FileSpec[] = [
    { path: 'tests/quality/README.md', kind: 'text', render: () => renderQualityReadme(model) },
  ];
  if (model.flags.usesDbt) {
    files.push({
      path: 'tests/quality/check_dbt_results.py',
      kind: 'text',
      render: () => renderDbtResultsCheck(),
    });
    files.push({
      path: 'tests/unit/test_check_dbt_results.py',
      kind: 'text',
      render: () => renderDbtResultsCheckTests(),
    });
  } else if (model.transforms.quality === 'dbt-tests') {
    files.push({
      path: 'tests/quality/check_marts.py',
      kind: 'text',
      render: () => renderMartChecks(model),
    });
  }
  if (model.transforms.quality === 'great-expectations') {
    files.push({
      path: 'tests/quality/gx/run_checkpoints.py',
      kind: 'text',
      render: () => renderGreatExpectations(model),
    });
  }
  if (model.transforms.quality === 'soda') {
    const schema = qualityTargets(model)[0]?.schema ?? 'marts';
    files.push({
      path: 'tests/quality/soda/configuration.yml',
      kind: 'yaml',
      header: [
        'Soda Core data source for the checks: the local DuckDB warehouse, read-only. Soda resolves',
        '${VAR} from the environment, so no path or credential is written here. For the production',
        'warehouse add its data source (soda-core-<warehouse>) with ${VAR} credentials from .env.example.',
      ],
      data: () => ({
        'data_source warehouse': {
          type: 'duckdb',
          path: '${DUCKDB_PATH}',
          read_only: true,
          schema_name: schema,
        },
      }),
    });
    files.push({
      path: 'tests/quality/soda/checks.yml',
      kind: 'yaml',
      header: [
        `SodaCL checks of the ${schema} tables: \`soda scan -d warehouse -c tests/quality/soda/configuration.yml tests/quality/soda/checks.yml\`.`,
        'Exit code 0: all pass; 1: warnings only (the run continues); 2: a check failed; 3: a check errored.',
        `Freshness only warns here: the freshness alert (SLO ${model.performance.freshnessSloMinutes} min) pages, and the sample data is historical.`,
      ],
      data: () => sodaChecks(model),
    });
  }
  return files;
}

interface TableRules {
  table: string;
  schema: string;
  entity: Entity;
  key: string;
  required: string[];
  accepted: { column: string; values: string[] }[];
  relationships: { column: string; table: string; field: string }[];
}

export function tableRules(model: ProjectModel): TableRules[] {
  const targets = qualityTargets(model);
  return targets.map(({ schema, table, entity }) => ({
    schema,
    table,
    entity,
    key: entity.key.name,
    required: entity.columns.filter((column) => !column.isNullable).map((column) => column.name),
    accepted: entity.columns.flatMap((column) =>
      column.acceptedValues && column.acceptedValues.length > 0
        ? [{ column: column.name, values: column.acceptedValues }]
        : [],
    ),
    relationships: entity.columns.flatMap((column) => {
      const reference = column.references;
      if (!reference) return [];
      const parent = targets.find((target) => target.entity.name === reference.entity);
      return parent ? [{ column: column.name, table: parent.table, field: reference.column }] : [];
    }),
  }));
}

function sodaChecks(model: ProjectModel): Record<string, unknown> {
  const checks: Record<string, unknown> = {};
  const slo = model.performance.freshnessSloMinutes;
  for (const rules of tableRules(model)) {
    const list: unknown[] = [
      'row_count > 0',
      `missing_count(${rules.key}) = 0`,
      `duplicate_count(${rules.key}) = 0`,
      ...rules.required
        .filter((column) => column !== rules.key)
        .map((column) => `missing_count(${column}) = 0`),
      ...rules.accepted.map((accepted) => ({
        [`invalid_count(${accepted.column}) = 0`]: { 'valid values': accepted.values },
      })),
      ...rules.relationships.map((relationship) => ({
        [`values in (${relationship.column}) must exist in ${relationship.table} (${relationship.field})`]:
          { name: `every ${relationship.column} exists in ${relationship.table}` },
      })),
      { [`freshness(${rules.entity.eventTime.name})`]: { warn: `when > ${slo}m` } },
      {
        schema: {
          fail: {
            'when required column missing': rules.entity.columns.map((column) => column.name),
          },
        },
      },
    ];
    checks[`checks for ${rules.table}`] = list;
  }
  return checks;
}

function renderDbtResultsCheck(): string {
  return dedent`
    """Fails when any dbt test failed or errored, from dbt's target/run_results.json.

        python tests/quality/check_dbt_results.py [${DBT_RUN_RESULTS}]

    \`dbt build\` stops descendants of a failed test, but CI needs one clear verdict: this gate fails
    on any failed or errored test or model, lists each with its failure count so the log says what
    broke, reports warnings, and fails when no test ran at all (a gate that checks nothing).
    Standard library only: it runs in any interpreter, including Airflow's own.
    """

    from __future__ import annotations

    import json
    import sys
    from pathlib import Path

    DEFAULT_RESULTS = Path(__file__).resolve().parents[2] / ${pyString(DBT_RUN_RESULTS)}
    TEST_PREFIXES = ("test.", "unit_test.")


    def summarize(run_results: dict) -> dict[str, list[str]]:
        """Groups the nodes of one dbt invocation by outcome."""
        outcome: dict[str, list[str]] = {"passed": [], "warned": [], "failed": [], "errored": []}
        for result in run_results.get("results", []):
            unique_id = str(result.get("unique_id", "?"))
            status = result.get("status")
            failures = result.get("failures")
            label = unique_id if not failures else f"{unique_id} ({failures} failing rows)"
            if unique_id.startswith(TEST_PREFIXES):
                if status == "pass":
                    outcome["passed"].append(label)
                elif status == "warn":
                    outcome["warned"].append(label)
                elif status in ("fail", "error"):
                    outcome["failed"].append(label)
            elif status == "error":
                outcome["errored"].append(f"{label}: {result.get('message') or 'error'}")
        return outcome


    def check(path: Path | str = DEFAULT_RESULTS) -> dict[str, int]:
        """The counts per outcome; raises RuntimeError when the gate fails."""
        results_path = Path(path)
        if not results_path.is_file():
            raise RuntimeError(f"{results_path} not found: run dbt build first")
        outcome = summarize(json.loads(results_path.read_text(encoding="utf-8")))
        counts = {name: len(items) for name, items in outcome.items()}
        problems = [f"failed test: {item}" for item in outcome["failed"]] + [f"errored node: {item}" for item in outcome["errored"]]
        if problems:
            raise RuntimeError("dbt quality gate failed:\\n  " + "\\n  ".join(problems))
        if counts["passed"] + counts["warned"] == 0:
            raise RuntimeError("dbt quality gate failed: no test ran (was dbt build run with --exclude?)")
        return counts


    def main(argv: list[str]) -> int:
        try:
            counts = check(argv[0] if argv else DEFAULT_RESULTS)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"dbt quality gate passed: {counts['passed']} tests passed, {counts['warned']} warned")
        return 0


    if __name__ == "__main__":
        sys.exit(main(sys.argv[1:]))
  `;
}

function renderDbtResultsCheckTests(): string {
  return dedent`
    """Unit tests of the dbt quality gate on small run_results.json documents."""

    from __future__ import annotations

    import importlib.util
    import json
    from pathlib import Path

    import pytest

    CHECKER_PATH = Path(__file__).resolve().parents[1] / "quality" / "check_dbt_results.py"
    _spec = importlib.util.spec_from_file_location("check_dbt_results", CHECKER_PATH)
    assert _spec is not None and _spec.loader is not None
    checker = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(checker)


    def write_results(tmp_path: Path, *results: dict) -> Path:
        path = tmp_path / "run_results.json"
        path.write_text(json.dumps({"results": list(results)}), encoding="utf-8")
        return path


    def test_passes_when_every_test_passed(tmp_path: Path) -> None:
        path = write_results(
            tmp_path,
            {"unique_id": "model.project.stg_orders", "status": "success"},
            {"unique_id": "test.project.unique_stg_orders_order_id", "status": "pass", "failures": 0},
            {"unique_id": "test.project.not_null_stg_orders_order_id", "status": "warn", "failures": 2},
        )
        assert checker.check(path) == {"passed": 1, "warned": 1, "failed": 0, "errored": 0}


    def test_fails_on_a_failed_test_and_names_it(tmp_path: Path) -> None:
        path = write_results(tmp_path, {"unique_id": "test.project.unique_stg_orders_order_id", "status": "fail", "failures": 3})
        with pytest.raises(RuntimeError, match="unique_stg_orders_order_id \\\\(3 failing rows\\\\)"):
            checker.check(path)


    def test_fails_on_an_errored_model(tmp_path: Path) -> None:
        path = write_results(
            tmp_path,
            {"unique_id": "model.project.fct_orders", "status": "error", "message": "Binder Error"},
            {"unique_id": "test.project.unique_stg_orders_order_id", "status": "pass"},
        )
        with pytest.raises(RuntimeError, match="Binder Error"):
            checker.check(path)


    def test_fails_when_no_test_ran(tmp_path: Path) -> None:
        path = write_results(tmp_path, {"unique_id": "model.project.stg_orders", "status": "success"})
        with pytest.raises(RuntimeError, match="no test ran"):
            checker.check(path)


    def test_fails_when_the_results_are_missing(tmp_path: Path) -> None:
        assert checker.main([str(tmp_path / "absent.json")]) == 1
  `;
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function renderMartChecks(model: ProjectModel): string {
  const rules = tableRules(model);
  const checks: string[] = [];
  for (const rule of rules) {
    const table = `${rule.schema}.${rule.table}`;
    checks.push(
      `    (${pyString(`${table} has rows`)}, ${pyString(`select case when count(*) = 0 then 1 else 0 end from ${table}`)}),`,
    );
    checks.push(
      `    (${pyString(`${table}.${rule.key} is unique`)}, ${pyString(`select count(*) from (select ${rule.key} from ${table} group by ${rule.key} having count(*) > 1)`)}),`,
    );
    for (const column of rule.required) {
      checks.push(
        `    (${pyString(`${table}.${column} is not null`)}, ${pyString(`select count(*) from ${table} where ${column} is null`)}),`,
      );
    }
    for (const accepted of rule.accepted) {
      checks.push(
        `    (${pyString(`${table}.${accepted.column} has accepted values`)}, ${pyString(`select count(*) from ${table} where ${accepted.column} not in (${accepted.values.map(sqlString).join(', ')})`)}),`,
      );
    }
    for (const relationship of rule.relationships) {
      const parent = `${rule.schema}.${relationship.table}`;
      checks.push(
        `    (${pyString(`${table}.${relationship.column} exists in ${parent}`)}, ${pyString(`select count(*) from ${table} as child left join ${parent} as parent on child.${relationship.column} = parent.${relationship.field} where child.${relationship.column} is not null and parent.${relationship.field} is null`)}),`,
      );
    }
  }
  return lines(
    '"""The generic dbt tests (unique, not_null, accepted_values, relationships) as SQL on the marts.',
    '',
    '    python tests/quality/check_marts.py',
    '',
    'This chain has no dbt project: the Python transforms write the marts, and this gate checks them',
    'the way dbt tests would. Each check counts offending rows; any non-zero count fails the run.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'import sys',
    '',
    'import duckdb',
    '',
    '# (description, SQL returning the number of offending rows)',
    'CHECKS = [',
    checks,
    ']',
    '',
    '',
    'def run_checks(connection: duckdb.DuckDBPyConnection) -> list[str]:',
    '    failures = []',
    '    for description, sql in CHECKS:',
    '        row = connection.execute(sql).fetchone()',
    '        offending = int(row[0]) if row else 0',
    '        if offending:',
    '            failures.append(f"{description}: {offending} offending rows")',
    '    return failures',
    '',
    '',
    'def main() -> int:',
    '    path = os.environ.get("DUCKDB_PATH", "")',
    '    if not path:',
    '        print("DUCKDB_PATH is not set", file=sys.stderr)',
    '        return 2',
    '    with duckdb.connect(path, read_only=True) as connection:',
    '        failures = run_checks(connection)',
    '    for failure in failures:',
    '        print(f"FAIL {failure}", file=sys.stderr)',
    '    print(f"{len(CHECKS) - len(failures)} of {len(CHECKS)} mart checks passed")',
    '    return 1 if failures else 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}

function renderGreatExpectations(model: ProjectModel): string {
  const rules = tableRules(model);
  return lines(
    '"""Great Expectations (GX Core 1.x) checkpoints for the modelled tables.',
    '',
    '    python tests/quality/gx/run_checkpoints.py',
    '',
    'The GX 1.x chain per table: Data Context -> Data Source -> Data Asset -> Batch Definition ->',
    'Expectation Suite -> Validation Definition -> Checkpoint. The context is ephemeral: suites live',
    'in this file, reviewed like code; switch to gx.get_context(mode="file") to keep Data Docs.',
    'Each table is read from the DuckDB warehouse (DUCKDB_PATH, read-only) into a dataframe batch.',
    'Any failed expectation fails the run (exit code 1) and is listed with its column.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'import sys',
    'from dataclasses import dataclass, field',
    '',
    'import duckdb',
    'import great_expectations as gx',
    'import great_expectations.expectations as gxe',
    '',
    '',
    '@dataclass(frozen=True)',
    'class TableRules:',
    '    schema: str',
    '    table: str',
    '    key: str',
    '    required: tuple[str, ...]',
    '    accepted_values: dict[str, tuple[str, ...]] = field(default_factory=dict)',
    '',
    '',
    'TABLES = (',
    rules.map((rule) =>
      lines(
        '    TableRules(',
        `        schema=${pyString(rule.schema)},`,
        `        table=${pyString(rule.table)},`,
        `        key=${pyString(rule.key)},`,
        `        required=(${rule.required.map(pyString).join(', ')}${rule.required.length === 1 ? ',' : ''}),`,
        rule.accepted.length > 0 && [
          '        accepted_values={',
          rule.accepted.map(
            (accepted) =>
              `            ${pyString(accepted.column)}: (${accepted.values.map(pyString).join(', ')}${accepted.values.length === 1 ? ',' : ''}),`,
          ),
          '        },',
        ],
        '    ),',
      ).trimEnd(),
    ),
    ')',
    '',
    '',
    'def build_suite(rules: TableRules) -> gx.ExpectationSuite:',
    '    """Keys unique and present, required columns not null, closed sets respected, never empty."""',
    '    suite = gx.ExpectationSuite(name=f"{rules.table}_suite")',
    '    suite.add_expectation(gxe.ExpectTableRowCountToBeBetween(min_value=1))',
    '    suite.add_expectation(gxe.ExpectColumnValuesToBeUnique(column=rules.key))',
    '    for column in rules.required:',
    '        suite.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column=column))',
    '    for column, values in rules.accepted_values.items():',
    '        suite.add_expectation(gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)))',
    '    return suite',
    '',
    '',
    'def validate(context: gx.data_context.AbstractDataContext, data_source, connection: duckdb.DuckDBPyConnection, rules: TableRules) -> list[str]:',
    '    """Runs the checkpoint of one table; returns its failed expectations."""',
    '    asset = data_source.add_dataframe_asset(name=f"{rules.schema}.{rules.table}")',
    '    batch_definition = asset.add_batch_definition_whole_dataframe(f"{rules.table} whole table")',
    '    suite = context.suites.add(build_suite(rules))',
    '    validation = context.validation_definitions.add(',
    '        gx.ValidationDefinition(name=f"{rules.table} validation", data=batch_definition, suite=suite)',
    '    )',
    '    checkpoint = context.checkpoints.add(',
    '        gx.Checkpoint(',
    '            name=f"{rules.table} checkpoint",',
    '            validation_definitions=[validation],',
    '            result_format={"result_format": "SUMMARY"},',
    '        )',
    '    )',
    '    frame = connection.execute(f\'select * from "{rules.schema}"."{rules.table}"\').df()',
    '    result = checkpoint.run(batch_parameters={"dataframe": frame})',
    '    failures = []',
    '    for validation_result in result.run_results.values():',
    '        for expectation in validation_result.results:',
    '            if not expectation.success:',
    '                config = expectation.expectation_config',
    '                column = config.kwargs.get("column", "")',
    '                failures.append(f"{rules.schema}.{rules.table}: {config.type} {column}".rstrip())',
    '    return failures',
    '',
    '',
    'def main() -> int:',
    '    path = os.environ.get("DUCKDB_PATH", "")',
    '    if not path:',
    '        print("DUCKDB_PATH is not set", file=sys.stderr)',
    '        return 2',
    '    context = gx.get_context(mode="ephemeral")',
    '    # One dataframe Data Source; each table is a Data Asset with a whole-dataframe Batch Definition.',
    '    data_source = context.data_sources.add_pandas(name="warehouse")',
    '    failures: list[str] = []',
    '    with duckdb.connect(path, read_only=True) as connection:',
    '        for rules in TABLES:',
    '            failures.extend(validate(context, data_source, connection, rules))',
    '    for failure in failures:',
    '        print(f"FAIL {failure}", file=sys.stderr)',
    '    print(f"{len(TABLES)} tables validated, {len(failures)} failed expectations")',
    '    return 1 if failures else 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}

function renderQualityReadme(model: ProjectModel): string {
  const rules = tableRules(model);
  const framework = {
    'dbt-tests': 'dbt tests',
    'great-expectations': 'Great Expectations (GX Core 1.x)',
    soda: 'Soda Core (SodaCL)',
  }[model.transforms.quality];
  return lines(
    '# Data quality',
    '',
    `Framework: **${framework}**. A failed check fails the pipeline run, so marts are not published`,
    'from data that failed its checks; the orchestrator retries transient errors, never failed checks',
    'of the data itself (fix the data or the rule, then re-run).',
    '',
    model.flags.usesDbt && [
      '## dbt tests (primary gate)',
      '',
      '`dbt build` runs the tests declared under `data_tests:` in transforms/dbt/models/**/_*models.yml',
      'right after each model; a failing test skips the models built on it. Then',
      '`python tests/quality/check_dbt_results.py` reads `transforms/dbt/target/run_results.json` and fails',
      'CI (and the run) when any test failed or errored, or when no test ran at all.',
      '',
      'The generic tests of the dbt models (from transforms/dbt/models/**/_*models.yml):',
      '',
      '| model | column | tests |',
      '| --- | --- | --- |',
      dbtGenericTests(model).map(
        (test) => `| ${test.model} | ${test.column} | ${test.tests.join(', ')} |`,
      ),
      '',
    ],
    !model.flags.usesDbt &&
      model.transforms.quality === 'dbt-tests' && [
        '## Mart checks',
        '',
        'There is no dbt project in this chain, so `python tests/quality/check_marts.py` runs the generic dbt',
        'tests as SQL on the marts the Python transforms write: keys unique and not null, required columns',
        'not null, accepted values, relationships between marts.',
        '',
      ],
    model.transforms.quality === 'great-expectations' && [
      '## Great Expectations',
      '',
      '`python tests/quality/gx/run_checkpoints.py` builds one Expectation Suite per table (row count,',
      'unique and non-null key, required columns, accepted values), binds it to a dataframe Batch',
      'Definition in a Validation Definition and runs a Checkpoint; any failed expectation fails the run.',
      '',
    ],
    model.transforms.quality === 'soda' && [
      '## Soda',
      '',
      '`soda scan -d warehouse -c tests/quality/soda/configuration.yml tests/quality/soda/checks.yml` runs',
      'the SodaCL checks: row_count, missing_count and duplicate_count on keys, invalid_count with the valid',
      'values, referential checks, freshness (warns) and schema. Exit code 2 or 3 fails the run.',
      '',
    ],
    model.transforms.quality === 'dbt-tests' && model.flags.usesDbt
      ? '## Rules per table'
      : '## Tables checked outside dbt',
    '',
    '| table | key | required columns | accepted values |',
    '| --- | --- | --- | --- |',
    rules.map(
      (rule) =>
        `| ${rule.schema}.${rule.table} | ${rule.key} | ${rule.required.join(', ')} | ${rule.accepted.map((accepted) => `${accepted.column}: ${accepted.values.join(', ')}`).join('; ') || '—'} |`,
    ),
  );
}

/**
 * The generic tests the dbt generator declares, read from its schema files (the objects it
 * serializes), so this README lists exactly what `dbt build` runs.
 */
function dbtGenericTests(
  model: ProjectModel,
): { model: string; column: string; tests: string[] }[] {
  const rows: { model: string; column: string; tests: string[] }[] = [];
  for (const file of dbtFiles(model)) {
    if (file.kind !== 'yaml' || !/^transforms\/dbt\/models\/.*\/_[^/]*models\.yml$/.test(file.path))
      continue;
    const data = file.data() as {
      models?: { name?: string; columns?: { name?: string; data_tests?: unknown[] }[] }[];
    };
    for (const dbtModel of data.models ?? []) {
      for (const column of dbtModel.columns ?? []) {
        const tests = (column.data_tests ?? [])
          .map((test) => (typeof test === 'string' ? test : (Object.keys(test as object)[0] ?? '')))
          .filter((test) => test !== '');
        if (tests.length > 0)
          rows.push({ model: dbtModel.name ?? '', column: column.name ?? '', tests });
      }
    }
  }
  return rows;
}
