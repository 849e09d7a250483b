import { describe, expect, it } from 'vitest';
import {
  connectionsProblems,
  crontabSchedules,
  greatExpectationsProblems,
  pipelineConfigProblems,
  sodaProblems,
} from '../../../source/engine/validate/domain/transforms.js';
import type { ProjectModel } from '../../../source/engine/model/types.js';
import { buildProject } from '../../support/project.js';

/** Unit tests of the layer-3 checks of the orchestration part (source/engine/validate/domain/transforms.ts). */

async function model(): Promise<ProjectModel> {
  const { model: built } = await buildProject({
    goal: 'unit test pipeline',
    skills: ['architecting-data', 'transforming-data'],
    set: {
      'architecting-data.entities': ['customers', 'orders'],
      'transforming-data.schedule': '0 2 * * *',
    },
  });
  return built;
}

const PIPELINE = `
source: { kind: raw-tables, connection: warehouse }
destination: { connection: warehouse }
schedule: { cron: "0 2 * * *", timezone: UTC }
entities: [{ name: customers }, { name: orders }]
incremental: { strategy: merge }
quality: { framework: soda }
freshness: { slo_minutes: 60 }
`;

describe('pipeline.yaml', () => {
  it('accepts the full shape', async () => {
    expect(pipelineConfigProblems(PIPELINE, await model())).toEqual([]);
  });

  it('rejects a schedule that differs from the answer or is not cron', async () => {
    const built = await model();
    expect(
      pipelineConfigProblems(PIPELINE.replace('0 2 * * *', '0 3 * * *'), built).map(
        (problem) => problem.message,
      ),
    ).toEqual(['schedule "0 3 * * *" differs from the answer "0 2 * * *"']);
    expect(
      pipelineConfigProblems(PIPELINE.replace('0 2 * * *', '0 25 * * *'), built)[0]?.message,
    ).toMatch(/not a valid cron expression: hour: 25 is outside 0-23/);
  });

  it('rejects unknown entities, strategies and duplicate keys', async () => {
    const built = await model();
    const messages = pipelineConfigProblems(
      PIPELINE.replace('{ name: orders }', '{ name: invoices }').replace('merge', 'upsert'),
      built,
    ).map((problem) => problem.message);
    expect(messages).toEqual([
      'entities missing: orders',
      'entities not in the project: invoices',
      'incremental.strategy must be one of merge, append, delete+insert, insert-overwrite',
    ]);
    expect(pipelineConfigProblems(`${PIPELINE}source: {}\n`, built)[0]?.message).toMatch(/^YAML: /);
  });
});

describe('connections.yaml', () => {
  const declared = new Set(['DUCKDB_PATH', 'POSTGRES_PASSWORD']);

  it('accepts ${VAR} credentials declared in .env.example', () => {
    expect(
      connectionsProblems(
        'connections:\n  warehouse:\n    password: ${POSTGRES_PASSWORD}\n    port: 5432\n',
        declared,
      ),
    ).toEqual([]);
  });

  it('rejects an undeclared reference and a credential in clear, with the line', () => {
    const text = 'connections:\n  warehouse:\n    path: ${WAREHOUSE_FILE}\n    token: abc123\n';
    expect(connectionsProblems(text, declared)).toEqual([
      {
        path: 'config/connections.yaml',
        line: 3,
        message:
          'connections.warehouse.path references ${WAREHOUSE_FILE}, which .env.example does not declare',
      },
      {
        path: 'config/connections.yaml',
        line: 4,
        message:
          'connections.warehouse.token is a credential written in clear: use a ${VAR} reference',
      },
    ]);
  });
});

describe('crontab job lines', () => {
  it('skip comments and environment assignments, keep five fields or a macro', () => {
    const crontab =
      '# comment\nSHELL=/bin/bash\nMAILTO=""\n\n*/15 * * * * run.sh >> log 2>&1\n@daily other.sh\n';
    expect(crontabSchedules(crontab)).toEqual([
      { line: 5, expression: '*/15 * * * *' },
      { line: 6, expression: '@daily' },
    ]);
  });
});

describe('quality files', () => {
  const configuration = 'data_source warehouse:\n  type: duckdb\n  path: ${DUCKDB_PATH}\n';

  it('accept SodaCL checks', () => {
    const checks =
      'checks for fct_orders:\n  - row_count > 0\n  - duplicate_count(order_id) = 0\n  - invalid_count(status) = 0:\n      valid values: [a, b]\n  - schema:\n      fail:\n        when required column missing: [order_id]\n';
    expect(sodaProblems(checks, configuration)).toEqual([]);
  });

  it('reject a section that is not "checks for", an unknown check and a clear password', () => {
    const messages = sodaProblems(
      'orders:\n  - row_count > 0\nchecks for fct_orders:\n  - looks_fine\n',
      'data_source warehouse:\n  type: postgres\n  password: secret\n',
    ).map((problem) => problem.message);
    expect(messages).toEqual([
      '"orders" is not a SodaCL "checks for <table>" section',
      'checks for fct_orders: "looks_fine" is not a SodaCL check',
      'data_source warehouse.password is a credential written in clear',
    ]);
  });

  it('accept the GX Core 1.x chain and reject the 0.18 API', () => {
    const modern = [
      'context = gx.get_context(mode="ephemeral")',
      'source = context.data_sources.add_pandas(name="w")',
      'batch = source.add_dataframe_asset(name="t").add_batch_definition_whole_dataframe("b")',
      'suite = context.suites.add(gx.ExpectationSuite(name="s"))',
      'validation = gx.ValidationDefinition(name="v", data=batch, suite=suite)',
      'checkpoint = gx.Checkpoint(name="c", validation_definitions=[validation])',
    ].join('\n');
    expect(greatExpectationsProblems(modern)).toEqual([]);
    const legacy = `${modern}\nvalidator = context.get_validator(batch_request=request)\nvalidator.expect_column_values_to_be_unique(column="id")\n`;
    expect(greatExpectationsProblems(legacy).map((problem) => problem.message)).toEqual([
      'uses the legacy API: get_validator() (0.18)',
      'uses the legacy API: validator.expect_*() calls (0.18; now gxe.Expect* classes)',
    ]);
  });
});
