import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKILL_GENERATORS } from '../../generators/index.js';
import { collectContributions } from '../../generators/project/contributions.js';
import { kubernetesFiles } from '../../generators/project/kubernetes/index.js';
import { renderFileSpec } from '../../source/engine/generate/serialize.js';
import {
  composeProblems,
  environmentUses,
  literalSecretProblems,
  parseYamlDocuments,
  stackChecks,
} from '../../source/engine/validate/domain/stack.js';
import {
  filesFromMap,
  type DomainCheck,
  type DomainProblem,
} from '../../source/engine/validate/domain/types.js';
import type { ProjectModel } from '../../source/engine/model/types.js';
import { buildProject } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/stack');

/** The project's files, with the Kubernetes manifests added when the project generator does not write them yet. */
async function projectFiles(
  entry: MatrixEntry,
): Promise<{ model: ProjectModel; files: Map<string, string> }> {
  const { model, files } = await buildProject(entry);
  if (model.flags.usesKubernetes && !files.has('k8s/kustomization.yaml')) {
    const contributed = collectContributions(model, SKILL_GENERATORS).kustomizeResources;
    for (const spec of kubernetesFiles(model, contributed))
      files.set(spec.path, await renderFileSpec(spec));
  }
  return { model, files };
}

async function run(
  checks: readonly DomainCheck[],
  files: Map<string, string>,
  model: ProjectModel,
): Promise<(DomainProblem & { check: string })[]> {
  const problems: (DomainProblem & { check: string })[] = [];
  for (const check of checks) {
    if (!check.appliesTo(model)) continue;
    for (const problem of await check.run(filesFromMap(files), model))
      problems.push({ check: check.id, ...problem });
  }
  return problems;
}

function folder(path: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (directory: string) => {
    for (const name of readdirSync(directory)) {
      const full = join(directory, name);
      if (statSync(full).isDirectory()) walk(full);
      else files.set(relative(path, full), readFileSync(full, 'utf8'));
    }
  };
  walk(path);
  return files;
}

const check = (id: string): DomainCheck => {
  const found = stackChecks.find((item) => item.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
};

describe('stack-wide checks on every matrix entry', () => {
  for (const entry of matrix()) {
    it(`${entry.id}: YAML/JSON parse, compose is wired, variables declared, no literal secrets, Kubernetes hardened`, async () => {
      const { model, files } = await projectFiles(entry);
      expect(await run(stackChecks, files, model)).toEqual([]);
      // The checks looked at something: the compose file and at least one variable read.
      expect(files.has('docker-compose.yml')).toBe(true);
      expect(environmentUses(filesFromMap(files)).length).toBeGreaterThan(0);
    });
  }
});

/** Every bind mount of the compose file: the host side of `host:container[:mode]` strings. */
function bindMounts(compose: string): { service: string; host: string }[] {
  const parsed = parseYamlDocuments(compose).documents[0] as {
    services?: Record<string, { volumes?: unknown[] }>;
  };
  return Object.entries(parsed.services ?? {}).flatMap(([service, definition]) =>
    (definition.volumes ?? [])
      .filter((volume): volume is string => typeof volume === 'string')
      .map((volume) => ({ service, host: volume.split(':')[0] ?? '' }))
      .filter(({ host }) => /^[.$/~]/.test(host)),
  );
}

describe('the quick start needs nothing on the host but Docker and make', () => {
  it.each(matrix().map((entry) => [entry.id, entry] as const))(
    '%s: every python, dbt and pytest recipe runs in the workbench container, which compose builds',
    async (_id, entry) => {
      const { files } = await buildProject(entry);
      const makefile = files.get('Makefile') ?? '';
      const recipes = makefile.split('\n').filter((line) => line.startsWith('\t'));
      const onHost = recipes.filter((line) => /^\t@?(python|dbt|pytest)\b/.test(line));
      expect(onHost).toEqual([]);
      if (recipes.some((line) => line.includes('$(RUN) ')))
        expect(makefile).toMatch(/^RUN \?= docker compose run --rm workbench$/m);
      const compose = parseYamlDocuments(files.get('docker-compose.yml') ?? '').documents[0] as {
        services?: Record<string, { build?: { dockerfile?: string } }>;
      };
      const dockerfile = compose.services?.workbench?.build?.dockerfile ?? '';
      expect(files.has(dockerfile), `workbench image ${dockerfile}`).toBe(true);
      expect(files.get(dockerfile)).toContain('pip install -r /tmp/requirements.txt');
    },
  );
});

describe('the local stack starts without cloud credentials', () => {
  const entries = matrix();
  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: every bind mount is a folder of the project, and make up creates those under data/ first',
    async (_id, entry) => {
      const { files } = await buildProject(entry);
      const compose = files.get('docker-compose.yml') ?? '';
      const mounts = bindMounts(compose);
      for (const { service, host } of mounts) {
        // A host path from a variable or outside the project (a key file's default path) does not
        // exist on a fresh machine: Docker Desktop refuses it, Linux creates a root-owned folder.
        expect(host, `${service} mounts ${host}`).toMatch(/^\.\/?(?:[\w.-]+\/?)*$/);
      }
      const makefile = files.get('Makefile') ?? '';
      const up = /^up:.*\n((?:\t.*\n)+)/m.exec(makefile)?.[1] ?? '';
      for (const { host } of mounts.filter(({ host }) => host.startsWith('./data'))) {
        expect(up, `make up creates ${host}`).toContain(
          host.replace(/^\.\//, '').replace(/\/$/, ''),
        );
      }
    },
  );
  it.each(entries.map((entry) => [entry.id, entry] as const))(
    '%s: every service that writes into a project folder runs as its owner (LOCAL_UID)',
    async (_id, entry) => {
      const { files } = await buildProject(entry);
      const parsed = parseYamlDocuments(files.get('docker-compose.yml') ?? '').documents[0] as {
        services?: Record<string, { volumes?: unknown[]; user?: string }>;
      };
      for (const [name, service] of Object.entries(parsed.services ?? {})) {
        const writable = (service.volumes ?? []).filter(
          (volume): volume is string =>
            typeof volume === 'string' && volume.startsWith('./') && !volume.endsWith(':ro'),
        );
        if (writable.length === 0) continue;
        expect(service.user, `${name} writes ${writable.join(', ')}`).toMatch(
          /^\$\{(LOCAL|AIRFLOW)_UID:-\d+\}:\$\{(LOCAL_GID:-\d+|AIRFLOW_GID:-\d+)\}$|^\$\{AIRFLOW_UID:-\d+\}:0$/,
        );
      }
    },
  );
  it('the BigQuery sink reads its key from data/connect-secrets, copied only by make connect-sink', async () => {
    const { files } = await buildProject({
      goal: 'stream order events from kafka into bigquery',
      skills: ['architecting-data', 'streaming-data'],
      set: { 'architecting-data.warehouse': 'bigquery', 'project.cloud': 'gcp' },
    });
    const sink = JSON.parse(files.get('streaming/connect/bigquery-sink.json') ?? '{}') as {
      keyfile?: string;
    };
    expect(sink.keyfile).toBe('/run/secrets/connect/gcp-sa.json');
    expect(bindMounts(files.get('docker-compose.yml') ?? '')).toContainEqual({
      service: 'kafka-connect',
      host: './data/connect-secrets',
    });
    const makefile = files.get('Makefile') ?? '';
    const connectSink = /^connect-sink:.*\n((?:\t.*\n)+)/m.exec(makefile)?.[1] ?? '';
    expect(connectSink).toContain(
      'cp "$(GOOGLE_APPLICATION_CREDENTIALS)" data/connect-secrets/gcp-sa.json',
    );
    expect(files.get('docker-compose.yml')).not.toContain('GOOGLE_APPLICATION_CREDENTIALS');
    expect(files.get('streaming/README.md')).toMatch(/`make up` starts without cloud credentials/);
  });
});

describe('Confluent Platform components come from one release', () => {
  /** The tags of every confluentinc/* image in a compose file, by image name. */
  const confluentTags = (compose: string) =>
    [...compose.matchAll(/image: (confluentinc\/[\w-]+):([\w.-]+)/g)].map(([, image, tag]) => ({
      image: image ?? '',
      tag: tag ?? '',
    }));

  it('the registry, REST Proxy, ksqlDB and the Connect converters share one version', async () => {
    const { files } = await buildProject({
      goal: 'stream order events from kafka into postgres',
      skills: [
        'architecting-data',
        'streaming-data',
        'transforming-data',
        'performance-engineering',
      ],
      set: {
        'project.maturity': 'advanced',
        'architecting-data.warehouse': 'postgres',
        'streaming-data.broker': 'kafka',
        'streaming-data.processor': 'ksqldb',
      },
    });
    const tags = confluentTags(files.get('docker-compose.yml') ?? '');
    expect(tags.map(({ image }) => image).sort()).toEqual([
      'confluentinc/cp-kafka-rest',
      'confluentinc/cp-ksqldb-server',
      'confluentinc/cp-schema-registry',
    ]);
    expect(new Set(tags.map(({ tag }) => tag)).size).toBe(1);
    const converters = [
      ...(files.get('streaming/connect/Dockerfile') ?? '').matchAll(
        /confluentinc\/kafka-connect-[\w-]+-converter\/versions\/([\w.-]+)\//g,
      ),
    ].map((match) => match[1]);
    expect(converters.length).toBeGreaterThan(0);
    for (const version of converters) expect(version).toBe(tags[0]?.tag);
  });

  it.each(matrix().map((entry) => [entry.id, entry] as const))(
    '%s: one Confluent Platform version in the compose file',
    async (_id, entry) => {
      const { files } = await buildProject(entry);
      const tags = confluentTags(files.get('docker-compose.yml') ?? '');
      expect(new Set(tags.map(({ tag }) => tag)).size).toBeLessThanOrEqual(1);
    },
  );
});

describe('broken fixtures are rejected', () => {
  // The checks under test read only these flags.
  const model = { flags: { usesCompose: true, usesKubernetes: false } } as unknown as ProjectModel;

  it('accepts a well-formed compose file (the rules are not rejecting everything)', () => {
    expect(composeProblems(readFileSync(join(FIXTURES, 'compose-valid.yml'), 'utf8'))).toEqual([]);
  });

  it('rejects depends_on to a missing service', async () => {
    const files = new Map([
      [
        'docker-compose.yml',
        readFileSync(join(FIXTURES, 'compose-missing-dependency.yml'), 'utf8'),
      ],
    ]);
    const problems = await check('stack-compose').run(filesFromMap(files), model);
    expect(problems.map((problem) => problem.message)).toContain(
      'service loader depends on kafka, which is not a service',
    );
  });

  it('rejects an image on the latest tag', async () => {
    const files = new Map([
      ['docker-compose.yml', readFileSync(join(FIXTURES, 'compose-latest-image.yml'), 'utf8')],
    ]);
    const problems = await check('stack-compose').run(filesFromMap(files), model);
    expect(problems.map((problem) => problem.message)).toContain(
      'service grafana: image grafana/grafana:latest uses the latest tag; pin a version',
    );
  });

  it('rejects a top-level version and unknown service keys (schema)', () => {
    const text =
      'version: "3.8"\nservices:\n  app:\n    image: python:3.12-slim\n    restart_policy: always\n';
    const problems = composeProblems(text);
    expect(problems.some((problem) => problem.includes('version'))).toBe(true);
    expect(problems.some((problem) => problem.includes('restart_policy'))).toBe(true);
  });

  it('rejects a variable that .env.example does not declare', async () => {
    const problems = await check('stack-environment-declared').run(
      filesFromMap(folder(join(FIXTURES, 'undeclared-variable'))),
      model,
    );
    expect(problems).toEqual([
      {
        path: 'streaming/consumers/consumer.py',
        line: 5,
        message: 'reads KAFKA_CONSUMER_GROUP_ID, which .env.example does not declare',
      },
    ]);
  });

  it('recognises every way of reading a variable', () => {
    const text = [
      'a: ${A_ONE}',
      'b: ${B_TWO:?message}',
      'c: ${C_THREE:-default}',
      'd = "{{ env_var(\'D_FOUR\') }}"',
      'e = os.environ["E_FIVE"]',
      'f = os.getenv("F_SIX")',
      'g = process.env.G_SEVEN',
      'h = System.getenv("H_EIGHT")',
      'i := os.Getenv("I_NINE")',
      'j = ${env:J_TEN}',
    ].join('\n');
    const names = environmentUses(filesFromMap(new Map([['mixed.txt', text]]))).map(
      (use) => use.name,
    );
    expect(names.sort()).toEqual([
      'A_ONE',
      'B_TWO',
      'C_THREE',
      'D_FOUR',
      'E_FIVE',
      'F_SIX',
      'G_SEVEN',
      'H_EIGHT',
      'I_NINE',
      'J_TEN',
    ]);
    const makefile = 'LOCAL := x\nrun:\n\techo $(LOCAL) $(CURDIR) $(FROM_ENV)\n';
    expect(
      environmentUses(filesFromMap(new Map([['Makefile', makefile]]))).map((use) => use.name),
    ).toEqual(['FROM_ENV']);
  });

  it('rejects a file left with the markers of an unresolved re-run conflict, naming the line', async () => {
    const problems = await check('stack-no-conflict-markers').run(
      filesFromMap(folder(join(FIXTURES, 'conflict-markers'))),
      model,
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'transforms/dbt/dbt_project.yml', line: 6 }),
    ]);
    expect(
      await check('stack-no-conflict-markers').run(
        filesFromMap(new Map([['README.md', 'no markers, only <<<<<<<\n']])),
        model,
      ),
    ).toEqual([]);
  });

  it('rejects a file holding an AWS access key id', async () => {
    const problems = await check('stack-no-literal-secrets').run(
      filesFromMap(folder(join(FIXTURES, 'aws-access-key'))),
      model,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/AWS access key id/);
    expect(problems[0]?.path).toBe('config/connections.yaml');
  });

  it('rejects private keys and high-entropy passwords, but not placeholders or references', () => {
    const key = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
    expect(literalSecretProblems('a.pem', `${key}\nMIIB\n`)).toHaveLength(1);
    expect(literalSecretProblems('a.yml', 'password: "Xk9vQ2mLr7TzW4pB8nHs"\n')).toHaveLength(1);
    expect(
      literalSecretProblems(
        'a.yml',
        'password: change-me\ntoken: ${PULSAR_TOKEN}\nsecretKey: KAFKA_SASL_PASSWORD\napi_key: "{{ env_var(\'DD_API_KEY\') }}"\n',
      ),
    ).toEqual([]);
  });

  it('rejects YAML with a duplicate key', async () => {
    const text = readFileSync(join(FIXTURES, 'duplicate-key.yaml'), 'utf8');
    expect(parseYamlDocuments(text).problems).toHaveLength(1);
    const problems = await check('stack-structured-files').run(
      filesFromMap(new Map([['streaming/topics.yaml', text]])),
      model,
    );
    expect(problems[0]?.message).toMatch(/unique/i);
  });
});
