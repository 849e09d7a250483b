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
    `.PHONY: ${phony}`,
    '',
    targets
      .map((target) =>
        lines(
          `${target.name}:${target.dependsOn && target.dependsOn.length > 0 ? ` ${target.dependsOn.join(' ')}` : ''} ## ${target.help}`,
          target.commands.map((command) => `\t${command}`),
          '',
        ).trimEnd(),
      )
      .join('\n\n'),
  );
}
