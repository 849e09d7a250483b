import type { DomainProblem } from '../types.js';
import type { CompiledProject } from './compile-project.js';
import { quoteRelation } from './compile.js';
import { parseRelationReference } from './data-tests.js';
import type { DbtProject, UnitTestSpec } from './project.js';
import { quoteIdentifier, sqlLiteral } from './sql-text.js';
import type { Warehouse } from './warehouse.js';

/**
 * dbt unit tests: each `given` input becomes an inline fixture typed like the real relation
 * (columns it does not list are null), the model is rendered against the fixtures, and its output
 * must equal the `expect` rows on the columns they list, as a multiset.
 */
export async function runUnitTests(
  project: DbtProject,
  compiled: CompiledProject,
  warehouse: Warehouse,
  problems: DomainProblem[],
  relationOf: (name: string) => string | undefined,
): Promise<void> {
  for (const test of project.unitTests) {
    try {
      const failure = await runUnitTest(project, compiled, warehouse, test, relationOf);
      if (failure)
        problems.push({
          path: test.path,
          line: test.line,
          message: `unit test ${test.name} failed: ${failure}`,
        });
    } catch (error) {
      problems.push({
        path: test.path,
        line: test.line,
        message: `unit test ${test.name} does not run: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
      });
    }
  }
}

async function fixture(
  warehouse: Warehouse,
  relation: string,
  rows: readonly Record<string, unknown>[],
): Promise<string> {
  const columns = await warehouse.columns(`select * from ${relation}`);
  const known = new Set(columns.map((column) => column.name.toLowerCase()));
  for (const row of rows) {
    for (const name of Object.keys(row))
      if (!known.has(name.toLowerCase()))
        throw new Error(`given column "${name}" is not a column of ${relation}`);
  }
  const selectRow = (row: Record<string, unknown> | undefined) =>
    `select ${columns.map((column) => `cast(${sqlLiteral(row ? lookup(row, column.name) : null)} as ${column.type}) as ${quoteIdentifier(column.name)}`).join(', ')}`;
  if (rows.length === 0) return `(${selectRow(undefined)} where false)`;
  return `(${rows.map((row) => selectRow(row)).join(' union all ')})`;
}

function lookup(row: Record<string, unknown>, column: string): unknown {
  const key = Object.keys(row).find((name) => name.toLowerCase() === column.toLowerCase());
  return key === undefined ? null : row[key];
}

async function runUnitTest(
  project: DbtProject,
  compiled: CompiledProject,
  warehouse: Warehouse,
  test: UnitTestSpec,
  relationOf: (name: string) => string | undefined,
): Promise<string | undefined> {
  const model = compiled.models.get(test.model);
  if (!model) return `model ${test.model} did not compile`;
  const refs = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const given of test.given) {
    const reference = parseRelationReference(given.input);
    if (!reference) return `input ${given.input} is neither ref('…') nor source('…', '…')`;
    if (reference.kind === 'ref') {
      const relation = relationOf(reference.name);
      if (!relation) return `input ${given.input} was not built`;
      refs.set(reference.name, await fixture(warehouse, relation, given.rows));
    } else {
      const relation = compiled.compiler.sourceRelation(reference.source, reference.table);
      if (!relation) return `input ${given.input} is not a declared source`;
      sources.set(
        `${reference.source}.${reference.table}`,
        await fixture(warehouse, quoteRelation(relation), given.rows),
      );
    }
  }
  const missing: string[] = [];
  const rendered = compiled.compiler.render(model.node, {
    relation: model.relation,
    refText: (name) => refs.get(name) ?? (missing.push(`ref('${name}')`), '(select 1)'),
    sourceText: (source, table) =>
      sources.get(`${source}.${table}`) ??
      (missing.push(`source('${source}', '${table}')`), '(select 1)'),
  });
  if (missing.length > 0) return `no given rows for ${[...new Set(missing)].join(', ')}`;
  const expectedColumns = [...new Set(test.expect.flatMap((row) => Object.keys(row)))];
  if (expectedColumns.length === 0) {
    const [row] = await warehouse.rows(`select count(*) as n from (\n${rendered.sql}\n) as actual`);
    return Number(row?.n ?? 0) === 0 ? undefined : `expected no rows, got ${String(row?.n)}`;
  }
  const output = await warehouse.columns(rendered.sql);
  const typeOf = new Map(output.map((column) => [column.name.toLowerCase(), column.type]));
  const absent = expectedColumns.filter((name) => !typeOf.has(name.toLowerCase()));
  if (absent.length > 0) return `the model does not return ${absent.join(', ')}`;
  const list = expectedColumns.map(quoteIdentifier).join(', ');
  const expected = test.expect
    .map(
      (row) =>
        `select ${expectedColumns.map((name) => `cast(${sqlLiteral(lookup(row, name))} as ${typeOf.get(name.toLowerCase()) ?? 'varchar'}) as ${quoteIdentifier(name)}`).join(', ')}`,
    )
    .join(' union all ');
  const actual = `select ${list} from (\n${rendered.sql}\n) as actual`;
  const unexpected = await warehouse.rows(`(${actual}) except all (${expected}) limit 3`);
  const absentRows = await warehouse.rows(`(${expected}) except all (${actual}) limit 3`);
  if (unexpected.length === 0 && absentRows.length === 0) return undefined;
  const show = (rows: Record<string, unknown>[]) =>
    rows.map((row) => JSON.stringify(row)).join(', ');
  return [
    absentRows.length > 0 ? `expected but missing: ${show(absentRows)}` : '',
    unexpected.length > 0 ? `returned but not expected: ${show(unexpected)}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}
