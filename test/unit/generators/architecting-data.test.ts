import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { architectingDataGenerator } from '../../../generators/architecting-data/index.js';
import {
  constraintName,
  quoteIdentifier,
  sqlComment,
  stringLiteral,
} from '../../../generators/architecting-data/ddl/dialect.js';
import { dependencyOrder, rawTables } from '../../../generators/architecting-data/raw-tables.js';
import type { AnswerValue } from '../../../source/engine/skills/types.js';
import {
  checkDuckdbDdl,
  checkErd,
  checkLineage,
  parseErDiagram,
} from '../../../source/engine/validate/domain/architecture.js';
import { filesFromMap } from '../../../source/engine/validate/domain/types.js';
import { buildProject } from '../../support/project.js';

const SKILL = 'architecting-data';
const ALL_SKILLS = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

/** The architecture files of a project built from answers (architecting-data alone unless `skills` says otherwise). */
async function architecture(set: Record<string, AnswerValue>, skills: string[] = [SKILL]) {
  const project = await buildProject({ goal: 'design the data architecture', set, skills });
  const files = new Map([...project.files].filter(([path]) => path.startsWith('architecture/')));
  const read = (path: string) => {
    const text = files.get(path);
    if (text === undefined)
      throw new Error(`${path} was not generated (have: ${[...files.keys()].join(', ')})`);
    return text;
  };
  return { ...project, architectureFiles: files, read };
}

describe('raw tables', () => {
  it('orders tables so that every referenced table comes first, whatever the answered order', async () => {
    const { model } = await architecture({
      'architecting-data.entities': ['order_items', 'orders', 'products', 'customers'],
    });
    expect(dependencyOrder(model.entities).map((entity) => entity.name)).toEqual([
      'products',
      'customers',
      'orders',
      'order_items',
    ]);
    const tables = rawTables(model);
    expect(
      tables.find((table) => table.name === 'order_items')?.foreignKeys.map((key) => key.entity),
    ).toEqual(['orders', 'products']);
    expect(tables.flatMap((table) => table.deferredForeignKeys)).toEqual([]);
  });

  it('partitions facts by the event time, the load time, or not at all; never dimensions', async () => {
    const partitionOf = async (partitioning: string) => {
      const { model } = await architecture({
        'architecting-data.entities': ['customers', 'orders'],
        'architecting-data.partitioning': partitioning,
      });
      return Object.fromEntries(
        rawTables(model).map((table) => [table.name, table.partitionColumn]),
      );
    };
    expect(await partitionOf('event-date')).toEqual({ customers: null, orders: 'ordered_at' });
    expect(await partitionOf('ingestion-date')).toEqual({ customers: null, orders: '_loaded_at' });
    expect(await partitionOf('none')).toEqual({ customers: null, orders: null });
  });

  it('adds topic coordinates with streaming and change-data-capture columns with CDC', async () => {
    const metadataOf = async (set: Record<string, AnswerValue>, skills: string[]) => {
      const { model } = await architecture(set, skills);
      return rawTables(model)[0]
        ?.columns.filter((column) => column.isMetadata)
        .map((column) => column.name);
    };
    expect(await metadataOf({}, [SKILL])).toEqual(['_loaded_at']);
    expect(
      await metadataOf({ 'streaming-data.broker': 'kafka', 'streaming-data.cdc': 'none' }, [
        SKILL,
        'streaming-data',
      ]),
    ).toEqual(['_loaded_at', '_source_topic', '_source_partition', '_source_offset']);
    expect(
      await metadataOf(
        { 'streaming-data.broker': 'kafka', 'streaming-data.cdc': 'debezium-postgres' },
        [SKILL, 'streaming-data'],
      ),
    ).toContain('_cdc_operation');
  });
});

describe('dialect syntax', () => {
  it('quotes reserved words with the quote character of each dialect', () => {
    expect(quoteIdentifier('postgres', 'order')).toBe('"order"');
    expect(quoteIdentifier('snowflake', 'user')).toBe('"user"');
    expect(quoteIdentifier('bigquery', 'order')).toBe('`order`');
    expect(quoteIdentifier('databricks', 'values')).toBe('`values`');
    expect(quoteIdentifier('duckdb', 'page_views')).toBe('page_views');
  });

  it('escapes string literals the way each dialect reads them', () => {
    expect(stringLiteral('postgres', "A customer's account")).toBe("'A customer''s account'");
    expect(stringLiteral('bigquery', "A customer's account")).toBe("'A customer\\'s account'");
    expect(stringLiteral('databricks', 'C:\\path')).toBe("'C:\\\\path'");
    expect(stringLiteral('snowflake', "it's \\ here")).toBe("'it''s \\\\ here'");
  });

  it('keeps constraint names within 63 bytes and wraps comments', () => {
    expect(constraintName('a'.repeat(70), 'pkey')).toHaveLength(63);
    expect(constraintName('a'.repeat(70), 'pkey').endsWith('_pkey')).toBe(true);
    const comment = sqlComment('word '.repeat(60), '  indented list item stays whole');
    expect(comment.every((line) => line.startsWith('--') && line.length <= 110)).toBe(true);
    expect(comment.at(-1)).toBe('--  indented list item stays whole');
  });
});

describe('every option produces its files', () => {
  it.each(['snowflake', 'bigquery', 'redshift', 'databricks', 'postgres', 'duckdb'])(
    'warehouse %s: its DDL folder, the local DuckDB one and its access control',
    async (warehouse) => {
      const { architectureFiles } = await architecture({
        'architecting-data.warehouse': warehouse,
        'project.cloud': warehouse === 'bigquery' ? 'gcp' : 'aws',
      });
      const folders = new Set(
        [...architectureFiles.keys()]
          .filter((path) => path.startsWith('architecture/ddl/') && path.endsWith('.sql'))
          .map((path) => path.split('/')[2]),
      );
      expect([...folders].sort()).toEqual(
        warehouse === 'duckdb' ? ['duckdb'] : [warehouse, 'duckdb'].sort(),
      );
      const access = [...architectureFiles.keys()].filter((path) =>
        /\/9\d_[a-z_]+\.sql$/.test(path),
      );
      expect(access).toEqual(
        warehouse === 'duckdb'
          ? []
          : warehouse === 'redshift'
            ? [
                'architecture/ddl/redshift/90_roles.sql',
                'architecture/ddl/redshift/91_access_control.sql',
              ]
            : [`architecture/ddl/${warehouse}/90_access_control.sql`],
      );
      expect(architectureFiles.has('architecture/ddl/render_sql.py')).toBe(
        warehouse === 'bigquery' || warehouse === 'databricks',
      );
    },
  );

  it('Snowflake: Iceberg tables on an external volume for an Iceberg lakehouse, standard tables otherwise', async () => {
    const iceberg = await architecture({
      'architecting-data.warehouse': 'snowflake',
      'architecting-data.storage': 'lakehouse',
      'architecting-data.table_format': 'iceberg',
    });
    const orders = iceberg.read('architecture/ddl/snowflake/11_raw_orders.sql');
    expect(orders).toMatch(/^CREATE ICEBERG TABLE IF NOT EXISTS raw\.orders \(/m);
    expect(orders).toMatch(/^EXTERNAL_VOLUME = '[A-Z_]+_LAKE'$/m);
    expect(orders).toContain('timestamp_ltz(6)');
    expect(orders).not.toContain('DEFAULT CURRENT_TIMESTAMP()');
    const delta = await architecture({
      'architecting-data.warehouse': 'snowflake',
      'architecting-data.storage': 'lakehouse',
      'architecting-data.table_format': 'delta',
    });
    expect(delta.read('architecture/ddl/snowflake/11_raw_orders.sql')).toMatch(
      /^CREATE TABLE IF NOT EXISTS raw\.orders \(/m,
    );
    expect(delta.read('architecture/ddl/snowflake/11_raw_orders.sql')).toMatch(
      /^CLUSTER BY \(TO_DATE\(ordered_at\), customer_id\)$/m,
    );
  });

  it('BigQuery: day partitions and clustering, or BigLake Iceberg tables that only cluster', async () => {
    const native = await architecture({
      'architecting-data.warehouse': 'bigquery',
      'project.cloud': 'gcp',
    });
    const orders = native.read('architecture/ddl/bigquery/11_raw_orders.sql');
    expect(orders).toMatch(/^PARTITION BY DATE\(ordered_at\)$/m);
    expect(orders).toMatch(/PRIMARY KEY \(order_id\) NOT ENFORCED/);
    expect(orders).toMatch(
      /FOREIGN KEY \(customer_id\) REFERENCES raw\.customers \(customer_id\) NOT ENFORCED/,
    );
    const lake = await architecture({
      'architecting-data.warehouse': 'bigquery',
      'project.cloud': 'gcp',
      'architecting-data.storage': 'lake',
      'architecting-data.table_format': 'iceberg',
    });
    const icebergOrders = lake.read('architecture/ddl/bigquery/11_raw_orders.sql');
    expect(icebergOrders).toContain('WITH CONNECTION DEFAULT');
    expect(icebergOrders).toContain("table_format = 'ICEBERG'");
    expect(icebergOrders).not.toMatch(/^PARTITION BY/m);
    expect(lake.read('architecture/ddl/bigquery/90_access_control.sql')).toContain(
      '"serviceAccount:analyst@${GCP_PROJECT_ID}.iam.gserviceaccount.com"',
    );
  });

  it.each([
    ['delta', /^USING DELTA$/m, /^CLUSTER BY \(ordered_at, customer_id\)$/m],
    ['iceberg', /^USING ICEBERG$/m, /^PARTITIONED BY \(ordered_at, customer_id\)$/m],
    ['hudi', /^USING DELTA$/m, /Apache XTable/],
  ])(
    'Databricks with %s: the format Unity Catalog manages, clustered',
    async (format, using, layout) => {
      const { read } = await architecture({
        'architecting-data.warehouse': 'databricks',
        'architecting-data.storage': 'lakehouse',
        'architecting-data.table_format': format,
      });
      const orders = read('architecture/ddl/databricks/11_raw_orders.sql');
      expect(orders).toMatch(using);
      expect(orders).toMatch(layout);
      expect(orders).toContain('USE CATALOG `${DATABRICKS_CATALOG}`;');
    },
  );

  it('Redshift: facts distributed on their dimension key and sorted on the partition column', async () => {
    const { read } = await architecture({
      'architecting-data.warehouse': 'redshift',
      'project.cloud': 'aws',
    });
    const orders = read('architecture/ddl/redshift/11_raw_orders.sql');
    expect(orders).toMatch(/^DISTKEY \(customer_id\)$/m);
    expect(orders).toMatch(/^COMPOUND SORTKEY \(ordered_at\);$/m);
    expect(read('architecture/ddl/redshift/10_raw_customers.sql')).toMatch(
      /^DISTKEY \(customer_id\)$/m,
    );
  });

  it.each([
    ['event-date', 'ordered_at', true],
    ['ingestion-date', '_loaded_at', true],
    ['none', null, false],
  ] as const)('PostgreSQL with partitioning %s', async (partitioning, column, hasMaintenance) => {
    const { read, architectureFiles } = await architecture({
      'architecting-data.warehouse': 'postgres',
      'architecting-data.partitioning': partitioning,
    });
    const orders = read('architecture/ddl/postgres/11_raw_orders.sql');
    if (column) {
      expect(orders).toMatch(new RegExp(`^\\) PARTITION BY RANGE \\(${column}\\);$`, 'm'));
      expect(orders).toMatch(new RegExp(`PRIMARY KEY \\(order_id, ${column}\\)`));
      expect(orders).toMatch(/PARTITION OF raw\.orders DEFAULT;/);
    } else {
      expect(orders).not.toContain('PARTITION BY');
      expect(orders).toMatch(/PRIMARY KEY \(order_id\)/);
    }
    expect(architectureFiles.has('architecture/ddl/postgres/01_partition_maintenance.sql')).toBe(
      hasMaintenance,
    );
    expect(read('architecture/ddl/postgres/10_raw_customers.sql')).not.toContain('PARTITION BY');
  });

  it('uses daily PostgreSQL partitions at large volume, monthly otherwise', async () => {
    const large = await architecture({
      'architecting-data.warehouse': 'postgres',
      'project.volume': 'large',
    });
    expect(large.read('architecture/ddl/postgres/11_raw_orders.sql')).toContain("'day', 3, 14);");
    const small = await architecture({
      'architecting-data.warehouse': 'postgres',
      'project.volume': 'small',
    });
    expect(small.read('architecture/ddl/postgres/11_raw_orders.sql')).toContain("'month', 1, 3);");
  });

  it.each([
    ['dimensional', ['`dim_customers`', '`fct_orders`', '`agg_orders_daily`']],
    ['data-vault', ['`hub_customer`', '`link_order`', '`sat_order`']],
    ['3nf', ['`core_customers`', '`core_orders`']],
    ['one-big-table', ['`obt_orders`']],
  ])('modeling %s names its marts in the README and the ADR', async (modeling, marts) => {
    const { read } = await architecture({
      'architecting-data.modeling': modeling,
      'architecting-data.entities': ['customers', 'orders'],
    });
    for (const mart of marts) {
      expect(read('architecture/README.md')).toContain(mart);
      expect(read('architecture/decisions/0002-modeling.md')).toContain(mart);
    }
  });

  it.each([
    ['warehouse', false],
    ['lake', true],
    ['lakehouse', true],
  ])(
    'storage %s: a table-format decision record only for lakes and lakehouses',
    async (storage, hasRecord) => {
      const { architectureFiles } = await architecture({
        'architecting-data.storage': storage,
        'architecting-data.warehouse': 'databricks',
      });
      expect(architectureFiles.has('architecture/decisions/0004-table-format.md')).toBe(hasRecord);
      expect(architectureFiles.get('architecture/README.md')?.includes('## Table format')).toBe(
        hasRecord,
      );
    },
  );
});

describe('integration', () => {
  it('quotes entity names that are SQL keywords, and the local DDL still runs', async () => {
    const { model, architectureFiles } = await architecture({
      'architecting-data.entities': ['user', 'order'],
      'architecting-data.warehouse': 'postgres',
    });
    expect(architectureFiles.get('architecture/ddl/duckdb/10_raw_user.sql')).toContain(
      'CREATE TABLE IF NOT EXISTS raw."user" (',
    );
    expect(await checkDuckdbDdl(filesFromMap(architectureFiles), model)).toEqual([]);
    expect(checkErd(architectureFiles.get('architecture/erd.mmd') ?? '', model)).toEqual([]);
    expect(checkLineage(architectureFiles.get('architecture/lineage.md') ?? '', model)).toEqual([]);
  });

  it('references only environment variables of the registry', async () => {
    for (const warehouse of ['bigquery', 'databricks', 'snowflake']) {
      const { model, architectureFiles } = await architecture({
        'architecting-data.warehouse': warehouse,
        'project.cloud': warehouse === 'bigquery' ? 'gcp' : 'aws',
      });
      const declared = new Set(model.env.map((variable) => variable.name));
      const used = [...architectureFiles.values()].flatMap((text) =>
        [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)].map((match) => match[1] ?? ''),
      );
      expect(used.filter((name) => !declared.has(name))).toEqual([]);
    }
  });

  it('contributes the make targets that apply the DDL, per warehouse', async () => {
    const duckdb = await architecture({ 'architecting-data.warehouse': 'duckdb' });
    expect(
      architectingDataGenerator
        .contributions?.(duckdb.model)
        .makeTargets?.map((target) => target.name),
    ).toEqual(['ddl-local']);
    const postgres = await architecture({ 'architecting-data.warehouse': 'postgres' });
    const targets = architectingDataGenerator.contributions?.(postgres.model).makeTargets ?? [];
    expect(targets.map((target) => target.name)).toEqual([
      'ddl-local',
      'ddl-warehouse',
      'ddl-access',
    ]);
    expect(targets[1]?.commands.join('\n')).toContain('architecture/ddl/postgres/[0-8]*.sql');
    expect(postgres.files.get('Makefile')).toMatch(/^ddl-warehouse: env ## /m);
    expect(
      architectingDataGenerator
        .contributions?.(postgres.model)
        .runbook?.map((entry) => entry.title),
    ).toContain('Rows in a default partition');
  });

  it('is deterministic: the same answers give byte-identical files', async () => {
    const set = {
      'architecting-data.warehouse': 'bigquery',
      'project.cloud': 'gcp',
      'architecting-data.storage': 'lakehouse',
    };
    const first = await architecture(set, ALL_SKILLS);
    const second = await architecture(set, ALL_SKILLS);
    expect([...second.architectureFiles]).toEqual([...first.architectureFiles]);
  });

  it('writes Python scripts that compile (python3 -m py_compile)', async () => {
    const { architectureFiles } = await architecture({
      'architecting-data.warehouse': 'bigquery',
      'project.cloud': 'gcp',
    });
    const folder = await mkdtemp(join(tmpdir(), 'skillchain-architecture-py-'));
    try {
      const scripts = [...architectureFiles].filter(([path]) => path.endsWith('.py'));
      expect(scripts.map(([path]) => path).sort()).toEqual([
        'architecture/ddl/apply_local.py',
        'architecture/ddl/render_sql.py',
      ]);
      for (const [path, text] of scripts) {
        const file = join(folder, path.replaceAll('/', '_'));
        await writeFile(file, text);
        await promisify(execFile)('python3', ['-m', 'py_compile', file]).catch((error: unknown) => {
          throw new Error(
            `python3 -m py_compile ${path} failed (is python3 installed?): ${String(error)}`,
          );
        });
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('render_sql.py', () => {
  it('substitutes the environment references of the BigQuery DDL and refuses unset ones', async () => {
    const { architectureFiles } = await architecture({
      'architecting-data.warehouse': 'bigquery',
      'project.cloud': 'gcp',
    });
    const folder = await mkdtemp(join(tmpdir(), 'skillchain-render-sql-'));
    try {
      const script = join(folder, 'render_sql.py');
      const sql = join(folder, 'access.sql');
      await writeFile(script, architectureFiles.get('architecture/ddl/render_sql.py') ?? '');
      await writeFile(
        sql,
        architectureFiles.get('architecture/ddl/bigquery/90_access_control.sql') ?? '',
      );
      const run = promisify(execFile);
      const { stdout } = await run('python3', [script, sql], {
        env: { ...process.env, GCP_PROJECT_ID: 'acme-data-prod' },
      });
      expect(stdout).toContain('"serviceAccount:analyst@acme-data-prod.iam.gserviceaccount.com"');
      expect(stdout).not.toContain('${');
      const environment = { ...process.env };
      delete environment.GCP_PROJECT_ID;
      const failure = await run('python3', [script, sql], { env: environment }).then(
        () => null,
        (error: unknown) => error as { code: number; stderr: string },
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain('set GCP_PROJECT_ID');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe('ER diagram parser', () => {
  it('reads front matter, comments, identifying and non-identifying relationships and bare entities', () => {
    const { diagram, errors } = parseErDiagram(
      [
        '---',
        'title: Shop',
        '---',
        'erDiagram',
        '    %% a comment',
        '    direction LR',
        '    customers {',
        '        string customer_id PK "Key"',
        '        string account_id FK, UK',
        '    }',
        '    accounts',
        '    customers |o..o{ accounts : holds',
        '    customers ||--|{ orders : "places"',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect([...diagram.entities.keys()]).toEqual(['customers', 'accounts', 'orders']);
    expect(
      diagram.entities
        .get('customers')
        ?.attributes.map((attribute) => [attribute.name, attribute.keys]),
    ).toEqual([
      ['customer_id', ['PK']],
      ['account_id', ['FK', 'UK']],
    ]);
    expect(
      diagram.relationships.map((item) => [
        item.left,
        item.leftCardinality,
        item.rightCardinality,
        item.right,
        item.isIdentifying,
        item.label,
      ]),
    ).toEqual([
      ['customers', '|o', 'o{', 'accounts', false, 'holds'],
      ['customers', '||', '|{', 'orders', true, 'places'],
    ]);
  });

  it('reports a missing header, an unclosed block and an unknown statement with their lines', () => {
    expect(parseErDiagram('flowchart LR\n  a --> b').errors).toEqual([
      { line: 1, message: 'expected "erDiagram" as the first statement, found "flowchart LR"' },
    ]);
    expect(parseErDiagram('erDiagram\n  a {\n    string id PK\n').errors).toEqual([
      { line: 2, message: 'the attribute block of a is never closed' },
    ]);
    expect(parseErDiagram('erDiagram\n  a ||--o{ b\n').errors.map((error) => error.line)).toEqual([
      2,
    ]);
  });
});

describe('the load contract in the raw DDL follows the loader of each engine', () => {
  const clickstream = (warehouse: string) =>
    buildProject({
      goal: 'stream clickstream events from kafka into the warehouse and model them with dbt',
      skills: ['architecting-data', 'streaming-data', 'transforming-data'],
      set: {
        'architecting-data.warehouse': warehouse,
        'project.cloud': warehouse === 'bigquery' ? 'gcp' : 'aws',
        'streaming-data.broker': 'kafka',
        'architecting-data.entities': ['users', 'sessions', 'page_views'],
      },
    });
  const rawDdl = (files: Map<string, string>, engine: string) =>
    [...files]
      .filter(
        ([path]) => path.startsWith(`architecture/ddl/${engine}/`) && path.includes('page_views'),
      )
      .map(([, text]) => text)
      .join('\n')
      .replaceAll(/\n-- /g, ' ');

  it('Snowflake: the sink does not deduplicate by key and leaves the topic coordinates null', async () => {
    const { files } = await clickstream('snowflake');
    const snowflake = rawDdl(files, 'snowflake');
    expect(snowflake).not.toContain('holds each event once');
    expect(snowflake).toContain('does not deduplicate by page_view_id');
    expect(snowflake).toContain('Staging keeps the first delivery per page_view_id');
    expect(snowflake).toContain('_source_offset stay null in this table');
    // The sink connector writes no coordinates: it has none configured to write.
    const sink = files.get('streaming/connect/snowflake-sink.json') ?? '';
    expect(sink).not.toMatch(/_source_(topic|partition|offset)/);
    // Locally the raw loader skips redeliveries and fills the coordinates.
    const duckdb = rawDdl(files, 'duckdb');
    expect(duckdb).toContain('holds each event once');
    expect(duckdb).not.toContain('stay null');
  });

  it('BigQuery appends, PostgreSQL upserts on the key', async () => {
    const bigquery = rawDdl((await clickstream('bigquery')).files, 'bigquery');
    expect(bigquery).toContain('the sink appends every record it receives');
    expect(bigquery).not.toContain('holds each event once');
    const postgres = rawDdl((await clickstream('postgres')).files, 'postgres');
    expect(postgres).toContain('The sink upserts on page_view_id');
  });
});
