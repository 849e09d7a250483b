import { lines, markdownCell } from '../shared/text.js';
import type { Contributions, ProjectModel } from '../types.js';

export function renderRunbook(model: ProjectModel, contributions: Required<Contributions>): string {
  return lines(
    `# ${model.title}: runbook`,
    '',
    'What to do when something breaks. Every alert links to a section here; each section says how',
    'to confirm the problem, how to fix it and how to verify the fix.',
    '',
    '## Troubleshooting',
    '',
    '### The local stack does not start',
    '',
    '1. `docker compose ps` shows which service is unhealthy; `docker compose logs <service>` says why.',
    '2. A variable is missing: compose stops with `required variable … is missing a value`. Run',
    '   `make env`, then replace every `change-me` in `.env`.',
    '3. A port is taken: another process listens on it (`lsof -i :<port>`); stop it or change the',
    '   published port in `docker-compose.yml`.',
    '4. Start from scratch: `make clean && make up` (this deletes the local volumes).',
    '',
    contributions.runbook.map((entry) => [`### ${entry.title}`, '', entry.body.trim(), '']),
    '## Escalation',
    '',
    '- Data is late or wrong for consumers: announce it in the team channel with the affected tables',
    '  and the time range, then fix forward (re-run the affected partitions; models are idempotent).',
    '- Credentials were exposed: rotate them first (see `config/secrets/README.md` when present),',
    '  then investigate.',
  );
}

export function renderDataDictionary(model: ProjectModel): string {
  return lines(
    `# ${model.title}: data dictionary`,
    '',
    'Every entity, from its raw table to its marts. Keys are tested unique and not null;',
    'relationships are tested against the referenced entity; closed value sets are tested with',
    'accepted values. PII is hashed at the source and never stored in clear.',
    '',
    model.entities.map((entity) => [
      `## ${entity.name}`,
      '',
      `${entity.description} Kind: ${entity.kind}. Key: \`${entity.key.name}\`. Event time: \`${entity.eventTime.name}\`.`,
      model.flags.hasStreaming &&
        `Topic: \`${model.topics.find((topic) => topic.entity === entity.name)?.name ?? ''}\`.`,
      '',
      '| columns | type | nullable | description | tests |',
      '| --- | --- | --- | --- | --- |',
      entity.columns.map((column) => {
        const tests = [
          column.isKey && 'unique, not_null',
          !column.isKey && !column.isNullable && 'not_null',
          column.references &&
            `relationships → ${column.references.entity}.${column.references.column}`,
          column.acceptedValues && `accepted_values (${column.acceptedValues.join(', ')})`,
        ].filter(Boolean);
        return `| \`${column.name}\` | ${column.type} | ${column.isNullable ? 'yes' : 'no'} | ${markdownCell(column.description)}${column.isPii ? ' **PII (hashed)**' : ''} | ${tests.join('; ') || '—'} |`;
      }),
      '',
    ]),
  );
}
