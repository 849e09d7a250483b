import type { Warehouse } from '../../../source/engine/model/types.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines, markdownCell } from '../../shared/text.js';
import type { CapturedPlans } from '../capture-plans.js';
import type { SqlPlan } from '../plan.js';
import { WORKLOAD_TITLES } from '../plan.js';
import type { WorkloadQuery } from '../workload.js';

/** sql/README.md, sql/explain/<query>.md and sql/before-after.md. */

/** How to run an EXPLAIN by hand with each engine's own client. */
const MANUAL_RUN: Record<Warehouse, string[]> = {
  postgres: [
    '```bash',
    'psql "host=$POSTGRES_HOST port=$POSTGRES_PORT dbname=$POSTGRES_DB user=$POSTGRES_USER" \\',
    '  -X -A -t -v ON_ERROR_STOP=1 -c "SELECT version()" -f plan.sql',
    '```',
    'Paste the JSON into a plan viewer (explain.dalibo.com, or `pev2`) to read it as a tree.',
  ],
  duckdb: [
    '```bash',
    'duckdb -readonly "$DUCKDB_PATH" < plan.sql',
    '```',
    'DuckDB prints the operator tree with the rows and time of each operator.',
  ],
  snowflake: [
    '```bash',
    'snow sql -f plan.sql   # Snowflake CLI, with the connection of your config.toml',
    '```',
    'For actual rows and time, run the query itself and open its Query Profile (or `GET_QUERY_OPERATOR_STATS(LAST_QUERY_ID())`).',
  ],
  bigquery: [
    '```bash',
    'bq query --dry_run --use_legacy_sql=false < query.sql   # bytes the query would process',
    'bq query --use_legacy_sql=false --format=none < query.sql && bq show --format=prettyjson -j <job_id>   # the query plan',
    '```',
  ],
  redshift: [
    '```bash',
    'psql "host=$REDSHIFT_HOST port=$REDSHIFT_PORT dbname=$REDSHIFT_DATABASE user=$REDSHIFT_USER" -X -f plan.sql',
    '```',
    'For actuals, run the query and read `SYS_QUERY_DETAIL` for its query id.',
  ],
  databricks: [
    '```bash',
    'python sql/apply.py plan.sql   # prints the plan; or paste the statement in the SQL editor of a SQL warehouse',
    '```',
    'The query profile of a real run shows files read and pruned per scan.',
  ],
};

/**
 * The plan DuckDB chose at generation time, as a section of a page. Undefined for the other
 * engines: their plans need the real database (`make explain`).
 */
function capturedPlanSection(
  captured: CapturedPlans | undefined,
  name: string,
  title: string,
): (string | false)[] | undefined {
  if (!captured) return undefined;
  const tree = captured.plans.get(name);
  const failure = captured.failures.get(name);
  return [
    '',
    `## ${title}`,
    '',
    tree !== undefined
      ? `Captured by skillchain when it generated this page: \`EXPLAIN (FORMAT json)\` on DuckDB ${captured.engineVersion}, over marts filled with synthetic rows (${captured.volume.factRows.toLocaleString('en-US')} per fact in event-time order ending at the capture, ${captured.volume.dimensionRows.toLocaleString('en-US')} per dimension) after \`sql/indexes.sql\`. Projections are folded into their input; window bounds are shown relative to the day of capture. The row counts are DuckDB's estimates for each scan on that data: compare shapes with \`make explain\` on yours, not numbers.`
      : `DuckDB could not plan it on the marts of this project when this page was generated: ${failure ?? 'no plan'}.`,
    tree !== undefined && ['', '```text', tree, '```'].join('\n'),
  ];
}

export function renderExplain(
  plan: SqlPlan,
  query: WorkloadQuery,
  captured?: CapturedPlans,
): string {
  const { model, workload, design } = plan;
  const dialect = workload.dialect;
  const expectation = design.plan(query);
  const servedBy = design.items.filter((item) => item.serves.includes(query.name));
  return lines(
    `# Plan: ${query.title}`,
    '',
    query.question,
    '',
    `Engine: ${WAREHOUSE_TITLES[model.sql.engine]}. Query \`${query.name}\` of [\`sql/queries.sql\`](../queries.sql).`,
    '',
    '## The EXPLAIN statement',
    '',
    '```sql',
    `${dialect.explain(query.sql)};`,
    '```',
    '',
    dialect.explainNotes.map((note) => `- ${note}`),
    '',
    '## How to capture it',
    '',
    `\`make explain\` runs every query of \`sql/queries.sql\` through this statement and writes \`sql/explain/plans/${query.name}.json\` with the engine version and the time of capture, so plans can be compared before and after a change (commit them with the change). By hand:`,
    '',
    MANUAL_RUN[model.sql.engine],
    '',
    '## The plan to expect',
    '',
    expectation.expected.map((line) => `- ${line}`),
    '',
    capturedPlanSection(captured, query.name, 'The plan DuckDB chose'),
    '',
    '## Warning signs',
    '',
    expectation.warnings.map((line) => `- ${line}`),
    '',
    '## What serves it',
    '',
    servedBy.length > 0
      ? servedBy.map(
          (item) =>
            `- \`${item.id}\` (${item.technique}, \`sql/indexes.sql\`): ${item.why[0] ?? ''}`,
        )
      : [
          '- No structure of `sql/indexes.sql` targets this query with the chosen techniques: it relies on scans.',
        ],
    query.notes.length > 0 && [
      '',
      '## Why the query is written this way',
      '',
      query.notes.map((note) => `- ${note}`),
    ],
  );
}

export function renderBeforeAfter(plan: SqlPlan, captured?: CapturedPlans): string {
  const { model, workload, slowQuery } = plan;
  const dialect = workload.dialect;
  return lines(
    `# Before and after: ${slowQuery.title}`,
    '',
    slowQuery.isUserQuery
      ? "The slow query you gave, analysed against this project's marts and the design of `sql/indexes.sql`. Only safe mechanical rewrites are applied to its text; everything else is listed as a recommendation."
      : `No slow query was given, so this is a representative dashboard query over \`${slowQuery.tables[0]?.qualifiedName ?? 'the marts'}\`, first written the way slow dashboard queries usually are, then optimized.`,
    '',
    `Engine: ${WAREHOUSE_TITLES[model.sql.engine]}. Workload: ${WORKLOAD_TITLES[model.sql.workload]}.`,
    '',
    '## Before',
    '',
    '```sql',
    `${slowQuery.before};`,
    '```',
    '',
    'Why it is slow:',
    '',
    slowQuery.problems.map((problem) => `- ${problem}`),
    '',
    'Capture its plan:',
    '',
    '```sql',
    `${dialect.explain(slowQuery.before)};`,
    '```',
    capturedPlanSection(captured, 'slow_query_before', 'The plan before, as DuckDB chose it'),
    '',
    '## Changes',
    '',
    slowQuery.changes.length > 0
      ? slowQuery.changes.map((change, index) => [
          `${index + 1}. **${change.title}.** ${change.reasoning}`,
        ])
      : ['No change could be applied mechanically; see the recommendations below.'],
    '',
    '## After',
    '',
    '```sql',
    `${slowQuery.after};`,
    '```',
    '',
    slowQuery.equivalence,
    '',
    '```sql',
    `${dialect.explain(slowQuery.after)};`,
    '```',
    capturedPlanSection(captured, 'slow_query_after', 'The plan after, as DuckDB chose it'),
    slowQuery.recommendations.length > 0 && [
      '',
      '## Recommendations',
      '',
      slowQuery.recommendations.map((line) => `- ${line}`),
    ],
    '',
    '## Measure it',
    '',
    '1. Capture the plans before applying the design: `make explain` writes `sql/explain/plans/slow_query_before.json` and `slow_query_after.json` next to the plans of the optimized queries.',
    '2. Apply the design: `make sql-indexes`, then refresh statistics: `make sql-maintenance`.',
    '3. Capture again and compare: rows read (or partitions, blocks, bytes) on the scan nodes, and the node types. Compare plan shapes and row counts, not timings from a single run on a cold cache.',
  );
}

export function renderSqlReadme(plan: SqlPlan): string {
  const { model, workload, design, slowQuery } = plan;
  const engine = WAREHOUSE_TITLES[model.sql.engine];
  return lines(
    `# SQL optimization: ${engine}`,
    '',
    `The index and layout strategy for the marts of ${model.title} on ${engine}, for a ${WORKLOAD_TITLES[model.sql.workload]} workload, with the optimized queries, how to capture their plans and what to look for. Techniques: ${model.sql.techniques.join(', ') || 'indexes'}.`,
    model.sql.engine !== model.architecture.warehouse &&
      `\nThe project's warehouse is ${WAREHOUSE_TITLES[model.architecture.warehouse]}; this folder targets ${engine} as chosen in the optimizing-sql answers.`,
    model.architecture.modeling === 'data-vault' &&
      '\nThe project models a data vault: hubs, links and satellites keyed by hashes and versioned by load time, which dashboards and lookups do not read directly. This design targets the `dim_` / `fct_` information marts on top of the vault (the current version of each satellite joined to its hub, as dbt models); build them before applying it.',
    '',
    '## Strategy',
    '',
    design.strategy.map((paragraph) => [paragraph, '']),
    '## The workload',
    '',
    '| query | kind | what it answers | served by |',
    '| --- | --- | --- | --- |',
    workload.queries.map((query) => {
      const servedBy = design.items
        .filter((item) => item.serves.includes(query.name))
        .map((item) => `\`${item.id}\``);
      return `| [\`${query.name}\`](explain/${query.name}.md) | ${query.kind} | ${markdownCell(query.question)} | ${servedBy.join(', ') || 'scans'} |`;
    }),
    '',
    '## The physical design',
    '',
    '| structure | technique | table | why |',
    '| --- | --- | --- | --- |',
    design.items.map(
      (item) =>
        `| \`${item.id}\` | ${item.technique} | \`${item.table}\` | ${markdownCell(item.why[0] ?? '')} |`,
    ),
    '',
    'Keeping it through dbt rebuilds:',
    '',
    design.persistence.map((paragraph) => `- ${paragraph}`),
    '',
    '## Capturing plans',
    '',
    '```bash',
    'make explain          # every query of queries.sql, plus the before/after pair, into sql/explain/plans/',
    'make sql-indexes      # apply indexes.sql',
    'make sql-maintenance  # statistics, vacuum / reclustering, rollup refresh',
    '```',
    '',
    `The capture script (\`sql/explain/capture_plans.py\`) connects with the variables of \`.env\` (${model.sql.engine === 'duckdb' ? '`DUCKDB_PATH`: the local warehouse file, opened read-only' : `the ${engine} connection variables`}), runs the engine's EXPLAIN for each query and records the engine version and the capture time with each plan. It never changes data. Commit the plans with the change that motivated them: a review then sees the plan move.`,
    '',
    'What to look for, on every engine:',
    '',
    '- **Rows (or bytes, partitions, files) read versus returned.** A scan that reads the whole table to return a window or one key is the problem to fix first.',
    '- **Where the filter runs.** Inside the scan (index condition, pushed filter, pruned partitions) is good; a separate filter step above a full scan means a function wraps the column or the layout does not match.',
    '- **Estimates versus actuals.** Large gaps mean stale statistics (see `maintenance.sql`) and lead to bad join orders.',
    '- **Sorts and spills.** A sort of the whole input for an `ORDER BY … LIMIT`, or an aggregate spilling to disk, point to a missing sorted access path or an undersized warehouse.',
    '',
    'Per-query expectations and warning signs are in `sql/explain/<query>.md`.',
    '',
    '## Before and after',
    '',
    `[\`before-after.md\`](before-after.md) walks through ${slowQuery.isUserQuery ? 'the slow query you gave' : 'a representative slow dashboard query'}: why it is slow, each change with its reasoning, and the optimized version. Its two versions are in \`sql/explain/slow_query_before.sql\` and \`slow_query_after.sql\`, and \`make explain\` captures both plans.`,
    '',
    '## Files',
    '',
    '| file | what |',
    '| --- | --- |',
    '| `indexes.sql` | indexes, clustering, partitioning and materialized views, each with the query it serves |',
    '| `queries.sql` | the optimized queries, one `-- name:` block each |',
    '| `explain/<query>.md` | per query: the EXPLAIN statement, how to run it, the plan to expect, warning signs |',
    '| `explain/capture_plans.py` | captures real plans into `explain/plans/` |',
    '| `before-after.md` | the slow query, before and after |',
    '| `maintenance.sql` | statistics, vacuum, reclustering and refreshes |',
    '| `apply.py`, `engine.py` | run a SQL file against the engine; the connection from `.env` |',
  );
}
