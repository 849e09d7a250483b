import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import avro from 'avsc';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerValue } from '../../../source/engine/skills/types.js';
import { buildProject } from '../../support/project.js';

/**
 * Runs the generated TypeScript clients (not just their text): the Avro single-object codec and the
 * JSON Schema codec round-trip every sample event and reject poison payloads, the Avro fingerprint
 * is the spec's CRC-64-AVRO, and the raw loader lands the samples in DuckDB idempotently. Kinesis
 * keeps the broker SDK out of the modules under test (codec, values, catalog, warehouse).
 */

const REPO = resolve(import.meta.dirname, '../../..');

type Value = string | number | boolean | null;
type Row = Record<string, Value>;
interface GeneratedEntity {
  name: string;
  key: string;
  fields: { name: string }[];
}
interface GeneratedCodec {
  encode(entity: GeneratedEntity, row: Row): Promise<Buffer>;
  decode(entity: GeneratedEntity, payload: Buffer): Promise<Row>;
}
interface CodecModule {
  Codec: new () => GeneratedCodec;
  DecodeError: new (message: string) => Error;
  fingerprint?: (type: avro.Type) => Buffer;
}
interface CatalogModule {
  ENTITIES: readonly GeneratedEntity[];
  samplePath(entity: GeneratedEntity): string;
}
interface WarehouseModule {
  RawLoader: new (path: string) => {
    ensureTables(): Promise<void>;
    load(
      items: readonly {
        entity: GeneratedEntity;
        row: Row | null;
        key: string;
        metadata: Record<string, Value>;
      }[],
    ): Promise<void>;
  };
}

let workspace: string;
const startDirectory = process.cwd();

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'skillchain-streaming-clients-'));
  await symlink(join(REPO, 'node_modules'), join(workspace, 'node_modules'));
});
afterAll(async () => {
  process.chdir(startDirectory);
  await rm(workspace, { recursive: true, force: true });
});

/** Writes the streaming/ folder of a project on Kinesis and returns its path. */
async function generatedStreaming(
  name: string,
  serialization: string,
  language = 'typescript',
): Promise<string> {
  const set: Record<string, AnswerValue> = {
    'streaming-data.broker': 'kinesis',
    'streaming-data.language': language,
    'streaming-data.serialization': serialization,
    'streaming-data.cdc': 'none',
    'project.maturity': 'advanced',
  };
  const project = await buildProject({
    goal: 'stream order events into the warehouse',
    set,
    skills: ['architecting-data', 'streaming-data'],
  });
  const root = join(workspace, name);
  for (const [path, contents] of project.files) {
    if (!path.startsWith('streaming/')) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return join(root, 'streaming');
}

/** The generated clients read schemas/ and samples/ relative to the streaming folder, as in their container. */
async function load<T>(streaming: string, module: string): Promise<T> {
  process.chdir(streaming);
  return (await import(join(streaming, 'clients', module))) as T;
}

async function samples(catalog: CatalogModule, entity: GeneratedEntity): Promise<Row[]> {
  const text = await readFile(catalog.samplePath(entity), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Row);
}

describe.each(['avro', 'json-schema'])('generated TypeScript clients (%s)', (serialization) => {
  let streaming: string;
  let codecModule: CodecModule;
  let catalog: CatalogModule;
  beforeAll(async () => {
    streaming = await generatedStreaming(serialization, serialization);
    catalog = await load<CatalogModule>(streaming, 'catalog.ts');
    codecModule = await load<CodecModule>(streaming, 'codec.ts');
  });

  it('round-trips every sample event through the codec', async () => {
    const codec = new codecModule.Codec();
    expect(catalog.ENTITIES.length).toBeGreaterThan(1);
    for (const entity of catalog.ENTITIES) {
      const rows = await samples(catalog, entity);
      expect(rows.length, entity.name).toBeGreaterThan(0);
      for (const row of rows) {
        const decoded = await codec.decode(entity, await codec.encode(entity, row));
        expect(decoded, entity.name).toEqual(row);
      }
    }
  });

  it('rejects a poison payload with a DecodeError', async () => {
    const codec = new codecModule.Codec();
    const entity = catalog.ENTITIES[0];
    if (!entity) throw new Error('no entity');
    const [row] = await samples(catalog, entity);
    if (!row) throw new Error('no sample');
    const payload = await codec.encode(entity, row);
    // Avro: truncated datum; JSON: the key replaced by an object the schema forbids.
    const poison =
      serialization === 'avro'
        ? payload.subarray(0, 11)
        : Buffer.from(JSON.stringify({ ...row, [entity.key]: { nested: true } }));
    await expect(codec.decode(entity, poison)).rejects.toBeInstanceOf(codecModule.DecodeError);
    await expect(codec.decode(entity, Buffer.from('not an event'))).rejects.toBeInstanceOf(
      codecModule.DecodeError,
    );
  });

  it('loads the samples into DuckDB idempotently', async () => {
    const warehouse = await load<WarehouseModule>(streaming, 'warehouse.ts');
    const path = join(streaming, '..', 'data', 'warehouse.duckdb');
    const loader = new warehouse.RawLoader(path);
    await loader.ensureTables();
    const expected = new Map<string, number>();
    for (let pass = 0; pass < 2; pass++) {
      for (const entity of catalog.ENTITIES) {
        const rows = await samples(catalog, entity);
        expected.set(entity.name, rows.length);
        await loader.load(
          rows.map((row, index) => ({
            entity,
            row,
            key: String(row[entity.key]),
            metadata: {
              source_topic: `${entity.name}-stream`,
              source_partition: null,
              source_offset: index,
            },
          })),
        );
      }
    }
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    try {
      for (const [name, count] of expected) {
        const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM raw.${name}`);
        expect(Number(reader.getRowObjects()[0]?.n), name).toBe(count);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('Avro single-object fingerprint', () => {
  it('is CRC-64-AVRO of the Parsing Canonical Form, little-endian (the spec test vector for "null")', async () => {
    const streaming = await generatedStreaming('fingerprint', 'avro');
    const { fingerprint } = await load<CodecModule>(streaming, 'codec.ts');
    if (!fingerprint) throw new Error('codec.ts exports no fingerprint');
    const expected = Buffer.alloc(8);
    // Avro's test vectors (share/test/data/schema-tests.txt): "null" → 7195948357588979594.
    expected.writeBigInt64LE(7195948357588979594n);
    expect(fingerprint(avro.Type.forSchema('null'))).toEqual(expected);
  });
});

describe('canonical values agree across client languages', () => {
  // 0, whole seconds, half a second, one microsecond past a millisecond boundary, one before the epoch.
  const MICROS = [0, 1_767_600_252_000_000, 1_767_600_252_500_000, 1_767_600_252_000_123, -1];
  const EXPECTED = [
    '1970-01-01T00:00:00Z',
    '2026-01-05T08:04:12Z',
    '2026-01-05T08:04:12.5Z',
    '2026-01-05T08:04:12.000123Z',
    '1969-12-31T23:59:59.999999Z',
  ];

  it('TypeScript: epoch microseconds to RFC 3339 with the shortest fraction', async () => {
    const streaming = await generatedStreaming('values-typescript', 'avro');
    const values = await load<{ fromMicros(micros: bigint): string }>(streaming, 'values.ts');
    expect(MICROS.map((micros) => values.fromMicros(BigInt(micros)))).toEqual(EXPECTED);
  });

  it('Java: the same timestamps (Values.toCanonical, compiled with the JDK alone)', async () => {
    const streaming = await generatedStreaming('values-java', 'avro', 'java');
    const [valuesFile] = await glob('clients/src/main/java/**/Values.java', {
      cwd: streaming,
      absolute: true,
    });
    if (!valuesFile) throw new Error('no Values.java');
    const clientsPackage = /^package ([\w.]+);/m.exec(await readFile(valuesFile, 'utf8'))?.[1];
    if (!clientsPackage) throw new Error('Values.java declares no package');
    const folder = dirname(valuesFile);
    await writeFile(
      join(streaming, 'Check.java'),
      `public class Check { public static void main(String[] args) { for (String arg : args) System.out.println(${clientsPackage}.Values.toCanonical("timestamp", Long.parseLong(arg))); } }`,
    );
    const javac = process.env.JAVAC ?? 'javac';
    const java = process.env.JAVA ?? 'java';
    const compiled = spawnSync(
      javac,
      [
        '-d',
        join(streaming, 'check-classes'),
        join(folder, 'Values.java'),
        join(folder, 'Catalog.java'),
        join(streaming, 'Check.java'),
      ],
      { encoding: 'utf8' },
    );
    if (compiled.error || compiled.status !== 0)
      throw new Error(
        `${javac} (apt-get install -y openjdk-17-jdk-headless, or set JAVAC) failed: ${compiled.error?.message ?? compiled.stderr}`,
      );
    const ran = spawnSync(
      java,
      ['-cp', join(streaming, 'check-classes'), 'Check', ...MICROS.map(String)],
      { encoding: 'utf8' },
    );
    if (ran.error || ran.status !== 0)
      throw new Error(`${java} failed: ${ran.error?.message ?? ran.stderr}`);
    expect(ran.stdout.trim().split('\n')).toEqual(EXPECTED);
  });

  it('Python: the same timestamps, and the sample events are already canonical', async () => {
    const streaming = await generatedStreaming('values-python', 'avro', 'python');
    const script = [
      'import json, sys',
      'from streaming.clients.catalog import ENTITIES',
      'from streaming.clients.values import to_canonical',
      'rows = {}',
      'for entity in ENTITIES:',
      '    samples = [json.loads(line) for line in entity.sample_path.read_text().splitlines()]',
      '    rows[entity.name] = [samples, [{f.name: to_canonical(f.type, row.get(f.name)) for f in entity.fields} for row in samples]]',
      `print(json.dumps({"timestamps": [to_canonical("timestamp", m) for m in ${JSON.stringify(MICROS)}], "rows": rows}))`,
    ].join('\n');
    const python = process.env.PYTHON3 ?? 'python3';
    const child = spawnSync(python, ['-c', script], { cwd: dirname(streaming), encoding: 'utf8' });
    if (child.error || child.status !== 0)
      throw new Error(
        `${python} (apt-get install -y python3, or set PYTHON3) failed: ${child.error?.message ?? child.stderr}`,
      );
    const result = JSON.parse(child.stdout) as {
      timestamps: string[];
      rows: Record<string, [Row[], Row[]]>;
    };
    expect(result.timestamps).toEqual(EXPECTED);
    expect(Object.keys(result.rows).length).toBeGreaterThan(1);
    for (const [name, [samples, canonical]] of Object.entries(result.rows))
      expect(canonical, name).toEqual(samples);
  });
});
