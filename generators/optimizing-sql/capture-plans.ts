import { martsDdl, martsSyntheticInserts, type SyntheticVolume } from '../shared/mart-fixtures.js';
import { splitSqlStatements } from '../shared/sql-statements.js';
import type { SqlPlan } from './plan.js';
import { renderIndexes } from './render/sql-files.js';

/**
 * The plans of a DuckDB project's queries, captured from a real DuckDB at generation time: the
 * marts are created in memory with synthetic rows (a few sample rows make a planner prove a time
 * window empty and plan nothing), sql/indexes.sql is applied, and each query is planned with
 * `EXPLAIN (FORMAT json)`. The plan is rendered as a tree with the estimates, so the explain page
 * shows what DuckDB does with the query instead of only what to expect.
 *
 * The output must be the same on every run (a re-run that changes it would show as an edit to
 * review), so: no timings (EXPLAIN, not EXPLAIN ANALYZE), estimates on the scans only, the window bounds DuckDB
 * folds into constants are shown relative to the day of capture, and the synthetic rows are a pure
 * function of the model and the day.
 */

/** Enough rows for DuckDB's estimates to mean something, few enough to add ~0.1 s to a run. */
export const CAPTURE_VOLUME: SyntheticVolume = { factRows: 50_000, dimensionRows: 2_000 };

export interface CapturedPlans {
  /** `v1.5.6`, from `SELECT version()`. */
  engineVersion: string;
  volume: SyntheticVolume;
  /** The rendered plan per query name (and `slow_query_before` / `slow_query_after`). */
  plans: Map<string, string>;
  /** Why a query could not be planned (a pasted slow query may read tables of another system). */
  failures: Map<string, string>;
}

/** Statements that are planned: the workload's queries and the before/after pair. */
export function plannedStatements(plan: SqlPlan): Map<string, string> {
  return new Map([
    ...plan.workload.queries.map((query) => [query.name, query.sql] as const),
    ['slow_query_before', plan.slowQuery.before],
    ['slow_query_after', plan.slowQuery.after],
  ]);
}

// One capture per plan: every explain page of a run awaits the same DuckDB session.
const CAPTURES = new WeakMap<SqlPlan, Promise<CapturedPlans>>();

export function captureDuckdbPlans(plan: SqlPlan): Promise<CapturedPlans> {
  let capture = CAPTURES.get(plan);
  if (!capture) {
    capture = capture_(plan);
    CAPTURES.set(plan, capture);
  }
  return capture;
}

async function capture_(plan: SqlPlan): Promise<CapturedPlans> {
  // Loaded on demand: the native binding is only needed when a DuckDB project is generated.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const capturedOn = new Date();
  try {
    await connection.run("SET TimeZone = 'UTC'");
    await connection.run('CREATE SCHEMA marts');
    for (const statement of [
      ...martsDdl(plan.model, 'duckdb'),
      ...martsSyntheticInserts(plan.model, CAPTURE_VOLUME),
      ...splitSqlStatements(renderIndexes(plan)),
    ])
      await connection.run(statement);
    const version = await connection.runAndReadAll('SELECT version()');
    const plans = new Map<string, string>();
    const failures = new Map<string, string>();
    for (const [name, sql] of plannedStatements(plan)) {
      try {
        const result = await connection.runAndReadAll(`EXPLAIN (FORMAT json) ${sql}`);
        const json = String(result.getRows()[0]?.[1] ?? '[]');
        plans.set(name, renderPlanTree(JSON.parse(json) as PlanNode[], capturedOn));
      } catch (error) {
        failures.set(name, firstLine(error));
      }
    }
    return {
      engineVersion: String(version.getRows()[0]?.[0] ?? 'unknown'),
      volume: CAPTURE_VOLUME,
      plans,
      failures,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** A node of DuckDB's `EXPLAIN (FORMAT json)`. */
export interface PlanNode {
  name: string;
  children?: PlanNode[];
  extra_info?: Record<string, string | string[]>;
}

/**
 * The plan as an indented tree, one operator a line with its details, and the estimated rows of
 * each scan.
 * PROJECTION operators are folded into their input: they only reorder or (de)compress columns,
 * and the string-compression projections DuckDB adds would bury the operators that matter.
 */
export function renderPlanTree(roots: readonly PlanNode[], capturedOn: Date): string {
  const out: string[] = [];
  const visit = (node: PlanNode, prefix: string, childPrefix: string) => {
    out.push(`${prefix}${describeNode(node, capturedOn)}`);
    const children = unfold(node.children ?? []);
    children.forEach((child, index) => {
      const isLast = index === children.length - 1;
      visit(
        child,
        `${childPrefix}${isLast ? '└─ ' : '├─ '}`,
        `${childPrefix}${isLast ? '   ' : '│  '}`,
      );
    });
  };
  for (const root of unfold(roots)) visit(root, '', '');
  return out.join('\n');
}

function unfold(nodes: readonly PlanNode[]): PlanNode[] {
  return nodes.flatMap((node) =>
    node.name === 'PROJECTION' ? unfold(node.children ?? []) : [node],
  );
}

const HIDDEN_DETAILS = new Set(['Estimated Cardinality', 'Projections', 'Type']);

function describeNode(node: PlanNode, capturedOn: Date): string {
  const info = node.extra_info ?? {};
  const details = Object.entries(info)
    .filter(([key]) => !HIDDEN_DETAILS.has(key))
    .map(([key, value]) => {
      const text = Array.isArray(value) ? value.join(', ') : value;
      return `${key.toLowerCase()}: ${relativeTimestamps(text.replace(/^memory\./, ''), capturedOn)}`;
    });
  // A scan says how it reads (Sequential Scan, Index Scan, Table Filter Pushdown …).
  if (typeof info.Type === 'string' && info.Type !== 'Sequential Scan') details.unshift(info.Type);
  // Only the scans carry their estimate: theirs come from the table's row count and the filter,
  // while joins and aggregates are estimated from distinct-count sketches of the (time-relative)
  // synthetic rows, which differ from run to run.
  const isScan = (node.children ?? []).length === 0;
  const estimate = isScan ? info['Estimated Cardinality'] : undefined;
  const rows =
    typeof estimate === 'string' && /^\d+$/.test(estimate)
      ? `~${Number(estimate).toLocaleString('en-US')} rows`
      : undefined;
  return [node.name, ...details, ...(rows ? [rows] : [])].join(' · ');
}

const TIMESTAMP_LITERAL =
  /'(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2})(?:\.\d+)?)?(?:[+-]\d{2}(?::?\d{2})?)?'::(?:TIMESTAMP WITH TIME ZONE|TIMESTAMP|DATE)/g;

/**
 * DuckDB folds `current_timestamp` into constants. A midnight bound becomes `today`, `today - 30
 * days` …, relative to the day of capture, so the page does not change from one day to the next.
 */
export function relativeTimestamps(text: string, capturedOn: Date): string {
  const today = Date.UTC(
    capturedOn.getUTCFullYear(),
    capturedOn.getUTCMonth(),
    capturedOn.getUTCDate(),
  );
  return text.replace(TIMESTAMP_LITERAL, (_literal, day: string, time: string | undefined) => {
    if (time !== undefined && time !== '00:00:00') return '[a timestamp]';
    const days = Math.round((Date.parse(`${day}T00:00:00Z`) - today) / 86_400_000);
    if (days === 0) return '[today]';
    return `[today ${days < 0 ? '-' : '+'} ${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}]`;
  });
}

function firstLine(error: unknown): string {
  return ((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '').trim();
}
