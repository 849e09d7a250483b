import { Ajv, type ErrorObject } from 'ajv';
import { parseAllDocuments } from 'yaml';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks on the stack as a whole, whatever the chain: structured files parse, the local
 * stack (docker-compose.yml) is well formed and wired, every environment variable the files read
 * is declared in .env.example, no file holds a literal secret, and the Kubernetes workloads meet
 * the restricted Pod Security Standard with resources and probes. No external program: fast
 * enough for `skillchain validate`.
 */

// ---------------------------------------------------------------------------------------------
// Structured files

const YAML_FILE = /\.ya?ml$/;

/** Parses every document of a YAML text with duplicate keys rejected. */
export function parseYamlDocuments(text: string): {
  documents: unknown[];
  problems: { line?: number; message: string }[];
} {
  const documents = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const problems: { line?: number; message: string }[] = [];
  const values: unknown[] = [];
  for (const document of list) {
    for (const error of document.errors) {
      const offset = error.pos[0];
      problems.push({
        line: lineOf(text, offset),
        message: error.message.split('\n')[0] ?? error.message,
      });
    }
    if (document.errors.length === 0) values.push(document.toJS());
  }
  return { documents: values.filter((value) => value !== null && value !== undefined), problems };
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

const structuredFiles: DomainCheck = {
  id: 'stack-structured-files',
  title: 'Every YAML and JSON file parses (no duplicate keys)',
  skill: 'chain',
  appliesTo: () => true,
  run(files) {
    const problems: DomainProblem[] = [];
    for (const path of files.paths()) {
      const text = files.read(path);
      if (text === undefined) continue;
      if (YAML_FILE.test(path)) {
        for (const problem of parseYamlDocuments(text).problems)
          problems.push({ path, ...problem });
      } else if (path.endsWith('.json')) {
        try {
          JSON.parse(text);
        } catch (error) {
          problems.push({ path, message: `invalid JSON: ${(error as Error).message}` });
        }
      }
    }
    return problems;
  },
};

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

const stringOrList = { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] };
const scalar = { type: ['string', 'number', 'boolean', 'null'] };

/** The compose-spec subset the generators write (https://github.com/compose-spec/compose-spec). */
export const COMPOSE_SCHEMA = {
  type: 'object',
  required: ['services'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' },
    services: {
      type: 'object',
      minProperties: 1,
      additionalProperties: { $ref: '#/$defs/service' },
    },
    volumes: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'null' }, { type: 'object' }] },
    },
    networks: {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'null' }, { type: 'object' }] },
    },
    secrets: { type: 'object' },
    configs: { type: 'object' },
  },
  $defs: {
    service: {
      type: 'object',
      additionalProperties: false,
      anyOf: [{ required: ['image'] }, { required: ['build'] }],
      properties: {
        image: { type: 'string', minLength: 1 },
        build: {
          anyOf: [
            { type: 'string' },
            {
              type: 'object',
              additionalProperties: false,
              properties: {
                context: { type: 'string' },
                dockerfile: { type: 'string' },
                args: {
                  anyOf: [
                    { type: 'object', additionalProperties: scalar },
                    { type: 'array', items: { type: 'string' } },
                  ],
                },
                target: { type: 'string' },
                platforms: { type: 'array', items: { type: 'string' } },
              },
            },
          ],
        },
        command: {
          anyOf: [
            { type: 'string' },
            { type: 'array', items: { type: 'string' } },
            { type: 'null' },
          ],
        },
        entrypoint: {
          anyOf: [
            { type: 'string' },
            { type: 'array', items: { type: 'string' } },
            { type: 'null' },
          ],
        },
        environment: {
          anyOf: [
            { type: 'object', additionalProperties: scalar },
            { type: 'array', items: { type: 'string' } },
          ],
        },
        env_file: {
          anyOf: [
            { type: 'string' },
            {
              type: 'array',
              items: {
                anyOf: [
                  { type: 'string' },
                  {
                    type: 'object',
                    required: ['path'],
                    additionalProperties: false,
                    properties: {
                      path: { type: 'string' },
                      required: { type: 'boolean' },
                      format: { type: 'string' },
                    },
                  },
                ],
              },
            },
          ],
        },
        ports: {
          type: 'array',
          items: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'object' }] },
        },
        expose: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
        volumes: {
          type: 'array',
          items: { anyOf: [{ type: 'string' }, { type: 'object', required: ['target'] }] },
        },
        depends_on: {
          anyOf: [
            { type: 'array', items: { type: 'string' } },
            {
              type: 'object',
              additionalProperties: {
                type: 'object',
                required: ['condition'],
                additionalProperties: false,
                properties: {
                  condition: {
                    enum: ['service_started', 'service_healthy', 'service_completed_successfully'],
                  },
                  restart: { type: 'boolean' },
                  required: { type: 'boolean' },
                },
              },
            },
          ],
        },
        healthcheck: {
          type: 'object',
          additionalProperties: false,
          properties: {
            test: stringOrList,
            interval: { type: 'string' },
            timeout: { type: 'string' },
            retries: { type: 'integer', minimum: 1 },
            start_period: { type: 'string' },
            start_interval: { type: 'string' },
            disable: { type: 'boolean' },
          },
        },
        restart: { enum: ['no', 'always', 'on-failure', 'unless-stopped'] },
        working_dir: { type: 'string' },
        user: { type: 'string' },
        cap_add: { type: 'array', items: { type: 'string' } },
        cap_drop: { type: 'array', items: { type: 'string' } },
        container_name: { type: 'string' },
        hostname: { type: 'string' },
        profiles: { type: 'array', items: { type: 'string' } },
        labels: { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'string' } }] },
        networks: { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'string' } }] },
        extra_hosts: { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'string' } }] },
        ulimits: { type: 'object' },
        deploy: { type: 'object' },
        init: { type: 'boolean' },
        stop_grace_period: { type: 'string' },
        stop_signal: { type: 'string' },
        read_only: { type: 'boolean' },
        tmpfs: stringOrList,
        platform: { type: 'string' },
        pull_policy: { enum: ['always', 'never', 'missing', 'build', 'if_not_present'] },
        logging: { type: 'object' },
        shm_size: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        security_opt: { type: 'array', items: { type: 'string' } },
        secrets: { type: 'array' },
        configs: { type: 'array' },
        mem_limit: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        cpus: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        stdin_open: { type: 'boolean' },
        tty: { type: 'boolean' },
        ipc: { type: 'string' },
        extends: { type: 'object' },
        develop: { type: 'object' },
      },
    },
  },
} as const;

let composeValidator: ReturnType<Ajv['compile']> | undefined;

function validateCompose(document: unknown): ErrorObject[] {
  composeValidator ??= new Ajv({ allErrors: true, strict: false }).compile(COMPOSE_SCHEMA);
  return composeValidator(document) ? [] : (composeValidator.errors ?? []);
}

interface ComposeService {
  image?: string;
  build?: unknown;
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { disable?: boolean; test?: unknown };
  volumes?: (string | { type?: string; source?: string })[];
}

/** Problems of a docker-compose.yml text: schema, references, healthchecks, volumes, pinned images. */
export function composeProblems(text: string): string[] {
  const { documents, problems } = parseYamlDocuments(text);
  if (problems.length > 0)
    return problems.map((problem) => `line ${problem.line ?? '?'}: ${problem.message}`);
  const compose = documents[0] as Record<string, unknown> | undefined;
  if (!compose || typeof compose !== 'object') return ['docker-compose.yml is empty'];
  const result: string[] = [];
  if ('version' in compose)
    result.push('top-level `version:` is obsolete in the Compose Specification; remove it');
  for (const error of validateCompose(compose)) {
    if (
      error.keyword === 'additionalProperties' &&
      error.instancePath === '' &&
      (error.params as { additionalProperty?: string }).additionalProperty === 'version'
    )
      continue;
    result.push(
      `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
    );
  }
  const services = (compose.services ?? {}) as Record<string, ComposeService>;
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, service] of Object.entries(services)) {
    if (typeof service !== 'object') continue;
    const dependsOn = service.depends_on;
    const dependencies: [string, string][] = Array.isArray(dependsOn)
      ? dependsOn.map((target) => [target, 'service_started'])
      : Object.entries(dependsOn ?? {}).map(([target, value]) => [target, value.condition ?? '']);
    for (const [target, condition] of dependencies) {
      const dependency = services[target];
      if (!dependency) result.push(`service ${name} depends on ${target}, which is not a service`);
      else if (
        condition === 'service_healthy' &&
        (!dependency.healthcheck || dependency.healthcheck.disable === true)
      ) {
        result.push(
          `service ${name} waits for ${target} to be healthy, but ${target} has no healthcheck`,
        );
      }
    }
    for (const volume of service.volumes ?? []) {
      const source =
        typeof volume === 'string'
          ? volume.split(':')[0]
          : volume.type === 'volume'
            ? volume.source
            : undefined;
      if (source && isNamedVolume(source) && !declaredVolumes.has(source))
        result.push(
          `service ${name} mounts the named volume ${source}, which is not declared under volumes:`,
        );
    }
    if (typeof service.image === 'string') {
      const problem = imageProblem(service.image, service.build !== undefined);
      if (problem) result.push(`service ${name}: ${problem}`);
    }
  }
  return result;
}

function isNamedVolume(source: string): boolean {
  return (
    source !== '' && !/^[./~]/.test(source) && !source.includes('/') && !source.startsWith('$')
  );
}

/** An image must name a tag or a digest, and not `latest` (builds tag their own image). */
export function imageProblem(image: string, isBuilt = false): string | undefined {
  if (image.includes('@sha256:')) return undefined;
  const lastSegment = image.split('/').pop() ?? image;
  const tag = lastSegment.includes(':') ? lastSegment.split(':').pop() : undefined;
  if (tag === undefined || tag === '')
    return isBuilt ? undefined : `image ${image} has no tag (it means latest)`;
  if (tag === 'latest') return `image ${image} uses the latest tag; pin a version`;
  if (tag.includes('${')) return `image ${image} takes its tag from a variable; pin a version`;
  return undefined;
}

const compose: DomainCheck = {
  id: 'stack-compose',
  title:
    'docker-compose.yml: valid Compose, dependencies exist and are healthy, volumes declared, images pinned',
  skill: 'chain',
  appliesTo: (model) => model.flags.usesCompose,
  run(files) {
    const text = files.read('docker-compose.yml');
    if (text === undefined) return [{ path: 'docker-compose.yml', message: 'missing' }];
    return composeProblems(text).map((message) => ({ path: 'docker-compose.yml', message }));
  },
};

// ---------------------------------------------------------------------------------------------
// Environment variables

/** Variables the platform or the shell provides: never declared in .env.example. */
const PLATFORM_VARIABLES = new Set([
  'HOME',
  'PATH',
  'PWD',
  'OLDPWD',
  'USER',
  'SHELL',
  'TMPDIR',
  'HOSTNAME',
  'LANG',
  'LC_ALL',
  'TERM',
  'TZ',
  'CI',
  'UID',
  'EUID',
  'PPID',
  'BASH_SOURCE',
  'PIPESTATUS',
  'LINENO',
  'RANDOM',
  'SECONDS',
  'FUNCNAME',
  'IFS',
  'OPTARG',
  'OPTIND',
  'REPLY',
]);

/** Make's own variables and functions. */
const MAKE_VARIABLES = new Set([
  'MAKE',
  'MAKEFLAGS',
  'MAKEFILE_LIST',
  'CURDIR',
  'SHELL',
  'MAKECMDGOALS',
  'MAKELEVEL',
  'CC',
  'CXX',
  'RM',
]);

const NAME = '([A-Z_][A-Z0-9_]*)';

/** Every way the generated files read an environment variable. */
const USE_PATTERNS: RegExp[] = [
  new RegExp(String.raw`\$\{${NAME}(?:[:?+=-][^}]*)?\}`, 'g'),
  new RegExp(String.raw`\$\{env:${NAME}\}`, 'g'),
  new RegExp(String.raw`env_var\(\s*['"]${NAME}['"]`, 'g'),
  new RegExp(String.raw`os\.environ\[\s*['"]${NAME}['"]\s*\]`, 'g'),
  new RegExp(String.raw`os\.environ\.get\(\s*['"]${NAME}['"]`, 'g'),
  new RegExp(String.raw`os\.getenv\(\s*['"]${NAME}['"]`, 'g'),
  new RegExp(String.raw`process\.env\.${NAME}\b`, 'g'),
  new RegExp(String.raw`process\.env\[\s*['"]${NAME}['"]\s*\]`, 'g'),
  new RegExp(String.raw`System\.getenv\(\s*"${NAME}"`, 'g'),
  new RegExp(String.raw`os\.(?:Getenv|LookupEnv)\(\s*"${NAME}"`, 'g'),
];

/** Names a file defines itself (shell assignments, Dockerfile ARG/ENV, Makefile variables). */
function localDefinitions(path: string, text: string): Set<string> {
  const names = new Set<string>();
  const add = (pattern: RegExp) => {
    for (const match of text.matchAll(pattern)) if (match[1]) names.add(match[1]);
  };
  add(/^\s*(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?([A-Z_][A-Z0-9_]*)=/gm);
  add(/\bfor\s+([A-Z_][A-Z0-9_]*)\s+in\b/g);
  add(/\bread\s+(?:-\w+\s+)*([A-Z_][A-Z0-9_]*)/g);
  add(/\$\{([A-Z_][A-Z0-9_]*):?=/g);
  if (/(^|\/)Dockerfile[^/]*$|\.Dockerfile$/.test(path)) {
    add(/^\s*ARG\s+([A-Z_][A-Z0-9_]*)/gm);
    add(/^\s*ENV\s+([A-Z_][A-Z0-9_]*)[\s=]/gm);
    for (const match of text.matchAll(/^\s*ENV\s+(.+(?:\\\n.+)*)/gm)) {
      for (const pair of (match[1] ?? '').matchAll(/([A-Z_][A-Z0-9_]*)=/g))
        if (pair[1]) names.add(pair[1]);
    }
  }
  if (isMakefile(path)) add(/^([A-Z_][A-Z0-9_]*)\s*(?::=|\?=|\+=|=)/gm);
  return names;
}

function isMakefile(path: string): boolean {
  return /(^|\/)(Makefile|[^/]+\.mk)$/.test(path);
}

export interface EnvironmentUse {
  path: string;
  line: number;
  name: string;
}

/** Every variable read by the files (docs excluded: they quote syntax, they do not run). */
export function environmentUses(files: ProjectFiles): EnvironmentUse[] {
  const uses: EnvironmentUse[] = [];
  for (const path of files.paths()) {
    if (path === '.env.example' || path.endsWith('.md') || path.endsWith('.mmd')) continue;
    const raw = files.read(path);
    if (raw === undefined) continue;
    // Comment lines quote syntax (`${VAR:?message}`); they read nothing. Blanked, not removed, so
    // line numbers stay right.
    const text = raw.replace(commentLine(path), '');
    const local = localDefinitions(path, text);
    const record = (name: string, offset: number) => {
      if (local.has(name) || PLATFORM_VARIABLES.has(name)) return;
      uses.push({ path, line: lineOf(text, offset), name });
    };
    // In JavaScript and TypeScript `${…}` is a template literal, not the environment.
    const patterns = /\.(?:[cm]?js|jsx|tsx?)$/.test(path) ? USE_PATTERNS.slice(1) : USE_PATTERNS;
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) if (match[1]) record(match[1], match.index);
    }
    if (isMakefile(path)) {
      for (const match of text.matchAll(/\$\(([A-Z_][A-Z0-9_]*)\)/g)) {
        if (match[1] && !MAKE_VARIABLES.has(match[1])) record(match[1], match.index);
      }
    }
  }
  return uses;
}

/** Full-line comments of a file, by its language. */
function commentLine(path: string): RegExp {
  if (path.endsWith('.sql')) return /^[ \t]*--.*$/gm;
  if (/\.(ts|js|mjs|java|go|proto|json)$/.test(path)) return /^[ \t]*\/\/.*$/gm;
  if (path.endsWith('.tf') || path.endsWith('.hcl')) return /^[ \t]*(?:#|\/\/).*$/gm;
  return /^[ \t]*#.*$/gm;
}

/** The names .env.example declares (`NAME=value` lines). */
export function declaredVariables(envExample: string): Set<string> {
  return new Set(
    [...envExample.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/gm)].map(
      (match) => match[1] ?? '',
    ),
  );
}

/**
 * Variables docker-compose.yml sets on its services (`environment:`): scripts that run inside those
 * containers read them. Their values are checked in turn: `${VAR}` in the compose file must be
 * declared in .env.example.
 */
export function composeEnvironmentNames(text: string | undefined): string[] {
  if (text === undefined) return [];
  const compose = parseYamlDocuments(text).documents[0] as
    { services?: Record<string, { environment?: unknown }> } | undefined;
  return Object.values(compose?.services ?? {}).flatMap((service) => {
    const environment = service.environment;
    if (Array.isArray(environment))
      return environment.map((item) => String(item).split('=')[0] ?? '');
    return environment && typeof environment === 'object' ? Object.keys(environment) : [];
  });
}

const environment: DomainCheck = {
  id: 'stack-environment-declared',
  title:
    'Every environment variable the files read is declared in .env.example (or set by a compose service)',
  skill: 'chain',
  appliesTo: () => true,
  run(files) {
    const example = files.read('.env.example');
    if (example === undefined) return [{ path: '.env.example', message: 'missing' }];
    const declared = new Set([
      ...declaredVariables(example),
      ...composeEnvironmentNames(files.read('docker-compose.yml')),
    ]);
    const seen = new Set<string>();
    const problems: DomainProblem[] = [];
    for (const use of environmentUses(files)) {
      if (declared.has(use.name) || seen.has(`${use.path}:${use.name}`)) continue;
      seen.add(`${use.path}:${use.name}`);
      problems.push({
        path: use.path,
        line: use.line,
        message: `reads ${use.name}, which .env.example does not declare`,
      });
    }
    return problems;
  },
};

// ---------------------------------------------------------------------------------------------
// Literal secrets

const PRIVATE_KEY =
  /-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----/;
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g;
const SECRET_NAME =
  /(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)s?/i;
const ASSIGNMENT = /([A-Za-z0-9_.-]+)["']?\s*[:=]\s*(?:["']([^"'\n]*)["']|([^\s"'#,;}\]]+))/g;

/** A documented placeholder, a reference or an obvious non-value. */
export function isPlaceholderValue(value: string): boolean {
  const lower = value.toLowerCase();
  return (
    value === '' ||
    /change[-_ ]?me|replace[-_ ]?me|placeholder|example|dummy|redacted|not[-_ ]?a[-_ ]?secret|x{6,}|\*{4,}/i.test(
      value,
    ) ||
    /^<[^>]+>$/.test(value) ||
    /\$\{|\{\{|\$\(|env_var\(|environ|getenv|process\.env|secretkeyref|valuefrom/i.test(value) ||
    /^(true|false|null|none|required|optional|string|number)$/.test(lower) ||
    /^[./~]/.test(value)
  );
}

/** Shannon entropy per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let result = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    result -= p * Math.log2(p);
  }
  return result;
}

/** Whether a value looks like a generated credential rather than a name, path or setting. */
export function looksLikeSecret(value: string): boolean {
  if (isPlaceholderValue(value)) return false;
  if (/^[a-f0-9]{32,}$/i.test(value)) return true;
  if (value.length < 16) return false;
  // Lowercase words joined by separators are names (paths, hosts, roles), not credentials.
  if (/^[a-z0-9]+(?:[-_./:@][a-z0-9]+)+$/.test(value) || /^[A-Z0-9_]+$/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((pattern) => pattern.test(value)).length;
  return classes >= 3 && entropy(value) >= 3.5;
}

export function literalSecretProblems(path: string, text: string): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const privateKey = PRIVATE_KEY.exec(text);
  if (privateKey)
    problems.push({
      path,
      line: lineOf(text, privateKey.index),
      message: 'contains a private key block',
    });
  for (const match of text.matchAll(AWS_ACCESS_KEY_ID)) {
    if (match[0].endsWith('EXAMPLE')) continue;
    problems.push({
      path,
      line: lineOf(text, match.index),
      message: `contains an AWS access key id (${match[0].slice(0, 8)}…)`,
    });
  }
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[1] ?? '';
    const value = match[2] ?? match[3] ?? '';
    if (!SECRET_NAME.test(name) || !looksLikeSecret(value)) continue;
    problems.push({
      path,
      line: lineOf(text, match.index),
      message: `${name} is assigned a literal value that looks like a real secret; reference the secret store or an environment variable`,
    });
  }
  return problems;
}

const literalSecrets: DomainCheck = {
  id: 'stack-no-literal-secrets',
  title:
    'No file holds a literal secret (private keys, AWS access keys, high-entropy passwords and tokens)',
  skill: 'chain',
  appliesTo: () => true,
  run(files) {
    return files.paths().flatMap((path) => {
      const text = files.read(path);
      return text === undefined ? [] : literalSecretProblems(path, text);
    });
  },
};

// ---------------------------------------------------------------------------------------------
// Kubernetes workloads

type Manifest = Record<string, unknown> & {
  kind?: string;
  apiVersion?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
};

const POD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

function get(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The pod template of a workload object. */
function podTemplate(manifest: Manifest): Record<string, unknown> | undefined {
  const template =
    manifest.kind === 'CronJob'
      ? get(manifest, 'spec', 'jobTemplate', 'spec', 'template')
      : get(manifest, 'spec', 'template');
  return template as Record<string, unknown> | undefined;
}

/** Problems of one Kubernetes workload against the restricted profile, resources, probes and labels. */
export function workloadProblems(manifest: Manifest): string[] {
  if (!manifest.kind || !POD_KINDS.has(manifest.kind)) return [];
  const name = `${manifest.kind}/${manifest.metadata?.name ?? '?'}`;
  const result: string[] = [];
  const template = podTemplate(manifest);
  const pod = get(template, 'spec') as Record<string, unknown> | undefined;
  if (!pod) return [`${name}: no pod template`];
  for (const label of ['app.kubernetes.io/name', 'app.kubernetes.io/part-of']) {
    if (!manifest.metadata?.labels?.[label]) result.push(`${name}: label ${label} missing`);
    if (!(get(template, 'metadata', 'labels') as Record<string, string> | undefined)?.[label])
      result.push(`${name}: pod label ${label} missing`);
  }
  const podSecurity = (pod.securityContext ?? {}) as Record<string, unknown>;
  if (!pod.serviceAccountName || pod.serviceAccountName === 'default')
    result.push(`${name}: runs as the default ServiceAccount; give it its own`);
  const containers = [
    ...((pod.initContainers ?? []) as Record<string, unknown>[]),
    ...((pod.containers ?? []) as Record<string, unknown>[]),
  ];
  for (const container of containers) {
    const where = `${name} container ${String(container.name)}`;
    const security = (container.securityContext ?? {}) as Record<string, unknown>;
    const effective = (key: string) => security[key] ?? podSecurity[key];
    if (effective('runAsNonRoot') !== true) result.push(`${where}: runAsNonRoot is not true`);
    if (typeof effective('runAsUser') !== 'number' || effective('runAsUser') === 0)
      result.push(`${where}: runAsUser must be a numeric non-root id`);
    if (typeof effective('runAsGroup') !== 'number')
      result.push(`${where}: runAsGroup must be numeric`);
    if (security.allowPrivilegeEscalation !== false)
      result.push(`${where}: allowPrivilegeEscalation must be false`);
    if (security.privileged === true) result.push(`${where}: privileged`);
    if (security.readOnlyRootFilesystem !== true)
      result.push(`${where}: readOnlyRootFilesystem must be true`);
    const dropped = (get(security, 'capabilities', 'drop') ?? []) as string[];
    if (!dropped.includes('ALL')) result.push(`${where}: capabilities must drop ALL`);
    if ((get(security, 'capabilities', 'add') as string[] | undefined)?.length)
      result.push(`${where}: adds capabilities`);
    const seccomp = (get(security, 'seccompProfile', 'type') ??
      get(podSecurity, 'seccompProfile', 'type')) as string | undefined;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
      result.push(`${where}: seccompProfile must be RuntimeDefault`);
    if (!get(container, 'resources', 'requests', 'cpu')) result.push(`${where}: no CPU request`);
    if (!get(container, 'resources', 'requests', 'memory'))
      result.push(`${where}: no memory request`);
    if (!get(container, 'resources', 'limits', 'memory')) result.push(`${where}: no memory limit`);
    const image = typeof container.image === 'string' ? container.image : '';
    const imageIssue = imageProblem(image);
    if (imageIssue) result.push(`${where}: ${imageIssue}`);
    if (manifest.kind === 'Deployment' || manifest.kind === 'StatefulSet') {
      for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe'])
        if (!container[probe]) result.push(`${where}: no ${probe}`);
      const liveness = get(container, 'livenessProbe', 'failureThreshold') as number | undefined;
      const readiness = get(container, 'readinessProbe', 'failureThreshold') as number | undefined;
      if (liveness !== undefined && readiness !== undefined && liveness < readiness)
        result.push(
          `${where}: liveness gives up before readiness (failureThreshold ${liveness} < ${readiness})`,
        );
    }
  }
  if (manifest.kind === 'CronJob') {
    const spec = manifest.spec as Record<string, unknown> | undefined;
    if (spec?.concurrencyPolicy !== 'Forbid')
      result.push(`${name}: concurrencyPolicy must be Forbid`);
    if (get(spec, 'jobTemplate', 'spec', 'backoffLimit') === undefined)
      result.push(`${name}: no backoffLimit`);
    if (get(spec, 'jobTemplate', 'spec', 'activeDeadlineSeconds') === undefined)
      result.push(`${name}: no activeDeadlineSeconds`);
  }
  return result;
}

/** Every Kubernetes manifest under k8s/, by path. */
export function kubernetesManifests(
  files: ProjectFiles,
): { path: string; manifests: Manifest[]; problems: string[] }[] {
  return files
    .paths()
    .filter((path) => path.startsWith('k8s/') && YAML_FILE.test(path))
    .map((path) => {
      const parsed = parseYamlDocuments(files.read(path) ?? '');
      return {
        path,
        manifests: parsed.documents.filter(
          (document): document is Manifest => typeof document === 'object',
        ),
        problems: parsed.problems.map((problem) => problem.message),
      };
    });
}

const kubernetes: DomainCheck = {
  id: 'stack-kubernetes',
  title:
    'Kubernetes: restricted pod security, requests and memory limits, probes, labels, listed resources',
  skill: 'chain',
  appliesTo: (model) => model.flags.usesKubernetes,
  run(files) {
    const problems: DomainProblem[] = [];
    const all = kubernetesManifests(files);
    for (const { path, manifests } of all) {
      for (const manifest of manifests)
        for (const message of workloadProblems(manifest)) problems.push({ path, message });
    }
    const kustomization = all.find((item) => item.path === 'k8s/kustomization.yaml')?.manifests[0];
    if (!kustomization) {
      if (all.length > 0) problems.push({ path: 'k8s/kustomization.yaml', message: 'missing' });
      return problems;
    }
    const paths = new Set(files.paths());
    const listed = ((kustomization.resources ?? []) as string[]).map(
      (resource) => `k8s/${resource}`,
    );
    for (const resource of listed) {
      if (!paths.has(resource) && ![...paths].some((path) => path.startsWith(`${resource}/`)))
        problems.push({
          path: 'k8s/kustomization.yaml',
          message: `lists ${resource}, which does not exist`,
        });
    }
    for (const { path, manifests } of all) {
      const isResource = manifests.some(
        (manifest) => typeof manifest.apiVersion === 'string' && manifest.kind !== 'Kustomization',
      );
      if (isResource && !listed.includes(path))
        problems.push({ path, message: 'is not listed in k8s/kustomization.yaml resources' });
    }
    return problems;
  },
};

/** Layer-3 checks for this area (see types.ts). */
/**
 * A conflict a re-run wrote with its markers (accepted, or --force) and nobody resolved: every
 * parser below would report it as a syntax error somewhere in the file; this says what it is.
 */
const conflictMarkers: DomainCheck = {
  id: 'stack-no-conflict-markers',
  title: 'No unresolved merge conflicts (<<<<<<< markers)',
  skill: 'chain',
  appliesTo: () => true,
  run(files) {
    const problems: DomainProblem[] = [];
    for (const path of files.paths()) {
      const text = files.read(path);
      if (text === undefined || !text.includes('<<<<<<< ')) continue;
      text.split('\n').forEach((line, index) => {
        if (line.startsWith('<<<<<<< '))
          problems.push({
            path,
            line: index + 1,
            message:
              'unresolved conflict from a re-run: keep your side or the new one, delete the markers, then validate again',
          });
      });
    }
    return problems;
  },
};

export const stackChecks: DomainCheck[] = [
  conflictMarkers,
  structuredFiles,
  compose,
  environment,
  literalSecrets,
  kubernetes,
];
