import { describe, expect, it } from 'vitest';
import { contractType } from '../../../generators/transforming-data/dbt/columns.js';
import { dbtFiles } from '../../../generators/transforming-data/dbt/index.js';
import {
  strategyArgument,
  strategyFor,
} from '../../../generators/transforming-data/dbt/incremental.js';
import { dimensionJoins, segmentOf } from '../../../generators/transforming-data/dbt/layout.js';
import { seedCsv, seedRows } from '../../../generators/transforming-data/dbt/seeds.js';
import { freshness } from '../../../generators/transforming-data/dbt/sources.js';
import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';
import type { AnswerValue } from '../../../source/engine/skills/types.js';
import { buildProject } from '../../support/project.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';

const ALL_SKILLS = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

async function modelWith(set: Record<string, AnswerValue>): Promise<ProjectModel> {
  const cloud = set['architecting-data.warehouse'] === 'bigquery' ? 'gcp' : 'aws';
  const project = await buildProject({
    goal: 'verification matrix project',
    skills: ALL_SKILLS,
    set: {
      'project.name': 'shop',
      'project.cloud': cloud,
      'secret-management.store': 'vault',
      'transforming-data.tool': 'dbt',
      ...set,
    },
  });
  return project.model;
}

function renderAll(model: ProjectModel): Promise<Map<string, string>> {
  return renderFileSpecs(dbtFiles(model));
}

describe('incremental strategies', () => {
  it.each([
    ['merge', 'snowflake', 'merge'],
    ['merge', 'bigquery', 'merge'],
    ['append', 'postgres', 'append'],
    ['append', 'bigquery', 'merge'],
    ['delete+insert', 'redshift', 'delete+insert'],
    ['delete+insert', 'bigquery', 'merge'],
    ['insert-overwrite', 'bigquery', 'insert_overwrite'],
    ['insert-overwrite', 'snowflake', 'delete+insert'],
    ['insert-overwrite', 'databricks', 'delete+insert'],
    ['insert-overwrite', 'duckdb', 'delete+insert'],
  ] as const)('answer %s on %s runs %s', (answer, warehouse, expected) => {
    const choice = strategyFor(answer, warehouse);
    expect(choice.strategy).toBe(expected);
    // A substitution is always explained; the answer itself needs no explanation.
    expect(choice.substitution === undefined).toBe(
      expected === answer.replace('insert-overwrite', 'insert_overwrite'),
    );
  });

  it('switches on target.type only when the local and production strategies differ', async () => {
    const same = await modelWith({
      'architecting-data.warehouse': 'snowflake',
      'transforming-data.incremental': 'merge',
    });
    expect(strategyArgument(same)).toEqual({ expression: "'merge'", notes: [] });
    const different = await modelWith({
      'architecting-data.warehouse': 'bigquery',
      'transforming-data.incremental': 'insert-overwrite',
    });
    const argument = strategyArgument(different);
    expect(argument.expression).toBe(
      "('insert_overwrite' if target.type == 'bigquery' else 'delete+insert')",
    );
    expect(argument.notes.join(' ')).toMatch(/dbt-duckdb cannot replace single partitions/);
  });

  it('gives BigQuery insert_overwrite the partitions it needs', async () => {
    const model = await modelWith({
      'architecting-data.warehouse': 'bigquery',
      'transforming-data.incremental': 'insert-overwrite',
      'architecting-data.partitioning': 'none',
      'architecting-data.entities': ['customers', 'orders'],
    });
    const sql = (await renderAll(model)).get('transforms/dbt/models/marts/fct_orders.sql') ?? '';
    expect(sql).toContain(
      "partition_by=({'field': 'event_date', 'data_type': 'date', 'granularity': 'day'} if target.type == 'bigquery' else none)",
    );
  });

  it('skips loaded keys where an adapter appends, so the lookback never duplicates rows', async () => {
    const model = await modelWith({
      'architecting-data.warehouse': 'postgres',
      'transforming-data.incremental': 'append',
      'architecting-data.entities': ['customers', 'orders'],
    });
    const sql = (await renderAll(model)).get('transforms/dbt/models/marts/fct_orders.sql') ?? '';
    expect(sql).toContain(
      'and not exists (select 1 from {{ this }} as existing where existing.order_id = enriched.order_id)',
    );
    const merging = await modelWith({
      'architecting-data.warehouse': 'postgres',
      'transforming-data.incremental': 'merge',
      'architecting-data.entities': ['customers', 'orders'],
    });
    expect(
      (await renderAll(merging)).get('transforms/dbt/models/marts/fct_orders.sql'),
    ).not.toContain('not exists');
  });
});

describe('contract types', () => {
  it('spells each type so that DuckDB and the warehouse accept it', () => {
    const warehouses: Warehouse[] = [
      'snowflake',
      'bigquery',
      'redshift',
      'databricks',
      'postgres',
      'duckdb',
    ];
    for (const warehouse of warehouses) {
      expect(contractType('string', warehouse)).toBe('string');
      expect(contractType('decimal', warehouse)).toBe('numeric(18,2)');
      if (warehouse !== 'postgres') expect(contractType('timestamp', warehouse)).toBe('timestamp');
    }
    // Postgres marts keep event times as timestamptz (the local DuckDB target: UTC timestamps).
    expect(contractType('timestamp', 'postgres')).toBe(
      "{{ 'timestamptz' if target.type == 'postgres' else 'timestamp' }}",
    );
    expect(contractType('double', 'bigquery')).toBe(
      "{{ 'float64' if target.type == 'bigquery' else 'double' }}",
    );
    expect(contractType('double', 'postgres')).toBe('double precision');
  });
});

describe('event times on Postgres', () => {
  it('stay timestamptz through the marts, and their dates are UTC dates', async () => {
    const model = await modelWith({
      'architecting-data.warehouse': 'postgres',
      'architecting-data.entities': ['customers', 'orders'],
    });
    const files = await renderAll(model);
    const macros = files.get('transforms/dbt/macros/to_utc_timestamp.sql') ?? '';
    expect(macros).toContain(
      '{% macro postgres__to_utc_timestamp(column) %}cast(({{ column }}) as timestamptz){% endmacro %}',
    );
    expect(macros).toContain(
      "{% macro postgres__to_utc_date(column) %}cast(({{ column }}) at time zone 'UTC' as date){% endmacro %}",
    );
    const intermediate =
      files.get('transforms/dbt/models/intermediate/int_orders_enriched.sql') ?? '';
    expect(intermediate).toContain("{{ to_utc_date('orders.ordered_at') }} as");
    expect(intermediate).not.toMatch(/cast\([^)]*ordered_at as date\)/);
  });
});

describe('seeds', () => {
  it('carry the re-deliveries at-least-once loading produces', async () => {
    const model = await modelWith({ 'architecting-data.entities': ['users', 'sessions'] });
    const [users, sessions] = model.entities;
    if (!users || !sessions) throw new Error('entities missing');
    const sessionRows = seedRows(sessions);
    expect(sessionRows).toHaveLength(sessions.sampleRows.length + 1);
    const deliveries = sessionRows.filter(
      (row) => row.session_id === sessions.sampleRows[0]?.session_id,
    );
    expect(deliveries).toHaveLength(2);
    expect(
      deliveries[1]?._loaded_at &&
        deliveries[0]?._loaded_at &&
        deliveries[1]._loaded_at > deliveries[0]._loaded_at,
    ).toBe(true);
    const versions = seedRows(users).filter((row) => row.user_id === users.sampleRows[0]?.user_id);
    expect(versions).toHaveLength(2);
    expect((versions[1]?.updated_at ?? '') < (versions[0]?.updated_at ?? '')).toBe(true);
    expect(versions.every((row) => /\+00$/.test(row.updated_at ?? ''))).toBe(true);
  });

  it('quote CSV fields that need it', async () => {
    const model = await modelWith({ 'architecting-data.entities': ['customers', 'orders'] });
    const orders = model.entities.find((entity) => entity.name === 'orders');
    if (!orders) throw new Error('orders missing');
    const withComma = {
      ...orders,
      sampleRows: orders.sampleRows.map((row, index) =>
        index === 0 ? { ...row, order_status: 'placed, then paid' } : row,
      ),
    };
    expect(seedCsv(withComma).split('\n')[1]).toContain('"placed, then paid"');
  });
});

describe('joins and segments', () => {
  it('prefix dimension attributes with the role of the foreign key', async () => {
    const model = await modelWith({
      'architecting-data.entities': ['users', 'sessions', 'page_views'],
    });
    const pageViews = model.entities.find((entity) => entity.name === 'page_views');
    if (!pageViews) throw new Error('page_views missing');
    const joins = dimensionJoins(model, pageViews);
    expect(joins.map((join) => join.dimension.name)).toEqual(['users']);
    expect(joins[0]?.attributes.map((attribute) => attribute.name)).toEqual([
      'user_country_code',
      'user_signup_channel',
    ]);
    expect(segmentOf(model, pageViews)).toEqual({
      name: 'user_signup_channel',
      values: ['organic', 'paid_search', 'social', 'referral', 'email'],
    });
  });
});

describe('the dbt project files', () => {
  it('are deterministic', async () => {
    const model = await modelWith({});
    expect(await renderAll(model)).toEqual(await renderAll(model));
  });

  it.each([
    ['dimensional', ['dim_customers', 'fct_orders', 'agg_orders_daily']],
    [
      'data-vault',
      ['hub_customer', 'hub_order', 'link_order', 'sat_customer', 'sat_order', 'agg_orders_daily'],
    ],
    ['3nf', ['core_customers', 'core_orders', 'agg_orders_daily']],
    ['one-big-table', ['obt_orders', 'agg_orders_daily']],
  ] as const)('model %s marts', async (modeling, marts) => {
    const model = await modelWith({
      'architecting-data.modeling': modeling,
      'architecting-data.entities': ['customers', 'orders'],
    });
    const names = [...(await renderAll(model)).keys()]
      .filter((path) => path.startsWith('transforms/dbt/models/marts/') && path.endsWith('.sql'))
      .map((path) => path.slice('transforms/dbt/models/marts/'.length, -'.sql'.length))
      .sort();
    expect(names).toEqual([...marts].sort());
  });

  it.each(['snowflake', 'bigquery', 'redshift', 'databricks', 'postgres', 'duckdb'] as const)(
    'read only registered environment variables on %s',
    async (warehouse) => {
      const model = await modelWith({ 'architecting-data.warehouse': warehouse });
      const profiles = (await renderAll(model)).get('transforms/dbt/profiles.yml') ?? '';
      const used = [...profiles.matchAll(/env_var\('([A-Z0-9_]+)'\)/g)].map((match) => match[1]);
      expect(used.length).toBeGreaterThan(0);
      const declared = new Set(model.env.map((variable) => variable.name));
      expect(used.filter((name) => !declared.has(name ?? ''))).toEqual([]);
      expect(profiles).toMatch(new RegExp(`^ +type: ${warehouse}$`, 'm'));
    },
  );

  it('derive source freshness from the freshness SLO', async () => {
    const model = await modelWith({ 'performance-engineering.freshness_slo_minutes': 15 });
    expect(freshness(model)).toEqual({
      warn_after: { count: 8, period: 'minute' },
      error_after: { count: 15, period: 'minute' },
    });
  });
});

describe('requirements.txt', () => {
  it('pins dbt to its minor line, as its comment says (patch releases only)', async () => {
    const project = await buildProject({
      goal: 'batch load orders into postgres with dbt',
      skills: ['architecting-data', 'transforming-data'],
      set: { 'architecting-data.warehouse': 'postgres', 'transforming-data.tool': 'dbt' },
    });
    const text = project.files.get('requirements.txt') ?? '';
    const pins = text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    const dbt = pins.filter((line) => line.startsWith('dbt-'));
    expect(dbt.length).toBeGreaterThanOrEqual(3);
    // ~=1.12.0 allows 1.12.x only; ~=1.12 would allow every 1.x from 1.12 on.
    for (const pin of dbt) expect(pin).toMatch(/^dbt-[a-z]+~=\d+\.\d+\.0$/);
    for (const pin of pins.filter((line) => !line.startsWith('dbt-')))
      expect(pin).toMatch(/>=[\d.]+,<\d+$/);
    expect(text).toContain(
      '`~=X.Y.0`: patch releases flow in, a minor upgrade is a deliberate change',
    );
    expect(text).toContain('`>=X.Y,<N`: minor and patch releases flow in');
  });
});
