import type { ProjectModel } from '../../source/engine/model/types.js';
import { martTables, type MartTable } from '../shared/mart-tables.js';
import { sqlIdentifier } from '../shared/text.js';
import type { DesignItem, EngineDesign } from './design/types.js';
import { countAlias, dailyQuery, DASHBOARD_DAYS, type Workload } from './workload.js';

/**
 * The before/after of sql/before-after.md. With a `slow_query` answer, the pasted query is
 * analysed (the anti-patterns we can recognise from its text, the marts it reads, the structures
 * of indexes.sql that serve it) and only safe mechanical rewrites are applied. Without one, a
 * representative dashboard query over the marts is written the slow way and then rewritten.
 */

export interface Change {
  title: string;
  reasoning: string;
}

export interface SlowQueryCase {
  isUserQuery: boolean;
  title: string;
  before: string;
  after: string;
  /** Whether, and how precisely, the after query returns what the before query returned. */
  equivalence: string[];
  /** Why the before query is slow (findings for a pasted query). */
  problems: string[];
  /** Each change from before to after, with its reasoning. */
  changes: Change[];
  /** Recommendations that need a human (not applied to the text). */
  recommendations: string[];
  /** The marts the query reads. */
  tables: MartTable[];
  /** Structures of indexes.sql on those tables. */
  servedBy: DesignItem[];
}

export function slowQueryCase(
  model: ProjectModel,
  workload: Workload,
  design: EngineDesign,
): SlowQueryCase {
  const pasted = model.sql.slowQuery.trim().replace(/;\s*$/, '');
  return pasted === '' ? representativeCase(workload, design) : pastedCase(model, pasted, design);
}

function representativeCase(workload: Workload, design: EngineDesign): SlowQueryCase {
  const { primary, dialect, techniques } = workload;
  const { table, measure, link } = primary;
  const rewrites = techniques.has('rewrites');
  const optimized = dailyQuery(primary, dialect, rewrites);
  const time = `f.${sqlIdentifier(table.eventTime.name)}`;
  const count = countAlias(table);
  const attribute = link?.attribute;
  const group = attribute
    ? `c.${sqlIdentifier(attribute.name)}`
    : primary.category
      ? `f.${sqlIdentifier(primary.category.name)}`
      : undefined;
  const before = rewrites
    ? [
        'SELECT',
        `    ${dialect.toDate(time)} AS event_day,`,
        ...(group ? [`    ${group},`] : []),
        `    COUNT(*) AS ${count}${measure ? ',' : ''}`,
        ...(measure
          ? [`    SUM(f.${sqlIdentifier(measure.name)}) AS ${sqlIdentifier(measure.name)}`]
          : []),
        `FROM ${table.qualifiedName} AS f`,
        ...(link && attribute
          ? [
              `LEFT JOIN ${link.dimension.qualifiedName} AS c ON c.${sqlIdentifier(link.dimensionKey.name)} = f.${sqlIdentifier(link.column.name)}`,
            ]
          : []),
        `WHERE ${dialect.daysSince(time)} <= ${DASHBOARD_DAYS}`,
        `GROUP BY ${dialect.toDate(time)}${group ? `, ${group}` : ''}`,
        `ORDER BY ${group ? '1, 2' : '1'}`,
      ].join('\n')
    : optimized.sql;
  const servedBy = design.items.filter(
    (item) => item.serves.includes(optimized.name) || item.table === table.qualifiedName,
  );
  const changes: Change[] = [];
  const problems: string[] = [];
  if (rewrites) {
    problems.push(
      `The filter wraps \`${table.eventTime.name}\` in a function (${dialect.daysSince('…')}): no index, partition, cluster or zone map can be used, so every row of \`${table.qualifiedName}\` is read and the function evaluated on it.`,
      "The window is open-ended on the right: it includes today's partial day, so the result changes on every run and cannot be cached.",
    );
    if (link && attribute) {
      problems.push(
        `Every fact row of the window is joined to \`${link.dimension.qualifiedName}\` before aggregating, with a LEFT JOIN the optimizer cannot reorder.`,
      );
    }
    changes.push(
      {
        title: 'A half-open range on the raw column',
        reasoning: `\`${table.eventTime.name} >= start AND ${table.eventTime.name} < end\` compares the stored value directly: the engine prunes partitions, skips blocks or row groups, or seeks an index to the first row of the window.`,
      },
      {
        title: 'Complete days only',
        reasoning:
          'The window ends at the start of today: a finished day never changes, so results can be cached and compared run to run.',
      },
    );
    if (link && attribute) {
      changes.push(
        {
          title: 'Aggregate before the join',
          reasoning: `The fact is reduced to one row per day and \`${link.column.name}\` first; the join then touches that much smaller set.`,
        },
        {
          title: 'INNER JOIN instead of LEFT JOIN',
          reasoning: `The relationship \`${link.column.name} → ${link.dimension.name}.${link.dimensionKey.name}\` is tested by dbt, so no non-null key loses its match${link.column.isNullable ? ` (rows whose \`${link.column.name}\` is null are dropped: see below)` : ''}; the inner join lets the optimizer choose the join order.`,
        },
      );
    }
  } else {
    problems.push(
      `Without the structures of indexes.sql, the time window of this query reads all of \`${table.qualifiedName}\`: the text is already sargable (a half-open range on the raw column), so the gain comes from the physical design only.`,
    );
  }
  for (const item of servedBy) {
    changes.push({ title: `Physical design: ${item.id}`, reasoning: item.why.join(' ') });
  }
  return {
    isUserQuery: false,
    title: optimized.title,
    before,
    after: optimized.sql,
    equivalence: rewrites
      ? [
          'The rewrite does not return exactly the rows of the original; what changes, on purpose:',
          '',
          `- **Window.** Before: the ${DASHBOARD_DAYS + 1} calendar days from ${DASHBOARD_DAYS} days ago through today, today's partial day included (and any row stamped in the future, whose day difference is negative). After: the ${DASHBOARD_DAYS} complete days before the start of today${dialect.engine === 'postgres' ? ' (UTC)' : ''}, so today's rows are left out. On the ${DASHBOARD_DAYS} days both cover, the counts and sums are the same.`,
          `- **\`event_day\` type.** Before: a date. After: the start of the day as a ${dialect.engine === 'postgres' ? '`timestamptz` (00:00 UTC; psql shows it in the session TimeZone)' : 'timestamp (00:00)'}. Cast it to a date where the consumer needs one.`,
          ...(link && attribute
            ? [
                link.column.isNullable
                  ? `- **Join.** The INNER JOIN drops fact rows whose \`${link.column.name}\` is null, which the LEFT JOIN kept under a null \`${attribute.name}\`. A non-null key without its \`${link.dimension.name}\` row cannot occur while dbt's relationships test passes.`
                  : `- **Join.** No row changes: \`${link.column.name}\` is never null and dbt's relationships test guarantees each key its \`${link.dimension.name}\` row, so the INNER JOIN keeps every row the LEFT JOIN kept (they would differ only if that test failed).`,
              ]
            : []),
        ]
      : [
          'The text is unchanged: the gain comes from the physical design of `sql/indexes.sql` (compare the two plans).',
        ],
    problems,
    changes,
    recommendations: [],
    tables: [table, ...(link ? [link.dimension] : [])],
    servedBy,
  };
}

interface Finding {
  pattern: RegExp;
  problem: string;
  recommendation: string;
}

const FINDINGS: Finding[] = [
  {
    pattern:
      /\b(date|cast|to_date|date_trunc|trunc|lower|upper|coalesce|extract|datediff|date_diff|timestamp_diff|format_timestamp|to_char)\s*\([^)]*\)\s*(<=|>=|<>|!=|=|<|>|\bbetween\b|\blike\b|\bin\b)/i,
    problem:
      'A function wraps a column in a filter: indexes, partition pruning and zone maps cannot use it.',
    recommendation:
      'Compare the raw column with a range instead (`col >= start AND col < end`); move the function to the other side of the comparison.',
  },
  {
    pattern: /\blike\s+'%/i,
    problem:
      'A LIKE pattern starting with `%` cannot use a B-tree index or pruning: every value is tested.',
    recommendation:
      "Anchor the pattern at the start, or use the engine's text search (pg_trgm GIN index, Snowflake search optimization on SUBSTRING, BigQuery search index).",
  },
  {
    pattern: /\bnot\s+in\s*\(\s*select\b/i,
    problem:
      '`NOT IN (SELECT …)` returns no rows as soon as the subquery yields a NULL, and often plans as a nested loop.',
    recommendation:
      'Use `NOT EXISTS (SELECT 1 FROM … WHERE …)`: NULL-safe and planned as an anti-join.',
  },
  {
    pattern: /\boffset\s+\d{3,}/i,
    problem: 'A large OFFSET reads and discards every skipped row.',
    recommendation:
      'Paginate with a keyset (`WHERE (sort_col, key) < (:last_sort, :last_key) ORDER BY sort_col DESC, key DESC LIMIT n`).',
  },
  {
    pattern: /\bcount\s*\(\s*distinct\b/i,
    problem:
      '`COUNT(DISTINCT …)` keeps every distinct value in memory (and spills on large inputs).',
    recommendation:
      'For dashboards, an approximate count (`APPROX_COUNT_DISTINCT`, `approx_count_distinct`, HyperLogLog) is usually accurate enough and far cheaper.',
  },
  {
    pattern: /\bfrom\s+[a-z_][\w.]*(\s+(as\s+)?[a-z_]\w*)?\s*,\s*[a-z_][\w.]*/i,
    problem:
      'Tables listed with commas: the join condition hides in the WHERE clause, and a missing one is a silent cross join.',
    recommendation: 'Write explicit `JOIN … ON …` clauses.',
  },
  {
    pattern: /\bwhere\b[\s\S]*\bor\b/i,
    problem:
      'An OR across different columns usually prevents a single index or pruning path from serving the filter.',
    recommendation:
      'Split it into a `UNION ALL` of the branches when each can use its own access path (mind the duplicates).',
  },
];

function pastedCase(model: ProjectModel, pasted: string, design: EngineDesign): SlowQueryCase {
  const marts = martTables(model);
  const referenced = marts.filter((table) =>
    new RegExp(`\\b(${table.qualifiedName.replace('.', '\\.')}|${table.name})\\b`, 'i').test(
      pasted,
    ),
  );
  const problems: string[] = [];
  const recommendations: string[] = [];
  const changes: Change[] = [];
  let after = pasted;
  const only = referenced.length === 1 ? referenced[0] : undefined;
  const hasJoin =
    /\bjoin\b/i.test(pasted) || /\bfrom\s+[a-z_][\w.]*(\s+(as\s+)?[a-z_]\w*)?\s*,/i.test(pasted);
  if (/\bselect\s+\*\s+from\b/i.test(pasted)) {
    problems.push(
      '`SELECT *` reads every column: column stores scan them all, and covering indexes cannot serve the query.',
    );
    if (only && !hasJoin) {
      after = after.replace(
        /\bselect\s+\*\s+from\b/i,
        `SELECT\n    ${only.columns.map((column) => sqlIdentifier(column.name)).join(',\n    ')}\nFROM`,
      );
      changes.push({
        title: 'Explicit columns instead of `SELECT *`',
        reasoning: `The columns of \`${only.qualifiedName}\` are listed: the result no longer changes shape when a column is added, and a column store reads only what is listed. Drop the ones the consumer does not use.`,
      });
    } else {
      recommendations.push('List the columns the consumer needs instead of `*`.');
    }
  }
  if (
    /\border\s+by\b/i.test(pasted) &&
    !/\blimit\s+\d+/i.test(pasted) &&
    !/\bfetch\s+first\b/i.test(pasted)
  ) {
    problems.push(
      'ORDER BY without LIMIT sorts the whole result; a consumer that shows a page sorts everything to display a few rows.',
    );
    recommendations.push(
      'Add a LIMIT (and keyset pagination for the following pages) where the consumer shows a page; an index in the sort order then stops early.',
    );
  }
  for (const finding of FINDINGS) {
    if (finding.pattern.test(pasted)) {
      problems.push(finding.problem);
      recommendations.push(finding.recommendation);
    }
  }
  const servedBy = design.items.filter((item) =>
    referenced.some((table) => table.qualifiedName === item.table),
  );
  for (const item of servedBy) {
    const columns = columnsMentioned(
      pasted,
      marts.find((table) => table.qualifiedName === item.table),
    );
    changes.push({
      title: `Physical design: ${item.id}`,
      reasoning: `${item.why.join(' ')}${columns.length > 0 ? ` The query filters or sorts on ${columns.map((column) => `\`${column}\``).join(', ')}.` : ''}`,
    });
  }
  if (referenced.length === 0) {
    recommendations.push(
      "The query reads no table of this project's marts: capture its plan on the engine (make explain captures it as slow_query_before) and design for its filters the same way.",
    );
  }
  if (problems.length === 0) {
    problems.push(
      'No anti-pattern is visible in the text itself: the time goes into the scans, so the physical design below is what makes it faster.',
    );
  }
  return {
    isUserQuery: true,
    title: 'The query you pasted',
    before: pasted,
    after,
    equivalence: [
      after === pasted
        ? 'The text is unchanged: the gain comes from the physical design of `sql/indexes.sql` (compare the two plans).'
        : 'The rewrite returns the same rows; only the columns are now named instead of `*` (a column added to the table later no longer appears).',
    ],
    problems,
    changes,
    recommendations,
    tables: referenced,
    servedBy,
  };
}

function columnsMentioned(sql: string, table: MartTable | undefined): string[] {
  if (!table) return [];
  const clauses = sql
    .split(/\bwhere\b|\border\s+by\b/i)
    .slice(1)
    .join(' ');
  return table.columns
    .filter((column) => new RegExp(`\\b${column.name}\\b`, 'i').test(clauses))
    .map((column) => column.name);
}
