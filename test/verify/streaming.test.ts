import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loaderMetadataParameters,
  loaderStatements,
} from '../../generators/streaming-data/loader-sql.js';
import { planStreaming } from '../../generators/streaming-data/plan.js';
import { canonicalRows } from '../../generators/streaming-data/samples.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import {
  checkAvroSchema,
  checkConnector,
  checkJsonSchema,
  checkProducerProperties,
  checkProtobufSchema,
  checkSinkTopics,
  checkTopics,
  streamingChecks,
} from '../../source/engine/validate/domain/streaming.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix } from './matrix.js';

/**
 * Verification of streaming-data over the matrix. Every entry with the skill passes the layer-3
 * streaming checks and holds its outputs and deliverables; the generated code passes the best
 * syntax check available without its dependencies:
 *
 * - Python: `python3 -m py_compile` (syntax, no imports resolved);
 * - TypeScript: parse diagnostics of every file, and a full type check (real @duckdb/node-api, avsc
 *   and ajv types) of the modules that import nothing else from npm;
 * - Java: javac's parser on every file (syntax only: no symbol is resolved), and a real `javac
 *   -Xlint:all` compile of the classes that import only the JDK and the project's own packages;
 * - Go: `gofmt -l -e` (the Go parser, and gofmt formatting) and `go mod edit -json` on go.mod;
 * - shell: shellcheck; Protobuf: protoc compiles every schema; pom.xml: well-formed XML;
 * - SQL: the raw loader's DuckDB statements run on the raw tables of architecture/ddl/duckdb (or
 *   their own definition), twice, and stay idempotent.
 *
 * Programs come from PATH or an environment variable (SHELLCHECK, PROTOC, JAVA, JAVAC, GOFMT, GO,
 * PYTHON3); a missing one fails with the package to install. Each broken fixture under
 * test/fixtures/streaming/ is rejected by its validator.
 */

const REPO = resolve(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, '../fixtures/streaming');

const projects = await Promise.all(
  matrix().map(async (entry) => ({ entry, built: await buildProject(entry) })),
);
const withStreaming = projects.filter(({ built }) => built.model.flags.hasStreaming);

interface Tool {
  name: string;
  variable: string;
  install: string;
}

const TOOLS = {
  python3: { name: 'python3', variable: 'PYTHON3', install: 'apt-get install -y python3' },
  shellcheck: {
    name: 'shellcheck',
    variable: 'SHELLCHECK',
    install: 'apt-get install -y shellcheck',
  },
  protoc: {
    name: 'protoc',
    variable: 'PROTOC',
    install: 'apt-get install -y protobuf-compiler libprotobuf-dev',
  },
  java: { name: 'java', variable: 'JAVA', install: 'apt-get install -y openjdk-17-jdk-headless' },
  javac: {
    name: 'javac',
    variable: 'JAVAC',
    install: 'apt-get install -y openjdk-17-jdk-headless',
  },
  gofmt: { name: 'gofmt', variable: 'GOFMT', install: 'apt-get install -y golang-go' },
  go: { name: 'go', variable: 'GO', install: 'apt-get install -y golang-go' },
} satisfies Record<string, Tool>;

/** A program from its variable or PATH; missing is an error naming the package, never a skip. */
function program(tool: Tool): string {
  const fromEnvironment = process.env[tool.variable];
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment))
      throw new Error(`${tool.variable}=${fromEnvironment} does not exist (${tool.install})`);
    return fromEnvironment;
  }
  for (const folder of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, tool.name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(
    `${tool.name} not found: set ${tool.variable} or put it on PATH (${tool.install})`,
  );
}

interface Result {
  exitCode: number;
  output: string;
}

function run(tool: Tool, args: readonly string[], cwd: string): Promise<Result> {
  const command = program(tool);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => {
      reject(error);
    });
    child.on('close', (code) => {
      resolvePromise({ exitCode: code ?? 1, output: output.trim() });
    });
  });
}

/** javac's parser over the given files: syntax errors only, no symbol resolution. */
const PARSE_CHECK = `
import com.sun.source.util.JavacTask;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.tools.*;

public class ParseCheck {
  public static void main(String[] args) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, files.getJavaFileObjects(args));
      task.parse();
    }
    int errors = 0;
    for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        errors++;
        System.out.println(diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": " + diagnostic.getMessage(Locale.ROOT));
      }
    }
    System.exit(errors == 0 ? 0 : 1);
  }
}
`;

let workspace: string;
let parseCheck: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'skillchain-streaming-'));
  parseCheck = join(workspace, 'ParseCheck.java');
  await writeFile(parseCheck, PARSE_CHECK);
  // Generated TypeScript resolves npm packages from here (the repository's node_modules).
  await symlink(join(REPO, 'node_modules'), join(workspace, 'node_modules'));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** Writes the streaming/ files of a project into the workspace; returns the project root. */
async function writeStreaming(files: ReadonlyMap<string, string>, name: string): Promise<string> {
  const root = join(workspace, name);
  for (const [path, contents] of files) {
    if (!path.startsWith('streaming/')) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

const streamingPaths = (files: ReadonlyMap<string, string>, pattern: RegExp) =>
  [...files.keys()].filter((path) => path.startsWith('streaming/') && pattern.test(path));

/** TypeScript parse diagnostics (transpileModule reports syntax errors only). */
function typescriptSyntax(path: string, text: string): string[] {
  const result = ts.transpileModule(text, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.NodeNext, target: ts.ScriptTarget.ES2023 },
  });
  return (result.diagnostics ?? []).map(
    (diagnostic) => `${path}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
  );
}

const CHECKABLE_PACKAGES = new Set(['@duckdb/node-api', 'avsc', 'ajv/dist/2020.js', 'ajv-formats']);

/**
 * Type-checks, with the real types, the generated TypeScript modules whose imports (transitively)
 * are node built-ins, each other, or the npm packages this repository has installed.
 */
function typescriptTypeCheck(
  root: string,
  paths: readonly string[],
): { checked: string[]; problems: string[] } {
  const absolute = paths.map((path) => join(root, path));
  const memo = new Map<string, boolean>();
  const checkable = (file: string): boolean => {
    const known = memo.get(file);
    if (known !== undefined) return known;
    memo.set(file, true);
    const source = ts.sys.readFile(file) ?? '';
    const imports = ts
      .preProcessFile(source, true, true)
      .importedFiles.map((item) => item.fileName);
    const result = imports.every((specifier) => {
      if (specifier.startsWith('node:') || CHECKABLE_PACKAGES.has(specifier)) return true;
      if (!specifier.startsWith('.')) return false;
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
      return existsSync(target) && checkable(target);
    });
    memo.set(file, result);
    return result;
  };
  const roots = absolute.filter(checkable);
  const programInstance = ts.createProgram({
    rootNames: roots,
    options: {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules/@types')],
    },
  });
  const problems = ts.getPreEmitDiagnostics(programInstance).map((diagnostic) => {
    const where = diagnostic.file
      ? `${diagnostic.file.fileName.slice(root.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}`
      : '';
    return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
  return { checked: roots.map((file) => file.slice(root.length + 1)), problems };
}

describe('external programs', () => {
  it.each(Object.values(TOOLS))('$name is available ($variable or PATH)', (tool) => {
    expect(program(tool)).toMatch(new RegExp(`${tool.name}$`));
  });
});

describe('the matrix covers the streaming options', () => {
  it('has streaming entries for every broker, serialization, language, processor and CDC answer', () => {
    const seen = (pick: (model: (typeof withStreaming)[number]['built']['model']) => string) =>
      new Set(withStreaming.map(({ built }) => pick(built.model)));
    expect(seen((model) => model.streaming.broker)).toEqual(
      new Set(['kafka', 'redpanda', 'kinesis', 'pubsub', 'pulsar']),
    );
    expect(seen((model) => model.streaming.serialization)).toEqual(
      new Set(['avro', 'protobuf', 'json-schema']),
    );
    expect(seen((model) => model.streaming.language)).toEqual(
      new Set(['python', 'typescript', 'java', 'go']),
    );
    expect(seen((model) => model.streaming.processor)).toEqual(
      new Set(['none', 'flink', 'spark-structured-streaming', 'kafka-streams', 'ksqldb']),
    );
    expect(seen((model) => model.streaming.cdc)).toEqual(
      new Set(['none', 'debezium-postgres', 'debezium-mysql']),
    );
  });
});

// javac and the TypeScript program start cold for every entry: more room than the default, no timing assertion.
describe.each(withStreaming)('$entry.id', { timeout: 300_000 }, ({ entry, built }) => {
  const { model, files } = built;

  it('passes the layer-3 streaming checks', async () => {
    const problems: string[] = [];
    for (const check of streamingChecks) {
      if (!check.appliesTo(model)) continue;
      for (const problem of await check.run(filesFromMap(files), model))
        problems.push(`${check.id}: ${problem.path ?? ''} ${problem.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('holds every streaming-data output and fulfils the streaming deliverables', async () => {
    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    if (!blueprint) throw new Error('the data-pipeline blueprint is missing');
    const context = {
      catalogue: data.catalogue,
      chain: model.chain,
      answers: selectAnswers(built.state),
      maturity: model.maturity,
      files: filesFromMap(files),
    };
    const outputs = evaluateOutputs(context).filter((output) => output.skill === 'streaming-data');
    expect(outputs.length).toBeGreaterThan(8);
    expect(outputs.filter((output) => output.status !== 'present')).toEqual([]);
    const deliverables = evaluateDeliverables({ ...context, blueprint }).filter(
      (deliverable) => deliverable.skill === 'streaming-data',
    );
    expect(
      deliverables.filter(
        (deliverable) => deliverable.status !== 'fulfilled' && deliverable.status !== 'skipped',
      ),
    ).toEqual([]);
    if (model.flags.isAtLeast('intermediate')) {
      expect(
        deliverables
          .filter((deliverable) => deliverable.status === 'fulfilled')
          .map((deliverable) => deliverable.id),
      ).toEqual(
        expect.arrayContaining(['topics-client-config', 'producer', 'consumer', 'event-schemas']),
      );
    }
  });

  it('Python files compile', async () => {
    const python = streamingPaths(files, /\.py$/);
    if (model.streaming.language === 'python')
      expect(python).toContain('streaming/consumers/load_events.py');
    if (python.length === 0) return;
    const root = await writeStreaming(files, `${entry.id}-python`);
    const result = await run(TOOLS.python3, ['-m', 'py_compile', ...python], root);
    expect(result.exitCode, result.output).toBe(0);
  });

  it('TypeScript files parse; the modules without unavailable packages type-check', async () => {
    const typescript = streamingPaths(files, /\.ts$/);
    if (model.streaming.language !== 'typescript') {
      expect(typescript).toEqual([]);
      return;
    }
    expect(typescript).toContain('streaming/consumers/load-events.ts');
    expect(typescript.flatMap((path) => typescriptSyntax(path, files.get(path) ?? ''))).toEqual([]);
    const root = await writeStreaming(files, `${entry.id}-typescript`);
    const { checked, problems } = typescriptTypeCheck(root, typescript);
    expect(checked).toEqual(
      expect.arrayContaining([
        'streaming/clients/catalog.ts',
        'streaming/clients/values.ts',
        'streaming/clients/warehouse.ts',
      ]),
    );
    expect(problems).toEqual([]);
  });

  it('Java files parse; the classes using only the JDK compile with -Xlint:all', async () => {
    const java = streamingPaths(files, /\.java$/);
    if (java.length === 0) return;
    const root = await writeStreaming(files, `${entry.id}-java`);
    const parsed = await run(TOOLS.java, [parseCheck, ...java], root);
    expect(parsed.exitCode, parsed.output).toBe(0);
    const jdkOnly = java.filter((path) =>
      [...(files.get(path) ?? '').matchAll(/^import\s+(?:static\s+)?([\w.]+)/gm)].every(
        (match) =>
          (match[1] ?? '').startsWith('java.') ||
          (match[1] ?? '').startsWith(planStreaming(model).javaPackage),
      ),
    );
    if (model.streaming.language === 'java')
      expect(jdkOnly.some((path) => path.endsWith('/RawLoader.java'))).toBe(true);
    // Compile per source root: each root is its own program.
    const roots = new Map<string, string[]>();
    for (const path of jdkOnly) {
      const key = path.split('/src/main/java/')[0] ?? '';
      roots.set(key, [...(roots.get(key) ?? []), path]);
    }
    for (const [key, paths] of roots) {
      const output = join(workspace, `${entry.id}-classes-${key.replaceAll('/', '_')}`);
      const compiled = await run(
        TOOLS.javac,
        ['-Xlint:all', '-Werror', '-d', output, ...paths],
        root,
      );
      expect(compiled.exitCode, `${key}: ${compiled.output}`).toBe(0);
    }
  });

  it('Go files parse and are gofmt-formatted; go.mod parses', async () => {
    const go = streamingPaths(files, /\.go$/);
    if (model.streaming.language !== 'go') {
      expect(go).toEqual([]);
      return;
    }
    const root = await writeStreaming(files, `${entry.id}-go`);
    const formatted = await run(TOOLS.gofmt, ['-l', '-e', ...go], root);
    expect(formatted.exitCode, formatted.output).toBe(0);
    expect(formatted.output, 'files gofmt would change').toBe('');
    const module = await run(TOOLS.go, ['mod', 'edit', '-json', 'go.mod'], join(root, 'streaming'));
    expect(module.exitCode, module.output).toBe(0);
    expect(JSON.parse(module.output)).toMatchObject({
      Module: { Path: planStreaming(model).goModule },
    });
  });

  it('shell scripts pass shellcheck', async () => {
    const scripts = streamingPaths(files, /\.sh$/);
    expect(scripts).toContain('streaming/scripts/create-topics.sh');
    const root = await writeStreaming(files, `${entry.id}-shell`);
    const result = await run(TOOLS.shellcheck, ['--shell=bash', ...scripts], root);
    expect(result.exitCode, result.output).toBe(0);
  });

  it('Protobuf schemas compile with protoc; pom.xml files are well-formed XML', async () => {
    const root = await writeStreaming(files, `${entry.id}-schemas`);
    const protos = streamingPaths(files, /^streaming\/schemas\/[^/]+\.proto$/);
    if (model.streaming.serialization === 'protobuf') {
      expect(protos.length).toBe(model.entities.length);
      const compiled = await run(
        TOOLS.protoc,
        [
          '--proto_path=streaming/schemas',
          '--descriptor_set_out=/dev/null',
          ...protos.map((path) => path.replace('streaming/schemas/', '')),
        ],
        root,
      );
      expect(compiled.exitCode, compiled.output).toBe(0);
    }
    const poms = streamingPaths(files, /pom\.xml$/);
    if (poms.length > 0) {
      const parsed = await run(
        TOOLS.python3,
        [
          '-c',
          'import sys, xml.etree.ElementTree as tree; [tree.parse(path) for path in sys.argv[1:]]',
          ...poms,
        ],
        root,
      );
      expect(parsed.exitCode, parsed.output).toBe(0);
    }
  });

  it('the raw loader statements run on DuckDB against the raw tables, idempotently', async () => {
    const plan = planStreaming(model);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      // The architecture's DuckDB DDL first, when the chain has it: the loader must fit those tables.
      const ddl = [...files.keys()]
        .filter((path) => path.startsWith('architecture/ddl/duckdb/') && path.endsWith('.sql'))
        .sort();
      for (const path of ddl) await connection.run(files.get(path) ?? '');
      await connection.run('CREATE SCHEMA IF NOT EXISTS raw');
      const metadataNames = loaderMetadataParameters(plan);
      for (const item of plan.entities) {
        const statements = loaderStatements(plan, item);
        await connection.run(statements.createTable);
        const rows = canonicalRows(item.entity);
        expect(files.get(`streaming/samples/${item.entity.name}.jsonl`)).toBe(
          `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`,
        );
        for (let pass = 0; pass < 2; pass++) {
          for (const [index, row] of rows.entries()) {
            const metadata: Record<string, string | number | null> = {
              source_topic: item.topic.name,
              source_partition: 0,
              source_offset: index,
              cdc_operation: null,
              cdc_committed_at: null,
            };
            const parameters = [
              ...item.entity.columns.map((column) => row[column.name] ?? null),
              ...metadataNames.map((name) => metadata[name] ?? null),
            ];
            await connection.run(statements.upsert, parameters);
          }
        }
        const counted = await connection.runAndReadAll(
          `SELECT count(*) AS n FROM raw.${item.entity.name}`,
        );
        expect(Number(counted.getRowObjects()[0]?.n), item.entity.name).toBe(rows.length);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('broken fixtures are rejected', () => {
  const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');

  it('a topic whose min.insync.replicas is not below the replication factor', async () => {
    expect(checkTopics(await fixture('topics-min-insync-replicas.yaml'))).toEqual([
      expect.stringMatching(
        /min\.insync\.replicas \(3\) must be below the replication factor \(3\)/,
      ),
    ]);
  });

  it('a consumed topic without a dead-letter topic', async () => {
    expect(checkTopics(await fixture('topics-missing-dead-letter.yaml'))).toEqual([
      expect.stringMatching(/consumed but has no dead-letter topic/),
    ]);
  });

  it('an Avro schema with a default that does not match its type', async () => {
    expect(checkAvroSchema(await fixture('bad-default.avsc'))).toEqual([
      expect.stringMatching(/avsc rejects it: .*default/),
    ]);
  });

  it('a JSON Schema with an invalid keyword', async () => {
    expect(checkJsonSchema(await fixture('invalid-keyword.schema.json'))).toEqual([
      expect.stringMatching(/unknown keyword: "maxLenght"/),
    ]);
  });

  it('a Protobuf schema with a duplicate field number and an unknown type', async () => {
    expect(checkProtobufSchema(await fixture('duplicate-field-number.proto'))).toEqual([
      'message Order: field number 1 is used twice',
      'message Order: unknown type Money of field total',
    ]);
  });

  it('a Debezium connector without its allow-list and with a literal password', async () => {
    const problems = checkConnector(await fixture('connector-missing-keys.json'));
    expect(problems).toEqual(
      expect.arrayContaining([
        'table.include.list is missing',
        'heartbeat.interval.ms is missing',
        expect.stringMatching(/^database\.password must come from a config provider/),
      ]),
    );
  });

  it('a sink connector reading an undeclared topic into an undeclared dead-letter topic', async () => {
    const declared = new Set(['shop.orders.v1', 'shop.orders.v1.dlq', 'shop.sink.dlq']);
    expect(checkSinkTopics(await fixture('sink-undeclared-dead-letter.json'), declared)).toEqual([
      'reads topic shop.refunds.v1, which topics.yaml does not declare',
      'dead-letter topic shop.sink.dead-letters is not declared in topics.yaml',
    ]);
  });

  it('producer properties that lose data, with a malformed line', async () => {
    const problems = checkProducerProperties(await fixture('unsafe-producer.properties'), false);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/expected key=value/),
        expect.stringMatching(/^acks must be all/),
        expect.stringMatching(/^enable\.idempotence must be true/),
        'compression.type is not set',
      ]),
    );
  });

  it('a Python consumer with a syntax error (py_compile)', async () => {
    const result = await run(
      TOOLS.python3,
      ['-m', 'py_compile', join(FIXTURES, 'broken_consumer.py')],
      workspace,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/SyntaxError/);
  });

  it('a shell script shellcheck rejects', async () => {
    const result = await run(
      TOOLS.shellcheck,
      ['--shell=bash', join(FIXTURES, 'broken-script.sh')],
      workspace,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/SC2086|SC2164/);
  });

  it('a TypeScript file with a syntax error', async () => {
    expect(typescriptSyntax('broken-loader.ts', await fixture('broken-loader.ts'))).not.toEqual([]);
  });

  it('a Java file with a syntax error (javac parser)', async () => {
    const result = await run(
      TOOLS.java,
      [parseCheck, join(FIXTURES, 'BrokenLoader.java')],
      workspace,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/';' expected/);
  });

  it('a Go file with a syntax error (gofmt parser)', async () => {
    const result = await run(
      TOOLS.gofmt,
      ['-l', '-e', join(FIXTURES, 'broken_loader.go')],
      workspace,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/expected '}'/);
  });

  it('a Protobuf schema protoc rejects', async () => {
    const result = await run(
      TOOLS.protoc,
      [
        `--proto_path=${FIXTURES}`,
        '--descriptor_set_out=/dev/null',
        'duplicate-field-number.proto',
      ],
      workspace,
    );
    expect(result.exitCode).not.toBe(0);
    expect(result.output).toMatch(/already used|Money/);
  });
});
