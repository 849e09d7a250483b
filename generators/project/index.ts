import { lines } from '../shared/text.js';
import type { Contributions, FileSpec, GeneratorDefinition, ProjectModel } from '../types.js';
import { collectContributions } from './contributions.js';
import { renderDataDictionary, renderRunbook } from './docs.js';
import { kubernetesFiles } from './kubernetes/index.js';
import { renderMakefile } from './makefile.js';
import { renderReadme } from './readme.js';

/**
 * The chain-level files every project has: README, .env.example, .gitignore, Makefile, the local
 * stack (docker-compose.yml plus a workbench image), requirements.txt and docs/. They are
 * assembled from the contributions of the skills in the chain.
 */
export function projectGenerator(
  skillGenerators: () => readonly GeneratorDefinition[],
): GeneratorDefinition {
  return {
    name: 'project',
    description: 'README, local stack, Makefile, environment template and docs for the whole chain',
    files(model) {
      const contributions = collectContributions(model, skillGenerators());
      const files: FileSpec[] = [
        {
          path: 'README.md',
          kind: 'text',
          render: () =>
            renderReadme({
              model,
              contributions,
              layout: layoutOf(model),
              choices: choicesOf(model),
            }),
        },
        { path: '.env.example', kind: 'text', render: () => renderEnvExample(model) },
        { path: '.gitignore', kind: 'text', render: () => renderGitignore(contributions) },
        {
          path: 'Makefile',
          kind: 'text',
          render: () =>
            renderMakefile(model, contributions.makeTargets, dataDirectories(contributions)),
        },
        {
          path: 'docker-compose.yml',
          kind: 'yaml',
          header: [
            `Local stack for ${model.title}: \`make up\` (docker compose up -d --wait).`,
            'Development only: single brokers, replication factor 1, dev-mode servers. Secrets come from',
            '.env (see .env.example); `${VAR:?…}` stops compose with a message when one is missing.',
          ],
          data: () => composeFile(model, contributions),
        },
        { path: 'requirements.txt', kind: 'text', render: () => renderRequirements(contributions) },
        { path: 'docker/workbench/Dockerfile', kind: 'text', render: () => renderWorkbench(model) },
        {
          path: 'docs/runbook.md',
          kind: 'text',
          render: () => renderRunbook(model, contributions),
        },
        {
          path: 'docs/data-dictionary.md',
          kind: 'text',
          render: () => renderDataDictionary(model),
        },
        ...kubernetesFiles(model, contributions.kustomizeResources),
      ];
      return files;
    },
  };
}

function renderEnvExample(model: ProjectModel): string {
  return lines(
    `# Environment for ${model.title}. Copy to .env (\`make env\`) and replace the placeholders.`,
    '# .env is git-ignored. Placeholders only: never put a real value in this file.',
    '# Production reads the same names from the secret store, not from a file.',
    '',
    model.env.map((variable) => [
      `# ${variable.description}${variable.isSecret ? ' (secret)' : ''}. Used by: ${variable.usedBy.join(', ')}.`,
      `${variable.name}=${variable.example}`,
      '',
    ]),
  );
}

/**
 * The folders under ./data that compose services bind-mount. `make up` creates them first, so
 * they belong to you: Docker would create a missing one as root.
 */
function dataDirectories(contributions: Required<Contributions>): string[] {
  const folders = new Set<string>();
  for (const service of Object.values(contributions.composeServices)) {
    const volumes = (service as { volumes?: unknown }).volumes;
    if (!Array.isArray(volumes)) continue;
    for (const volume of volumes) {
      if (typeof volume !== 'string') continue;
      const host = /^\.\/(data(?:\/[\w.-]+)*)\/?:/.exec(volume)?.[1];
      if (host) folders.add(host);
    }
  }
  return [...folders].sort();
}

function renderGitignore(contributions: Required<Contributions>): string {
  return lines(
    '# Secrets and local state never leave the machine.',
    '.env',
    '.env.*',
    '!.env.example',
    '*.pem',
    '*.p8',
    '*.key',
    '',
    '# Local data and build output',
    'data/',
    '*.duckdb',
    '*.duckdb.wal',
    '__pycache__/',
    '*.pyc',
    '.pytest_cache/',
    '.venv/',
    'node_modules/',
    'target/',
    '',
    contributions.gitignore.length > 0 && ['# Tools of this chain', contributions.gitignore],
  );
}

function renderRequirements(contributions: Required<Contributions>): string {
  const requirements = [
    ...new Set(['duckdb>=1.3,<2', 'pytest>=8,<9', ...contributions.pythonRequirements]),
  ].sort();
  return lines(
    '# Python toolchain of the project: `pip install -r requirements.txt` (or use the workbench',
    '# container: `docker compose run --rm workbench <command>`). dbt is pinned to its minor line',
    '# (`~=X.Y.0`: patch releases flow in, a minor upgrade is a deliberate change); the libraries are',
    '# bounded below their next major version (`>=X.Y,<N`: minor and patch releases flow in).',
    requirements,
  );
}

function renderWorkbench(model: ProjectModel): string {
  return lines(
    `# Workbench for ${model.title}: the project's Python toolchain (dbt, clients, pytest) in one`,
    '# image, so every machine runs the same versions. Used by `docker compose run --rm workbench …`.',
    'FROM python:3.12-slim-bookworm',
    '',
    'ENV PYTHONDONTWRITEBYTECODE=1 \\',
    '    PYTHONUNBUFFERED=1 \\',
    '    PIP_NO_CACHE_DIR=1 \\',
    '    PIP_DISABLE_PIP_VERSION_CHECK=1',
    '',
    '# Build tools for wheels without binaries (confluent-kafka on some platforms), then drop the cache.',
    'RUN apt-get update \\',
    ' && apt-get install -y --no-install-recommends build-essential git \\',
    ' && rm -rf /var/lib/apt/lists/*',
    '',
    'WORKDIR /workspace',
    'COPY requirements.txt /tmp/requirements.txt',
    'RUN pip install -r /tmp/requirements.txt',
    '',
    '# Run as an unprivileged user; the project is mounted at /workspace.',
    'RUN useradd --create-home --uid 10001 pipeline',
    'USER 10001',
    '',
    'CMD ["sleep", "infinity"]',
  );
}

function composeFile(
  model: ProjectModel,
  contributions: Required<Contributions>,
): Record<string, unknown> {
  const services: Record<string, unknown> = {
    workbench: {
      build: { context: '.', dockerfile: 'docker/workbench/Dockerfile' },
      image: `${model.name}-workbench:local`,
      // Run as the user who owns the project folder (`make env` writes LOCAL_UID/LOCAL_GID), so
      // files the workbench writes into the mounted project stay theirs.
      user: '${LOCAL_UID:-1000}:${LOCAL_GID:-1000}',
      working_dir: '/workspace',
      volumes: ['./:/workspace'],
      env_file: [{ path: '.env', required: false }],
      environment: { DUCKDB_PATH: '/workspace/data/warehouse.duckdb' },
      healthcheck: {
        test: ['CMD', 'python', '-c', 'import duckdb'],
        interval: '30s',
        timeout: '10s',
        retries: 3,
        start_period: '10s',
      },
    },
    ...contributions.composeServices,
  };
  const volumes = Object.fromEntries(contributions.composeVolumes.map((volume) => [volume, {}]));
  return {
    name: model.name,
    services,
    ...(contributions.composeVolumes.length > 0 ? { volumes } : {}),
  };
}

function layoutOf(model: ProjectModel): { path: string; description: string }[] {
  const layout = [
    { path: 'README.md', description: 'this file' },
    { path: 'docker-compose.yml', description: 'local stack' },
    { path: 'Makefile', description: 'every next step as a target (`make help`)' },
    { path: 'docs/', description: 'runbook and data dictionary' },
  ];
  if (model.flags.hasArchitecture)
    layout.push({
      path: 'architecture/',
      description: 'design, ER diagram, lineage, governance, ADRs, DDL',
    });
  if (model.flags.hasStreaming)
    layout.push({
      path: 'streaming/',
      description: 'topics, client config, schemas, producers, consumers',
    });
  if (model.flags.hasTransforms)
    layout.push({
      path: 'transforms/',
      description: 'dbt project, orchestration, Python transforms',
    });
  if (model.flags.hasTransforms)
    layout.push({
      path: 'config/',
      description: 'pipeline and connection configuration (env references only)',
    });
  if (model.flags.hasSql)
    layout.push({ path: 'sql/', description: 'indexes, optimized queries, explain plans' });
  if (model.flags.hasPerformance)
    layout.push({
      path: 'monitoring/',
      description: 'metrics, alerts, dashboards, SLOs, load tests',
    });
  if (model.flags.hasTransforms)
    layout.push({ path: 'tests/', description: 'data quality, unit and integration tests' });
  if (model.flags.usesKubernetes)
    layout.push({ path: 'k8s/', description: 'Kubernetes manifests (kustomize)' });
  layout.push({
    path: '.skillchain/',
    description: 'answers and manifest for `skillchain update`',
  });
  return layout;
}

function choicesOf(model: ProjectModel) {
  return model.choices.map((choice) => ({
    section: choice.title,
    answers: choice.answers.map((answer) => ({ prompt: answer.prompt, value: answer.value })),
  }));
}
