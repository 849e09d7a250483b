import { lines } from '../shared/text.js';
import type { MakeTarget, ProjectModel } from '../types.js';

/**
 * The Makefile: one entry point for every next step. `make help` lists the targets; each recipe
 * is the exact command the README gives.
 */
export function renderMakefile(
  model: ProjectModel,
  skillTargets: readonly MakeTarget[],
  dataDirectories: readonly string[] = [],
): string {
  const targets: MakeTarget[] = [
    {
      name: 'help',
      help: 'List the targets',
      commands: [
        `@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  \\033[36m%-18s\\033[0m %s\\n", $$1, $$2}' $(MAKEFILE_LIST)`,
      ],
    },
    {
      name: 'env',
      help: 'Create .env from .env.example (edit the placeholders before starting)',
      // Fills in the user and group ids, so containers that write into the project run as you.
      commands: [
        '@test ! -f .env || { echo ".env exists: left as it is"; exit 0; }; cp .env.example .env && sed -i.bak -e "s/^LOCAL_UID=.*/LOCAL_UID=$$(id -u)/" -e "s/^LOCAL_GID=.*/LOCAL_GID=$$(id -g)/" -e "s/^AIRFLOW_UID=.*/AIRFLOW_UID=$$(id -u)/" .env && rm -f .env.bak && echo "created .env: replace the change-me values"',
      ],
    },
    {
      name: 'up',
      help: 'Start the local stack (docker compose) and wait until it is healthy',
      commands: [
        // Bind-mounted folders are created as you first: Docker would create them as root.
        ...(dataDirectories.length > 0 ? [`@mkdir -p ${dataDirectories.join(' ')}`] : []),
        'docker compose up -d --wait',
      ],
      dependsOn: ['env'],
    },
    {
      name: 'down',
      help: 'Stop the local stack (keeps the volumes)',
      commands: ['docker compose down'],
    },
    {
      name: 'clean',
      help: 'Stop the stack and delete its volumes and local data',
      commands: ['docker compose down --volumes', 'rm -rf data/*.duckdb'],
    },
    {
      name: 'logs',
      help: 'Follow the logs of the local stack',
      commands: ['docker compose logs -f --tail=100'],
    },
    ...skillTargets,
  ];
  const hasTest = targets.some((target) => target.name === 'test');
  if (!hasTest)
    targets.push({
      name: 'test',
      help: 'Run every test of the project',
      commands: ['@echo "no tests for this chain yet"'],
    });
  const phony = targets.map((target) => target.name).join(' ');
  const usesWorkbench = targets.some((target) => target.commands.some(isWorkbenchCommand));
  return lines(
    `# ${model.title}: the commands the README's next steps use. Run \`make help\` to list them.`,
    '# Recipes read configuration from .env (created from .env.example by `make env`).',
    '',
    'SHELL := /usr/bin/env bash',
    '.SHELLFLAGS := -eu -o pipefail -c',
    '.DEFAULT_GOAL := help',
    '',
    '# Export the variables of .env to every recipe, when it exists.',
    'ifneq (,$(wildcard .env))',
    'include .env',
    'export',
    'endif',
    '',
    usesWorkbench && [
      '# Python, dbt and pytest run in the workbench container (docker/workbench, requirements.txt',
      '# installed), so Docker is all a machine needs. With a virtualenv of your own',
      '# (pip install -r requirements.txt), run them on the host instead: make transform RUN=',
      'RUN ?= docker compose run --rm workbench',
      '# `make docs` serves on localhost:8088; in the container it must listen on every interface.',
      'RUN_DOCS ?= docker compose run --rm --publish 127.0.0.1:8088:8088 workbench',
      'DOCS_HOST ?= 0.0.0.0',
      '',
    ],
    `.PHONY: ${phony}`,
    '',
    targets
      .map((target) =>
        lines(
          `${target.name}:${target.dependsOn && target.dependsOn.length > 0 ? ` ${target.dependsOn.join(' ')}` : ''} ## ${target.help}`,
          target.commands.map((command) => `\t${inWorkbench(command)}`),
          '',
        ).trimEnd(),
      )
      .join('\n\n'),
  );
}

/** A recipe line that starts a project tool (`python …`, `dbt …`, `pytest …`). */
const PROJECT_TOOL = /^(@?)(python|dbt|pytest)\b/;

function isWorkbenchCommand(command: string): boolean {
  return PROJECT_TOOL.test(command);
}

/** Prefixes a project tool with `$(RUN)` (the workbench container unless RUN= is given). */
function inWorkbench(command: string): string {
  if (!isWorkbenchCommand(command)) return command;
  if (/^@?dbt docs serve\b/.test(command))
    return command.replace(PROJECT_TOOL, '$1$$(RUN_DOCS) $2') + ' --host $(DOCS_HOST)';
  return command.replace(PROJECT_TOOL, '$1$$(RUN) $2');
}
