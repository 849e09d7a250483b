import { describe, expect, it } from 'vitest';
import { validateDbtProject } from '../../../source/engine/validate/domain/dbt.js';
import {
  dataTestSql,
  parseRelationReference,
} from '../../../source/engine/validate/domain/dbt/data-tests.js';
import { buildOrder } from '../../../source/engine/validate/domain/dbt/graph.js';
import {
  DbtJinja,
  dispatcher,
  RenderError,
  type RenderScope,
} from '../../../source/engine/validate/domain/dbt/jinja.js';
import { filesFromMap } from '../../../source/engine/validate/domain/types.js';

function scope(
  overrides: Partial<RenderScope> = {},
): RenderScope & { configs: Record<string, unknown>[] } {
  const configs: Record<string, unknown>[] = [];
  return {
    configs,
    ref: (name) => `"staging"."${String(name)}"`,
    source: (source, table) => `"raw"."${String(source)}_${String(table)}"`,
    config: Object.assign(
      (...args: unknown[]) => {
        configs.push(args[0] as Record<string, unknown>);
        return '';
      },
      { get: () => null },
    ),
    this: { toString: () => '"marts"."model"' },
    is_incremental: () => false,
    model: { name: 'model' },
    ...overrides,
  };
}

describe('the Jinja renderer', () => {
  it('dispatches to duckdb__ before default__, like dbt-duckdb', () => {
    const holder: { jinja?: DbtJinja } = {};
    const jinja = new DbtJinja({ adapter: dispatcher(() => holder.jinja as DbtJinja, {}) });
    holder.jinja = jinja;
    jinja.loadMacros(
      "{% macro key(c) %}{{ adapter.dispatch('key', 'shop')(c) }}{% endmacro %}{% macro default__key(c) %}md5({{ c }}){% endmacro %}{% macro bigquery__key(c) %}to_hex(md5({{ c }})){% endmacro %}",
    );
    expect(jinja.render("{{ key('id') }}")).toBe('md5(id)');
    jinja.loadMacros('{% macro duckdb__key(c) %}hash({{ c }}){% endmacro %}');
    expect(jinja.render("{{ key('id') }}")).toBe('hash(id)');
  });

  it('records config() keyword arguments and renders ref, source, this and is_incremental', () => {
    const jinja = new DbtJinja({});
    const current = scope({ is_incremental: () => true });
    const sql = jinja.render(
      "{{ config(materialized='incremental', unique_key=['a', 'b']) }}select * from {{ ref('stg_x') }} join {{ source('raw', 'x') }}{% if is_incremental() %} where t > (select max(t) from {{ this }}){% endif %}",
      current,
    );
    expect(sql).toBe(
      'select * from "staging"."stg_x" join "raw"."raw_x" where t > (select max(t) from "marts"."model")',
    );
    expect(current.configs).toEqual([
      { materialized: 'incremental', unique_key: ['a', 'b'], __keywords: true },
    ]);
  });

  it('fails on a name dbt would not provide, with the line', () => {
    const jinja = new DbtJinja({});
    let error: unknown;
    try {
      jinja.render('select 1\nfrom {{ not_a_macro() }}', scope());
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).line).toBe(2);
    expect((error as RenderError).message).toMatch(/not_a_macro/);
  });
});

describe('the DAG', () => {
  it('orders dependencies first and reports each cycle once', () => {
    const dependencies = new Map([
      ['fct', ['stg_a', 'stg_b']],
      ['stg_a', []],
      ['stg_b', ['stg_a']],
    ]);
    expect(buildOrder(dependencies, (name) => name).order).toEqual(['stg_a', 'stg_b', 'fct']);
    const cyclic = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
    ]);
    const { problems } = buildOrder(cyclic, (name) => `models/${name}.sql`);
    expect(problems).toEqual([
      {
        path: 'models/a.sql',
        message: 'ref cycle: a → b → c → a (dbt refuses a graph with a cycle)',
      },
    ]);
  });
});

describe('generic tests', () => {
  const resolve = (reference: string) => (reference === "ref('dim')" ? '"marts"."dim"' : undefined);
  it('compile to SQL that returns the failing rows', () => {
    expect(
      dataTestSql(
        { kind: 'unique', arguments: {}, config: {} },
        { relation: 't', column: 'id' },
        resolve,
      ),
    ).toEqual({
      sql: 'select "id" as unique_field, count(*) as n_records from t where "id" is not null group by "id" having count(*) > 1',
    });
    const accepted = dataTestSql(
      { kind: 'accepted_values', arguments: { values: ['a', "b'c"] }, config: { where: 'x > 1' } },
      { relation: 't', column: 'kind' },
      resolve,
    );
    expect(JSON.stringify(accepted)).toContain("not in ('a', 'b''c')");
    expect(JSON.stringify(accepted)).toContain('(select * from t where x > 1) as dbt_subquery');
    expect(
      dataTestSql(
        { kind: 'relationships', arguments: { to: "ref('dim')", field: 'id' }, config: {} },
        { relation: 't', column: 'dim_id' },
        resolve,
      ),
    ).toEqual({
      sql: 'select child.from_field from (select "dim_id" as from_field from t where "dim_id" is not null) as child left join (select "id" as to_field from "marts"."dim") as parent on child.from_field = parent.to_field where parent.to_field is null',
    });
  });

  it('refuse what they cannot run', () => {
    expect(
      dataTestSql(
        { kind: 'relationships', arguments: { to: "ref('nope')", field: 'id' }, config: {} },
        { relation: 't', column: 'c' },
        resolve,
      ),
    ).toEqual({
      error:
        "relationships points to ref('nope'), which is not a model, seed or source of this project",
    });
    expect(
      dataTestSql(
        { kind: 'dbt_utils.expression_is_true', arguments: {}, config: {} },
        { relation: 't', column: 'c' },
        resolve,
      ),
    ).toEqual({
      error:
        "dbt_utils.expression_is_true is not one of dbt's built-in generic tests, so it cannot be run here",
    });
    expect(parseRelationReference("source('raw', 'users')")).toEqual({
      kind: 'source',
      source: 'raw',
      table: 'users',
    });
  });
});

/** A two-model project in memory, to break one piece at a time. */
function miniProject(overrides: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      'dbt_project.yml':
        'name: mini\nversion: 1.0.0\nconfig-version: 2\nprofile: mini\nmodels:\n  mini:\n    +materialized: table\nseeds:\n  mini:\n    +schema: raw_sample\n',
      'profiles.yml':
        'mini:\n  target: local\n  outputs:\n    local: {type: duckdb, path: "{{ env_var(\'DUCKDB_PATH\') }}"}\n',
      'macros/generate_schema_name.sql':
        '{% macro generate_schema_name(custom_schema_name, node) %}{{ custom_schema_name or target.schema }}{% endmacro %}',
      'seeds/events.csv': 'event_id,amount,day\ne1,1.5,2026-01-05\ne2,2.5,2026-01-06\n',
      'models/sources.yml':
        'sources:\n  - name: raw\n    schema: "{{ var(\'raw_schema\') }}"\n    config:\n      loaded_at_field: day\n      freshness: {warn_after: {count: 1, period: day}}\n    tables: [{name: events}]\n',
      'models/fct_events.sql':
        "{{ config(materialized='incremental', unique_key='event_id', incremental_strategy='append') }}\nselect event_id, cast(amount as double) as amount, cast(day as date) as day from {{ source('raw', 'events') }}\n{% if is_incremental() %}where day > (select max(day) from {{ this }}){% endif %}\n",
      'models/fct_events.yml':
        'models:\n  - name: fct_events\n    config: {contract: {enforced: true}}\n    columns:\n      - {name: event_id, data_type: string, data_tests: [unique]}\n      - {name: amount, data_type: double}\n      - {name: day, data_type: date}\n',
      ...overrides,
    }),
  );
}

const validate = (files: Map<string, string>) =>
  validateDbtProject(filesFromMap(files), { root: '' });

describe('the build', () => {
  it('accepts a sound project', async () => {
    expect(await validate(miniProject())).toEqual([]);
  });

  it('finds the rows an append strategy loads twice on an incremental run', async () => {
    const problems = await validate(miniProject());
    expect(problems).toEqual([]);
    // The filter keeps the newest day: appending it again duplicates e2.
    const duplicated = await validate(
      miniProject({
        'models/fct_events.sql':
          "{{ config(materialized='incremental', unique_key='event_id', incremental_strategy='append') }}\nselect event_id, cast(amount as double) as amount, cast(day as date) as day from {{ source('raw', 'events') }}\n{% if is_incremental() %}where cast(day as date) >= (select max(day) from {{ this }}){% endif %}\n",
      }),
    );
    expect(duplicated.map((problem) => problem.message)).toEqual([
      'unique_fct_events_event_id failed (after an incremental run): 1 failing row',
    ]);
  });

  it('enforces contracts the way dbt compares them', async () => {
    const problems = await validate(
      miniProject({
        'models/fct_events.yml':
          'models:\n  - name: fct_events\n    config: {contract: {enforced: true}}\n    columns:\n      - {name: event_id, data_type: string}\n      - {name: amount, data_type: integer}\n      - {name: day, data_type: date}\n',
      }),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      'fct_events does not build on DuckDB: contract violated: amount is DOUBLE in the SQL but INTEGER in the contract',
    ]);
  });

  it('rejects the pre-1.10 spellings of tests and source freshness', async () => {
    const problems = await validate(
      miniProject({
        'models/sources.yml':
          'sources:\n  - name: raw\n    schema: "{{ var(\'raw_schema\') }}"\n    loaded_at_field: day\n    freshness: {warn_after: {count: 1, period: day}}\n    tables: [{name: events}]\n',
        'models/fct_events.yml':
          'models:\n  - name: fct_events\n    columns:\n      - name: event_id\n        data_tests:\n          - accepted_values:\n              values: [e1, e2]\n',
      }),
    );
    expect(problems.map((problem) => `${problem.path ?? ''}: ${problem.message}`).sort()).toEqual([
      'models/fct_events.yml: models[0].columns[0].data_tests[0].accepted_values.values: unknown field "values"',
      'models/sources.yml: sources[0].freshness: unknown field "freshness"',
      'models/sources.yml: sources[0].loaded_at_field: unknown field "loaded_at_field"',
    ]);
  });

  it('rejects an incremental strategy dbt-duckdb does not have', async () => {
    const problems = await validate(
      miniProject({
        'models/fct_events.sql':
          "{{ config(materialized='incremental', unique_key='event_id', incremental_strategy='insert_overwrite') }}\nselect event_id, cast(amount as double) as amount, cast(day as date) as day from {{ source('raw', 'events') }}\n",
      }),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      "fct_events does not build on DuckDB: incremental_strategy 'insert_overwrite' is not supported by dbt-duckdb (append, merge, delete+insert, microbatch)",
    ]);
  });

  it('rejects an undeclared source and an env_var outside the registry', async () => {
    const problems = await validateDbtProject(
      filesFromMap(
        miniProject({ 'models/fct_events.sql': "select * from {{ source('raw', 'clicks') }}\n" }),
      ),
      { root: '', environment: [] },
    );
    expect(problems.map((problem) => problem.message).sort()).toEqual([
      "env_var('DUCKDB_PATH') is not in the environment registry (.env.example)",
      "source('raw', 'clicks') is not declared in any sources: block",
    ]);
  });

  it('runs singular tests from tests/ and fails on the rows they return', async () => {
    const passing = await validate(
      miniProject({
        'tests/assert_amounts_are_positive.sql':
          "select * from {{ ref('fct_events') }} where amount <= 0\n",
      }),
    );
    expect(passing).toEqual([]);
    const failing = await validate(
      miniProject({
        'tests/assert_amounts_are_large.sql':
          "select * from {{ ref('fct_events') }} where amount < 2\n",
      }),
    );
    expect(failing).toEqual([
      {
        path: 'tests/assert_amounts_are_large.sql',
        message: 'assert_amounts_are_large failed: 1 failing row',
      },
    ]);
  });

  it('says when a missing macro may come from an uninstalled package', async () => {
    const problems = await validate(
      miniProject({
        'packages.yml':
          'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.3.0", "<2.0.0"]\n',
        'models/fct_events.sql':
          "select {{ dbt_utils.generate_surrogate_key(['event_id']) }} as event_key from {{ source('raw', 'events') }}\n",
      }),
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringMatching(
        /fct_events does not compile: .*dbt_utils.*\(the project declares dbt packages, which the validator does not install\)$/,
      ) as unknown as string,
    ]);
  });
});
