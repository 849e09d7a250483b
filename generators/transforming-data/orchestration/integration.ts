import { lines, pyString } from '../../shared/text.js';
import type { ProjectModel } from '../../types.js';
import {
  DBT_LOCATION_ARGS,
  PREPARED_SCHEMA,
  SAMPLE_SCHEMA,
  martOf,
  qualityTargets,
} from './plan.js';

/** The marts the integration test can rely on: dbt's dimensional marts, or the Python marts. */
function checkedTables(
  model: ProjectModel,
): { schema: string; table: string; entity: string; key: string }[] {
  const tables = qualityTargets(model).map((target) => ({
    schema: target.schema,
    table: target.table,
    entity: target.entity.name,
    key: target.entity.key.name,
  }));
  if (model.flags.usesDbt && model.architecture.modeling === 'dimensional') {
    tables.push(
      ...model.entities.map((entity) => ({
        ...martOf(entity),
        entity: entity.name,
        key: entity.key.name,
      })),
    );
  }
  return tables;
}

/**
 * tests/integration/test_<snake>_end_to_end.py (advanced maturity): the real transformations on the
 * sample rows in a temporary DuckDB, one duplicated delivery per entity included, then row counts
 * and keys of the modelled tables.
 */
export function renderIntegrationTest(model: ProjectModel): string {
  const usesDbt = model.flags.usesDbt;
  const usesPython = model.flags.usesPythonTransforms;
  const dbtRaw = usesPython ? PREPARED_SCHEMA : SAMPLE_SCHEMA;
  return lines(
    `"""End to end test of ${model.title}: sample rows -> transformations -> modelled tables.`,
    '',
    '    python -m pytest tests/integration',
    '',
    `Runs the real steps in a temporary DuckDB (nothing touches DUCKDB_PATH): ${[
      usesDbt ? 'dbt seed' : 'load the samples',
      'duplicate one delivery per entity (at-least-once)',
      usesPython ? 'the Python transforms' : '',
      usesDbt ? 'dbt build' : '',
    ]
      .filter(Boolean)
      .join(', ')}; then every modelled table must hold one row per sample key.`,
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    usesDbt && 'import shutil',
    'import subprocess',
    'import sys',
    'from pathlib import Path',
    '',
    'import duckdb',
    'import pytest',
    '',
    'ROOT = Path(__file__).resolve().parents[2]',
    '# Rows per entity in the sample data (keys are unique there).',
    `EXPECTED_ROWS = {${model.entities.map((entity) => `${pyString(entity.name)}: ${new Set(entity.sampleRows.map((row) => row[entity.key.name])).size}`).join(', ')}}`,
    '# (schema, table, entity, key) of every table the run must produce.',
    'TABLES = [',
    checkedTables(model).map(
      (table) =>
        `    (${[table.schema, table.table, table.entity, table.key].map(pyString).join(', ')}),`,
    ),
    ']',
    usesDbt && `DBT_LOCATION = [${DBT_LOCATION_ARGS.map(pyString).join(', ')}]`,
    '',
    '',
    'def run(argv: list[str], env: dict[str, str]) -> None:',
    '    completed = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)',
    '    if completed.returncode != 0:',
    '        pytest.fail(f"{\' \'.join(argv)} exited with {completed.returncode}:\\n{completed.stdout[-4000:]}\\n{completed.stderr[-4000:]}")',
    '',
    '',
    'def duplicate_first_rows(path: Path) -> None:',
    '    """Redelivers one row per entity, as an at-least-once loader would."""',
    '    with duckdb.connect(str(path)) as connection:',
    '        for entity in EXPECTED_ROWS:',
    `            table = f'${SAMPLE_SCHEMA}."{entity}"'`,
    '            connection.execute(f"insert into {table} select * from {table} limit 1")',
    '',
    '',
    '@pytest.fixture(scope="module")',
    'def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:',
    '    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"',
    `    env = {**os.environ, "DUCKDB_PATH": str(path), "RAW_SCHEMA": ${pyString(SAMPLE_SCHEMA)}${usesDbt ? ', "DBT_TARGET": "local"' : ''}}`,
    usesDbt
      ? [
          '    if shutil.which("dbt") is None:',
          '        pytest.fail("dbt is not installed: pip install -r requirements.txt")',
          '    run(["dbt", "seed", *DBT_LOCATION, "--target", "local"], env)',
        ]
      : '    run([sys.executable, "-m", "transforms.python.load_samples"], env)',
    '    duplicate_first_rows(path)',
    usesPython && '    run([sys.executable, "-m", "transforms.python.run"], env)',
    usesDbt && [
      '    # Seeds are excluded: rebuilding them would drop the duplicated deliveries.',
      `    run(["dbt", "build", *DBT_LOCATION, "--target", "local", "--exclude", "resource_type:seed", "--vars", ${pyString(`{raw_schema: ${dbtRaw}}`)}], env)`,
    ],
    '    return path',
    '',
    '',
    '@pytest.mark.parametrize(("schema", "table", "entity", "key"), TABLES)',
    'def test_end_to_end_one_row_per_key(warehouse: Path, schema: str, table: str, entity: str, key: str) -> None:',
    '    with duckdb.connect(str(warehouse), read_only=True) as connection:',
    '        row = connection.execute(',
    '            f\'select count(*), count(distinct "{key}"), count("{key}") from "{schema}"."{table}"\'',
    '        ).fetchone()',
    '    assert row is not None',
    '    rows, distinct_keys, non_null_keys = row',
    '    assert rows == EXPECTED_ROWS[entity], f"{schema}.{table}: {rows} rows"',
    '    assert distinct_keys == rows, f"{schema}.{table}: duplicate {key}"',
    '    assert non_null_keys == rows, f"{schema}.{table}: null {key}"',
  );
}
