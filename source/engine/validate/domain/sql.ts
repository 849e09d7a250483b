import { DuckDBInstance } from '@duckdb/node-api';
import { martTables } from '../../../../generators/shared/mart-tables.js';
import { martsDdl, martsSampleInserts } from '../../../../generators/shared/mart-fixtures.js';
import {
  splitStatements,
  type SqlStatement,
} from '../../../../generators/shared/sql-statements.js';
import type { ProjectModel, Warehouse } from '../../model/types.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

export { splitStatements, type SqlStatement };

/**
 * Layer-3 checks of sql/ (optimizing-sql). Every engine: the files split into statements with
 * balanced parentheses, each `-- name:` block of queries.sql holds one SELECT, every query has its
 * explain page, and indexes.sql uses the engine's own layout syntax. DuckDB projects: the marts'
 * tables are created from the model in an in-memory DuckDB with the sample rows, then indexes.sql,
 * queries.sql (and an EXPLAIN of each query), maintenance.sql and the before/after pair run on it.
 */

export const SQL_FILES = {
  indexes: 'sql/indexes.sql',
  queries: 'sql/queries.sql',
  maintenance: 'sql/maintenance.sql',
  before: 'sql/explain/slow_query_before.sql',
  after: 'sql/explain/slow_query_after.sql',
} as const;

/** The `-- name:` blocks of queries.sql. */
export function namedQueries(
  sql: string,
): { name: string; line: number; statements: SqlStatement[] }[] {
  const lines = sql.split('\n');
  const markers: { name: string; line: number }[] = [];
  lines.forEach((text, index) => {
    const match = /^-- name: ([a-z0-9_]+)\s*$/.exec(text);
    if (match?.[1]) markers.push({ name: match[1], line: index + 1 });
  });
  return markers.map((marker, position) => {
    const next = markers[position + 1];
    const body = lines.slice(marker.line, next ? next.line - 1 : lines.length).join('\n');
    return {
      name: marker.name,
      line: marker.line,
      statements: splitStatements(body).map((statement) => ({
        text: statement.text,
        line: statement.line + marker.line,
      })),
    };
  });
}

/** Parentheses balance outside quotes (statements come without comments). */
function unbalancedParenthesis(statement: string): string | undefined {
  let depth = 0;
  let quote = '';
  for (const char of statement) {
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (char === '(') depth++;
    else if (char === ')') {
      depth--;
      if (depth < 0) return 'a closing parenthesis has no opening one';
    }
  }
  if (quote) return 'a quoted literal or identifier is not closed';
  return depth > 0 ? `${depth} parenthesis${depth > 1 ? 'es are' : ' is'} not closed` : undefined;
}

const STATEMENT_START =
  /^(select|with|create|alter|analyze|vacuum|refresh|cluster|optimize|call|insert|checkpoint|explain)\b/i;

/** What indexes.sql must say on each engine (its layout syntax), as a regular expression. */
const LAYOUT_SYNTAX: Record<Warehouse, { pattern: RegExp; description: string }> = {
  postgres: { pattern: /\bcreate\s+(unique\s+)?index\b/i, description: 'CREATE INDEX' },
  duckdb: { pattern: /\bcreate\s+(unique\s+)?index\b/i, description: 'CREATE INDEX' },
  snowflake: { pattern: /\bcluster\s+by\b/i, description: 'CLUSTER BY' },
  bigquery: { pattern: /\bpartition\s+by\b/i, description: 'PARTITION BY' },
  redshift: { pattern: /\bsortkey\b/i, description: 'SORTKEY' },
  databricks: { pattern: /\bcluster\s+by\b/i, description: 'CLUSTER BY' },
};

/** Structure of sql/: what can be proven without the engine (any engine). */
export function checkSqlStructure(
  files: ProjectFiles,
  model: Pick<ProjectModel, 'sql'>,
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  for (const path of Object.values(SQL_FILES)) {
    const text = files.read(path);
    if (text === undefined || text.trim() === '') {
      problems.push({ path, message: `${path} is missing or empty` });
      continue;
    }
    const statements = splitStatements(text);
    if (statements.length === 0) problems.push({ path, message: 'holds no SQL statement' });
    for (const statement of statements) {
      const issue = unbalancedParenthesis(statement.text);
      if (issue)
        problems.push({
          path,
          line: statement.line,
          message: `${issue}: ${firstLine(statement.text)}`,
        });
      if (!STATEMENT_START.test(statement.text))
        problems.push({
          path,
          line: statement.line,
          message: `unexpected statement: ${firstLine(statement.text)}`,
        });
    }
  }
  const queries = files.read(SQL_FILES.queries) ?? '';
  const blocks = namedQueries(queries);
  if (queries.trim() !== '' && blocks.length === 0)
    problems.push({
      path: SQL_FILES.queries,
      message: 'no `-- name:` block: the plan capture finds no query',
    });
  for (const block of blocks) {
    if (block.statements.length !== 1) {
      problems.push({
        path: SQL_FILES.queries,
        line: block.line,
        message: `query ${block.name} holds ${block.statements.length} statements, expected one`,
      });
    } else if (!/^(select|with)\b/i.test(block.statements[0]?.text ?? '')) {
      problems.push({
        path: SQL_FILES.queries,
        line: block.line,
        message: `query ${block.name} is not a SELECT`,
      });
    }
    const page = files.read(`sql/explain/${block.name}.md`);
    if (page === undefined)
      problems.push({
        path: `sql/explain/${block.name}.md`,
        message: `query ${block.name} has no explain page`,
      });
    else if (!/\bEXPLAIN\b/.test(page))
      problems.push({
        path: `sql/explain/${block.name}.md`,
        message: 'the explain page has no EXPLAIN statement',
      });
  }
  const indexes = files.read(SQL_FILES.indexes) ?? '';
  const layout = LAYOUT_SYNTAX[model.sql.engine];
  if (
    indexes.trim() !== '' &&
    !layout.pattern.test(
      splitStatements(indexes)
        .map((statement) => statement.text)
        .join('\n'),
    )
  ) {
    problems.push({
      path: SQL_FILES.indexes,
      message: `no ${layout.description} statement: the ${model.sql.engine} layout of the workload is missing`,
    });
  }
  return problems;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 100 ? `${line.slice(0, 97)}…` : line;
}

function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Runs sql/ on an in-memory DuckDB holding the marts of the model: indexes.sql, each query of
 * queries.sql and its EXPLAIN, maintenance.sql, and the before/after pair (the before query only
 * when it is the generated representative one: a pasted query may read tables of another system).
 */
export async function runSqlOnDuckdb(
  files: ProjectFiles,
  model: Pick<ProjectModel, 'entities' | 'facts' | 'architecture' | 'sql'>,
): Promise<DomainProblem[]> {
  const problems: DomainProblem[] = [];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const run = async (
    path: string,
    statement: SqlStatement,
    what = 'DuckDB rejects',
  ): Promise<boolean> => {
    try {
      await connection.run(statement.text);
      return true;
    } catch (error) {
      problems.push({
        path,
        line: statement.line,
        message: `${what} ${firstLine(statement.text)}: ${errorMessage(error)}`,
      });
      return false;
    }
  };
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('CREATE SCHEMA marts');
    for (const statement of [...martsDdl(model, 'duckdb'), ...martsSampleInserts(model, 'duckdb')])
      await connection.run(statement);
    for (const statement of splitStatements(files.read(SQL_FILES.indexes) ?? '')) {
      if (!(await run(SQL_FILES.indexes, statement))) return problems;
    }
    for (const block of namedQueries(files.read(SQL_FILES.queries) ?? '')) {
      const query = block.statements[0];
      if (!query) continue;
      if (await run(SQL_FILES.queries, query, `query ${block.name}:`)) {
        await run(
          SQL_FILES.queries,
          { text: `EXPLAIN ${query.text}`, line: query.line },
          `EXPLAIN of ${block.name}:`,
        );
      }
    }
    const pair =
      model.sql.slowQuery.trim() === '' ? [SQL_FILES.before, SQL_FILES.after] : [SQL_FILES.after];
    for (const path of pair) {
      for (const statement of splitStatements(files.read(path) ?? '')) {
        if (model.sql.slowQuery.trim() !== '' && !readsOnlyKnownTables(statement.text, model))
          continue;
        await run(path, statement);
      }
    }
    for (const statement of splitStatements(files.read(SQL_FILES.maintenance) ?? ''))
      await run(SQL_FILES.maintenance, statement);
    return problems;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Whether every `FROM`/`JOIN` target of a statement is one of the project's marts. */
function readsOnlyKnownTables(
  statement: string,
  model: Pick<ProjectModel, 'entities' | 'facts' | 'architecture'>,
): boolean {
  const known = new Set(martTables(model).map((table) => table.qualifiedName));
  const targets = [...statement.matchAll(/\b(?:from|join)\s+([a-z_][\w.]*)/gi)].map((match) =>
    (match[1] ?? '').toLowerCase(),
  );
  return targets.length > 0 && targets.every((target) => known.has(target));
}

export const sqlChecks: DomainCheck[] = [
  {
    id: 'sql-structure',
    title:
      'SQL files split into balanced statements; every named query is a SELECT with an explain page',
    skill: 'optimizing-sql',
    appliesTo: (model) => model.flags.hasSql,
    run: (files, model) => checkSqlStructure(files, model),
  },
  {
    id: 'sql-duckdb',
    title:
      'indexes, queries (with EXPLAIN), maintenance and the before/after run on DuckDB over the marts',
    skill: 'optimizing-sql',
    appliesTo: (model) => model.flags.hasSql && model.sql.engine === 'duckdb',
    run: (files, model) => runSqlOnDuckdb(files, model),
  },
];
