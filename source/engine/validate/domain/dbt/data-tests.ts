import type { DataTestSpec } from './project.js';
import { quoteIdentifier, sqlLiteral } from './sql-text.js';

/** dbt's built-in generic tests as the SQL dbt compiles them to: the test fails when rows come back. */
export const BUILT_IN_TESTS = new Set(['unique', 'not_null', 'accepted_values', 'relationships']);

export interface TestTarget {
  /** The relation (or filtered subquery) under test. */
  relation: string;
  column?: string;
}

/** A relation reference from a test argument: `ref('stg_users')` or `source('raw', 'users')`. */
export function parseRelationReference(
  text: string,
): { kind: 'ref'; name: string } | { kind: 'source'; source: string; table: string } | undefined {
  const ref = /^\s*ref\(\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(text);
  if (ref?.[1]) return { kind: 'ref', name: ref[1] };
  const source = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/.exec(text);
  if (source?.[1] && source[2]) return { kind: 'source', source: source[1], table: source[2] };
  return undefined;
}

/** The SQL of a generic test, or an error message when the test cannot be compiled. */
export function dataTestSql(
  test: DataTestSpec,
  target: TestTarget,
  resolve: (reference: string) => string | undefined,
): { sql: string } | { error: string } {
  const where = typeof test.config.where === 'string' ? test.config.where : undefined;
  const model = where
    ? `(select * from ${target.relation} where ${where}) as dbt_subquery`
    : target.relation;
  const column =
    target.column ??
    (typeof test.arguments.column_name === 'string' ? test.arguments.column_name : undefined);
  if (!column)
    return { error: `${test.kind} needs a column (put it under a column, or give column_name)` };
  const field = quoteIdentifier(column);
  switch (test.kind) {
    case 'unique':
      return {
        sql: `select ${field} as unique_field, count(*) as n_records from ${model} where ${field} is not null group by ${field} having count(*) > 1`,
      };
    case 'not_null':
      return { sql: `select ${field} from ${model} where ${field} is null` };
    case 'accepted_values': {
      const values = test.arguments.values;
      if (!Array.isArray(values) || values.length === 0)
        return { error: 'accepted_values needs arguments.values (a non-empty list)' };
      const quote = test.arguments.quote !== false;
      const list = values
        .map((value) => (quote ? sqlLiteral(String(value)) : String(value)))
        .join(', ');
      return {
        sql: `select value_field, n_records from (select ${field} as value_field, count(*) as n_records from ${model} group by ${field}) as all_values where value_field not in (${list})`,
      };
    }
    case 'relationships': {
      const to = test.arguments.to;
      const parentField = test.arguments.field;
      if (typeof to !== 'string' || typeof parentField !== 'string')
        return { error: 'relationships needs arguments.to and arguments.field' };
      const parent = resolve(to);
      if (!parent)
        return {
          error: `relationships points to ${to}, which is not a model, seed or source of this project`,
        };
      return {
        sql: `select child.from_field from (select ${field} as from_field from ${model} where ${field} is not null) as child left join (select ${quoteIdentifier(parentField)} as to_field from ${parent}) as parent on child.from_field = parent.to_field where parent.to_field is null`,
      };
    }
    default:
      return {
        error: `${test.kind} is not one of dbt's built-in generic tests, so it cannot be run here`,
      };
  }
}

/** dbt-style test name, e.g. `unique_stg_users_user_id`, for messages. */
export function testName(test: DataTestSpec, node: string, column?: string): string {
  return [test.kind, node, column].filter(Boolean).join('_');
}
