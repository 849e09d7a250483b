import type { Column, ProjectModel } from '../../source/engine/model/types.js';
import {
  MARTS_SCHEMA,
  martTable,
  primaryProfile,
  profileOf,
  sampleValue,
  type MartTable,
  type TableProfile,
} from '../shared/mart-tables.js';
import { sqlIdentifier, sqlString } from '../shared/text.js';
import { dialectOf, type SqlDialect } from './dialect.js';

/**
 * The queries the marts serve, per the workload answer: dashboards aggregate a fact over a time
 * window (joined to a dimension attribute), point lookups fetch a few rows by key. Each query
 * carries its shape (equality filters, range, sort, projection) so the physical design of every
 * engine can say which structure serves it.
 */

export type Technique = ProjectModel['sql']['techniques'][number];

export interface QueryShape {
  table: MartTable;
  /** Columns compared with `=` (in the order an index should list them). */
  equality: Column[];
  /** The time column filtered with a half-open range. */
  range: Column | undefined;
  /** The sort that follows the filter (`ORDER BY … LIMIT`). */
  orderBy: Column | undefined;
  /** Columns read from `table` (what a covering index must include). */
  projection: Column[];
  /** The dimension joined for display attributes. */
  joins: MartTable | undefined;
}

export interface WorkloadQuery {
  /** snake_case: the `-- name:` marker in queries.sql and the file name under sql/explain/. */
  name: string;
  title: string;
  kind: 'dashboard' | 'lookup' | 'rollup';
  /** The question it answers, in words. */
  question: string;
  /** In the engine's dialect, without a trailing semicolon. */
  sql: string;
  shape: QueryShape;
  /** Why it is written this way (rewrites applied). */
  notes: string[];
}

/**
 * The precomputed aggregate (a materialized view, or a table where the engine has none): a daily
 * rollup for dashboards, or a per-member summary for point-lookup workloads (an API reads one row).
 */
export interface RollupSpec {
  kind: 'daily' | 'member';
  name: string;
  qualifiedName: string;
  source: MartTable;
  /** The grouping column besides the day (daily) or the member key (member). */
  group: Column | undefined;
  /** The columns that identify a row: the unique index of a refresh by upsert. */
  keyColumns: string[];
  /** The column the rollup is ordered or clustered by. */
  clusterColumn: string;
  countColumn: string;
  measure: Column | undefined;
  /** `last_<event time>` of the member summary. */
  lastColumn: string | undefined;
  /** The defining SELECT, in the engine's dialect. */
  definition: string;
}

export interface Workload {
  dialect: SqlDialect;
  primary: TableProfile;
  /** The dimension of the lookups when the primary table has no link (a project of facts only). */
  lookupDimension: TableProfile | undefined;
  techniques: ReadonlySet<Technique>;
  rollup: RollupSpec | undefined;
  queries: WorkloadQuery[];
}

/** Window sizes: the dashboard's default range, the top-N's week and the rollup's year. */
export const DASHBOARD_DAYS = 30;
export const TOP_DAYS = 7;
export const TREND_DAYS = 365;
export const TOP_LIMIT = 10;
export const LATEST_LIMIT = 20;
export const QUEUE_LIMIT = 50;

const column = (name: string) => sqlIdentifier(name);

export function buildWorkload(model: ProjectModel): Workload {
  const dialect = dialectOf(model.sql.engine);
  const techniques = new Set<Technique>(
    model.sql.techniques.length > 0 ? model.sql.techniques : ['indexes'],
  );
  const primary = primaryProfile(model);
  // The first dimension with a table of its own (one big table keeps dimensions inside the facts).
  const firstDimension = model.dimensions.find((dimension) => martTable(dimension, model));
  const lookupDimension = primary.link
    ? profileOf(model, primary.link.dimension.entity)
    : primary.table.kind === 'fact' && firstDimension
      ? profileOf(model, firstDimension)
      : undefined;
  const isDashboards = model.sql.workload !== 'point-lookups';
  const memberRollup = !isDashboards && primary.link !== undefined && primary.table.kind === 'fact';
  const rollup = techniques.has('materialized-views')
    ? memberRollup
      ? memberSummarySpec(primary)
      : rollupSpec(primary, dialect)
    : undefined;
  const isLookups = model.sql.workload !== 'dashboards';
  const rewrites = techniques.has('rewrites');
  const queries: WorkloadQuery[] = [];
  if (isDashboards) {
    queries.push(dailyQuery(primary, dialect, rewrites));
    if (primary.link) queries.push(topMembersQuery(primary, dialect, rewrites));
  }
  if (rollup?.kind === 'daily') queries.push(rollupTrendQuery(primary, rollup, dialect));
  if (isLookups) {
    queries.push(keyLookupQuery(primary.table));
    if (primary.link && primary.table.kind === 'fact') queries.push(latestOfMemberQuery(primary));
    if (lookupDimension && lookupDimension.table !== primary.table)
      queries.push(keyLookupQuery(lookupDimension.table));
    if (primary.category?.acceptedValues && primary.table.kind === 'fact')
      queries.push(queueQuery(primary));
    if (rollup?.kind === 'member') queries.push(memberSummaryQuery(primary, rollup));
  }
  return { dialect, primary, lookupDimension, techniques, rollup, queries };
}

/** `order_count`, from the entity's singular name. */
export function countAlias(table: MartTable): string {
  return `${table.entity.singular}_count`;
}

function windowPredicate(
  alias: string,
  range: Column,
  dialect: SqlDialect,
  days: number,
): string[] {
  const qualified = `${alias}.${column(range.name)}`;
  return [
    `${qualified} >= ${dialect.minusDays(dialect.startOfToday, days)}`,
    `  AND ${qualified} < ${dialect.startOfToday}`,
  ];
}

export function dailyQuery(
  profile: TableProfile,
  dialect: SqlDialect,
  rewrites: boolean,
): WorkloadQuery {
  const { table, measure, link } = profile;
  const time = table.eventTime;
  const attribute = link?.attribute;
  const groupLabel = attribute?.name ?? profile.category?.name;
  const name = `${table.entity.name}_daily${groupLabel ? `_by_${groupLabel}` : ''}`;
  const count = countAlias(table);
  const measureSelect = measure
    ? [`SUM(f.${column(measure.name)}) AS ${column(measure.name)}`]
    : [];
  const window = windowPredicate('f', time, dialect, DASHBOARD_DAYS);
  const notes = [
    `The window is a half-open range on the raw \`${time.name}\` column (\`>= start AND < end\`): no function wraps the column, so the engine can prune partitions, skip blocks or use an index.`,
    'The range ends at the start of today: dashboards show complete days, and the result of a finished day never changes (cacheable).',
  ];
  let sql: string;
  let joins: MartTable | undefined;
  const projection: Column[] = [time, ...(measure ? [measure] : [])];
  if (link && attribute) {
    joins = link.dimension;
    projection.push(link.column);
    const fk = column(link.column.name);
    const dimensionKey = column(link.dimensionKey.name);
    const attr = column(attribute.name);
    if (rewrites) {
      notes.push(
        `The fact is aggregated to one row per day and ${link.dimension.entity.singular.replaceAll('_', ' ')} before the join: the join then touches a fraction of the rows, and the dimension is read once.`,
        `An inner join is safe because the relationship \`${table.name}.${link.column.name} → ${link.dimension.name}.${link.dimensionKey.name}\` is tested by dbt${link.column.isNullable ? ` (rows with a null \`${link.column.name}\` have no ${attribute.name} and are left out)` : ''}; it leaves the optimizer free to reorder the join.`,
      );
      sql = [
        'WITH daily AS (',
        '    SELECT',
        `        ${dialect.dayBucket(`f.${column(time.name)}`)} AS event_day,`,
        `        f.${fk},`,
        `        COUNT(*) AS ${count}${measure ? ',' : ''}`,
        ...measureSelect.map((line) => `        ${line}`),
        `    FROM ${table.qualifiedName} AS f`,
        `    WHERE ${window[0] ?? ''}`,
        `      ${window[1] ?? ''}`,
        '    GROUP BY 1, 2',
        ')',
        'SELECT',
        '    d.event_day,',
        `    c.${attr},`,
        `    SUM(d.${count}) AS ${count}${measure ? ',' : ''}`,
        ...(measure ? [`    SUM(d.${column(measure.name)}) AS ${column(measure.name)}`] : []),
        'FROM daily AS d',
        `JOIN ${link.dimension.qualifiedName} AS c ON c.${dimensionKey} = d.${fk}`,
        `GROUP BY d.event_day, c.${attr}`,
        `ORDER BY d.event_day, c.${attr}`,
      ].join('\n');
    } else {
      sql = [
        'SELECT',
        `    ${dialect.dayBucket(`f.${column(time.name)}`)} AS event_day,`,
        `    c.${attr},`,
        `    COUNT(*) AS ${count}${measure ? ',' : ''}`,
        ...measureSelect.map((line) => `    ${line}`),
        `FROM ${table.qualifiedName} AS f`,
        `JOIN ${link.dimension.qualifiedName} AS c ON c.${dimensionKey} = f.${fk}`,
        `WHERE ${window[0] ?? ''}`,
        `  ${window[1] ?? ''}`,
        'GROUP BY 1, 2',
        'ORDER BY 1, 2',
      ].join('\n');
    }
  } else {
    const category = profile.category;
    if (category) projection.push(category);
    sql = [
      'SELECT',
      `    ${dialect.dayBucket(`f.${column(time.name)}`)} AS event_day,`,
      ...(category ? [`    f.${column(category.name)},`] : []),
      `    COUNT(*) AS ${count}${measure ? ',' : ''}`,
      ...measureSelect.map((line) => `    ${line}`),
      `FROM ${table.qualifiedName} AS f`,
      `WHERE ${window[0] ?? ''}`,
      `  ${window[1] ?? ''}`,
      `GROUP BY ${category ? '1, 2' : '1'}`,
      `ORDER BY ${category ? '1, 2' : '1'}`,
    ].join('\n');
  }
  const by = attribute
    ? ` by ${attribute.name.replaceAll('_', ' ')}`
    : profile.category
      ? ` by ${profile.category.name.replaceAll('_', ' ')}`
      : '';
  return {
    name,
    title: `Daily ${table.entity.name.replaceAll('_', ' ')}${by}`,
    kind: 'dashboard',
    question: `How many ${table.entity.name.replaceAll('_', ' ')}${measure ? ` and how much ${measure.name.replaceAll('_', ' ')}` : ''} per day${by}, over the last ${DASHBOARD_DAYS} complete days?`,
    sql,
    shape: { table, equality: [], range: time, orderBy: undefined, projection, joins },
    notes,
  };
}

function topMembersQuery(
  profile: TableProfile,
  dialect: SqlDialect,
  rewrites: boolean,
): WorkloadQuery {
  const { table, measure } = profile;
  const link = profile.link;
  if (!link) throw new Error('top members need a dimension link');
  const fk = column(link.column.name);
  const dimensionKey = column(link.dimensionKey.name);
  const attribute = link.attribute;
  const count = countAlias(table);
  const rank = measure ? column(measure.name) : count;
  const window = windowPredicate('f', table.eventTime, dialect, TOP_DAYS);
  const aggregates = [
    `COUNT(*) AS ${count}`,
    ...(measure ? [`SUM(f.${column(measure.name)}) AS ${column(measure.name)}`] : []),
  ];
  const memberKey = link.column.name;
  const notes = [
    `\`NULLS LAST\` keeps members whose ${measure ? measure.name.replaceAll('_', ' ') : 'count'} is unknown out of the top; the key breaks ties so the ranking is deterministic.`,
  ];
  let sql: string;
  if (rewrites) {
    notes.unshift(
      `The ranking runs on the fact alone and keeps ${TOP_LIMIT} rows before the join: the dimension is probed ${TOP_LIMIT} times instead of once per fact row.`,
    );
    sql = [
      'WITH ranked AS (',
      '    SELECT',
      `        f.${fk},`,
      ...aggregates.map(
        (line, index) => `        ${line}${index < aggregates.length - 1 ? ',' : ''}`,
      ),
      `    FROM ${table.qualifiedName} AS f`,
      `    WHERE ${window[0] ?? ''}`,
      `      ${window[1] ?? ''}`,
      `    GROUP BY f.${fk}`,
      `    ORDER BY ${rank} DESC NULLS LAST, f.${fk}`,
      `    LIMIT ${TOP_LIMIT}`,
      ')',
      'SELECT',
      `    r.${fk},`,
      ...(attribute ? [`    c.${column(attribute.name)},`] : []),
      `    r.${count}${measure ? ',' : ''}`,
      ...(measure ? [`    r.${column(measure.name)}`] : []),
      'FROM ranked AS r',
      `JOIN ${link.dimension.qualifiedName} AS c ON c.${dimensionKey} = r.${fk}`,
      `ORDER BY r.${rank} DESC NULLS LAST, r.${fk}`,
    ].join('\n');
  } else {
    sql = [
      'SELECT',
      `    f.${fk},`,
      ...(attribute ? [`    c.${column(attribute.name)},`] : []),
      ...aggregates.map((line, index) => `    ${line}${index < aggregates.length - 1 ? ',' : ''}`),
      `FROM ${table.qualifiedName} AS f`,
      `JOIN ${link.dimension.qualifiedName} AS c ON c.${dimensionKey} = f.${fk}`,
      `WHERE ${window[0] ?? ''}`,
      `  ${window[1] ?? ''}`,
      `GROUP BY f.${fk}${attribute ? `, c.${column(attribute.name)}` : ''}`,
      `ORDER BY ${rank} DESC NULLS LAST, f.${fk}`,
      `LIMIT ${TOP_LIMIT}`,
    ].join('\n');
  }
  return {
    name: `top_${link.dimension.entity.name}_by_${measure ? measure.name : count}`,
    title: `Top ${TOP_LIMIT} ${link.dimension.entity.name.replaceAll('_', ' ')} by ${measure ? measure.name.replaceAll('_', ' ') : 'number of ' + table.entity.name.replaceAll('_', ' ')}`,
    kind: 'dashboard',
    question: `Which ${TOP_LIMIT} ${link.dimension.entity.name.replaceAll('_', ' ')} had the most ${measure ? measure.name.replaceAll('_', ' ') : table.entity.name.replaceAll('_', ' ')} over the last ${TOP_DAYS} complete days (by \`${memberKey}\`)?`,
    sql,
    shape: {
      table,
      equality: [],
      range: table.eventTime,
      orderBy: undefined,
      projection: [link.column, table.eventTime, ...(measure ? [measure] : [])],
      joins: link.dimension,
    },
    notes,
  };
}

function rollupSpec(profile: TableProfile, dialect: SqlDialect): RollupSpec {
  const { table, measure } = profile;
  const group = profile.link?.column ?? profile.category;
  const count = countAlias(table);
  const time = column(table.eventTime.name);
  const selectList = [
    `${dialect.dayBucket(time)} AS event_day`,
    ...(group ? [column(group.name)] : []),
    `COUNT(*) AS ${count}`,
    ...(measure ? [`SUM(${column(measure.name)}) AS ${column(measure.name)}`] : []),
  ];
  const definition = [
    'SELECT',
    ...selectList.map((line, index) => `    ${line}${index < selectList.length - 1 ? ',' : ''}`),
    `FROM ${table.qualifiedName}`,
    `GROUP BY ${dialect.dayBucket(time)}${group ? `, ${column(group.name)}` : ''}`,
  ].join('\n');
  const name = `rollup_${table.entity.name}_daily`;
  return {
    kind: 'daily',
    name,
    qualifiedName: `${MARTS_SCHEMA}.${name}`,
    source: table,
    group,
    keyColumns: ['event_day', ...(group ? [group.name] : [])],
    clusterColumn: 'event_day',
    countColumn: count,
    measure,
    lastColumn: undefined,
    definition,
  };
}

function memberSummarySpec(profile: TableProfile): RollupSpec {
  const { table, measure, link } = profile;
  if (!link) throw new Error('a member summary needs a dimension link');
  const count = countAlias(table);
  const fk = column(link.column.name);
  const last = `last_${table.eventTime.name}`;
  const selectList = [
    fk,
    `COUNT(*) AS ${count}`,
    ...(measure ? [`SUM(${column(measure.name)}) AS ${column(measure.name)}`] : []),
    `MAX(${column(table.eventTime.name)}) AS ${column(last)}`,
  ];
  const definition = [
    'SELECT',
    ...selectList.map((line, index) => `    ${line}${index < selectList.length - 1 ? ',' : ''}`),
    `FROM ${table.qualifiedName}`,
    `GROUP BY ${fk}`,
  ].join('\n');
  const name = `summary_${table.entity.name}_by_${link.dimension.entity.singular}`;
  return {
    kind: 'member',
    name,
    qualifiedName: `${MARTS_SCHEMA}.${name}`,
    source: table,
    group: link.column,
    keyColumns: [link.column.name],
    clusterColumn: link.column.name,
    countColumn: count,
    measure,
    lastColumn: last,
    definition,
  };
}

function memberSummaryQuery(profile: TableProfile, rollup: RollupSpec): WorkloadQuery {
  const { table, link } = profile;
  if (!link) throw new Error('a member summary needs a dimension link');
  const value = sampleValue(table.entity, link.column);
  const member = link.dimension.entity.singular;
  const columns = [
    link.column.name,
    rollup.countColumn,
    ...(rollup.measure ? [rollup.measure.name] : []),
    ...(rollup.lastColumn ? [rollup.lastColumn] : []),
  ];
  return {
    name: `${member}_${table.entity.name}_summary`,
    title: `${table.entity.name.replaceAll('_', ' ')} summary of one ${member.replaceAll('_', ' ')}`,
    kind: 'rollup',
    question: `The totals of one ${member.replaceAll('_', ' ')} (count${rollup.measure ? `, ${rollup.measure.name.replaceAll('_', ' ')}` : ''}, last ${table.eventTime.name.replaceAll('_', ' ')}), read from \`${rollup.qualifiedName}\` instead of aggregating the fact per request. The literal is a sample \`${link.column.name}\`.`,
    sql: [
      'SELECT',
      columns.map((name) => `    ${column(name)}`).join(',\n'),
      `FROM ${rollup.qualifiedName}`,
      `WHERE ${column(link.column.name)} = ${sqlString(value)}`,
    ].join('\n'),
    shape: {
      table,
      equality: [link.column],
      range: undefined,
      orderBy: undefined,
      projection: [],
      joins: undefined,
    },
    notes: [
      `One precomputed row per ${member.replaceAll('_', ' ')}: the lookup costs the same whether the member has ten ${table.entity.name.replaceAll('_', ' ')} or ten million.`,
    ],
  };
}

function rollupTrendQuery(
  profile: TableProfile,
  rollup: RollupSpec,
  dialect: SqlDialect,
): WorkloadQuery {
  const { table, measure, link } = profile;
  const count = rollup.countColumn;
  const attribute = link?.attribute;
  const window = [
    `r.event_day >= ${dialect.minusDays(dialect.startOfToday, TREND_DAYS)}`,
    `  AND r.event_day < ${dialect.startOfToday}`,
  ];
  const sums = [
    `SUM(r.${count}) AS ${count}`,
    ...(measure ? [`SUM(r.${column(measure.name)}) AS ${column(measure.name)}`] : []),
  ];
  let sql: string;
  if (link && attribute && rollup.group === link.column) {
    sql = [
      'SELECT',
      '    r.event_day,',
      `    c.${column(attribute.name)},`,
      ...sums.map((line, index) => `    ${line}${index < sums.length - 1 ? ',' : ''}`),
      `FROM ${rollup.qualifiedName} AS r`,
      `JOIN ${link.dimension.qualifiedName} AS c ON c.${column(link.dimensionKey.name)} = r.${column(link.column.name)}`,
      `WHERE ${window[0] ?? ''}`,
      `  ${window[1] ?? ''}`,
      'GROUP BY 1, 2',
      'ORDER BY 1, 2',
    ].join('\n');
  } else {
    const group = rollup.group;
    sql = [
      'SELECT',
      '    r.event_day,',
      ...(group ? [`    r.${column(group.name)},`] : []),
      ...sums.map((line, index) => `    ${line}${index < sums.length - 1 ? ',' : ''}`),
      `FROM ${rollup.qualifiedName} AS r`,
      `WHERE ${window[0] ?? ''}`,
      `  ${window[1] ?? ''}`,
      `GROUP BY ${group ? '1, 2' : '1'}`,
      `ORDER BY ${group ? '1, 2' : '1'}`,
    ].join('\n');
  }
  return {
    name: `${table.entity.name}_daily_trend`,
    title: `${TREND_DAYS}-day trend of ${table.entity.name.replaceAll('_', ' ')} from the daily rollup`,
    kind: 'rollup',
    question: `The daily ${table.entity.name.replaceAll('_', ' ')} over the last year, read from \`${rollup.qualifiedName}\` instead of the fact.`,
    sql,
    shape: {
      table,
      equality: [],
      range: table.eventTime,
      orderBy: undefined,
      projection: [],
      joins: link?.dimension,
    },
    notes: [
      `A year of daily rows per ${rollup.group ? rollup.group.name.replaceAll('_', ' ') : 'day'} is a small table: the dashboard's long range never touches \`${table.qualifiedName}\`.`,
      'Summing the rollup again is correct because counts and sums are additive (averages would need their sum and count stored separately).',
    ],
  };
}

function keyLookupQuery(table: MartTable): WorkloadQuery {
  const key = table.key;
  const value = sampleValue(table.entity, key);
  const columns = table.columns.map((item) => `    ${column(item.name)}`).join(',\n');
  return {
    name: `${table.entity.singular}_by_${key.name}`,
    title: `One ${table.entity.singular.replaceAll('_', ' ')} by \`${key.name}\``,
    kind: 'lookup',
    question: `Fetch a single ${table.entity.singular.replaceAll('_', ' ')} by its key (an API or support-tool lookup). The literal is a sample key; the application binds it as a parameter.`,
    sql: [
      'SELECT',
      columns,
      `FROM ${table.qualifiedName}`,
      `WHERE ${column(key.name)} = ${sqlString(value)}`,
    ].join('\n'),
    shape: {
      table,
      equality: [key],
      range: undefined,
      orderBy: undefined,
      projection: table.columns,
      joins: undefined,
    },
    notes: [
      'The columns are listed instead of `SELECT *`: the result shape does not change when a column is added, and column stores read only these columns.',
    ],
  };
}

function latestOfMemberQuery(profile: TableProfile): WorkloadQuery {
  const { table, link, category, measure } = profile;
  if (!link) throw new Error('latest-of-member needs a dimension link');
  const value = sampleValue(table.entity, link.column);
  const projection = [
    table.key,
    table.eventTime,
    ...(category ? [category] : []),
    ...(measure ? [measure] : []),
  ];
  const member = link.dimension.entity.singular.replaceAll('_', ' ');
  return {
    name: `latest_${table.entity.name}_of_${link.dimension.entity.singular}`,
    title: `Latest ${table.entity.name.replaceAll('_', ' ')} of one ${member}`,
    kind: 'lookup',
    question: `The ${LATEST_LIMIT} most recent ${table.entity.name.replaceAll('_', ' ')} of one ${member} (a customer-360 or support view). The literal is a sample \`${link.column.name}\`.`,
    sql: [
      'SELECT',
      projection.map((item) => `    ${column(item.name)}`).join(',\n'),
      `FROM ${table.qualifiedName}`,
      `WHERE ${column(link.column.name)} = ${sqlString(value)}`,
      `ORDER BY ${column(table.eventTime.name)} DESC`,
      `LIMIT ${LATEST_LIMIT}`,
    ].join('\n'),
    shape: {
      table,
      equality: [link.column],
      range: undefined,
      orderBy: table.eventTime,
      projection,
      joins: undefined,
    },
    notes: [
      `Equality on \`${link.column.name}\` then the sort on \`${table.eventTime.name}\`: an index in that order (filter, then sort) returns the rows already sorted and stops after ${LATEST_LIMIT}.`,
    ],
  };
}

function queueQuery(profile: TableProfile): WorkloadQuery {
  const { table, category, measure, link } = profile;
  const values = category?.acceptedValues;
  const value = values?.[0];
  if (!category || value === undefined)
    throw new Error('the queue query needs a category with accepted values');
  const projection = [
    table.key,
    ...(link ? [link.column] : []),
    table.eventTime,
    ...(measure ? [measure] : []),
  ];
  return {
    name: `${table.entity.name}_${category.name}_${value.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`,
    title: `${table.entity.name.replaceAll('_', ' ')} with ${category.name.replaceAll('_', ' ')} = '${value}'`,
    kind: 'lookup',
    question: `The ${QUEUE_LIMIT} most recent ${table.entity.name.replaceAll('_', ' ')} whose \`${category.name}\` is '${value}' (a work queue or triage view over a small, hot subset).`,
    sql: [
      'SELECT',
      projection.map((item) => `    ${column(item.name)}`).join(',\n'),
      `FROM ${table.qualifiedName}`,
      `WHERE ${column(category.name)} = ${sqlString(value)}`,
      `ORDER BY ${column(table.eventTime.name)} DESC`,
      `LIMIT ${QUEUE_LIMIT}`,
    ].join('\n'),
    shape: {
      table,
      equality: [category],
      range: undefined,
      orderBy: table.eventTime,
      projection,
      joins: undefined,
    },
    notes: [
      `The predicate on \`${category.name}\` is a constant: a partial index (PostgreSQL) holds only those rows, however large the table grows.`,
    ],
  };
}
