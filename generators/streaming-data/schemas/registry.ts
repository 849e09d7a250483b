import { lines, shellWord } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import type { StreamEntity, StreamPlan } from '../plan.js';
import { avroSchema, jsonSchema, protobufSchema } from './index.js';

/**
 * Schema-registry files for Kafka-API brokers: the request body that registers each schema
 * (`streaming/schemas/registry/<subject>.json`, so the script needs no JSON tooling), the script
 * that sets BACKWARD compatibility, checks and registers them, and at advanced maturity a CI gate
 * that only checks compatibility.
 */
export function registryFiles(plan: StreamPlan): FileSpec[] {
  if (!plan.isKafkaApi) return [];
  const files: FileSpec[] = plan.entities.map((item) => ({
    path: registryPayloadPath(item),
    kind: 'json',
    data: () => registryPayload(plan, item),
  }));
  files.push({
    path: 'streaming/scripts/register-schemas.sh',
    kind: 'text',
    isExecutable: true,
    render: () => registerScript(plan, false),
  });
  if (plan.model.maturity === 'advanced') {
    files.push({
      path: 'streaming/scripts/check-compatibility.sh',
      kind: 'text',
      isExecutable: true,
      render: () => registerScript(plan, true),
    });
  }
  return files;
}

export function registryPayloadPath(item: StreamEntity): string {
  return `streaming/schemas/registry/${item.subject}.json`;
}

/** The body of POST /subjects/<subject>/versions: the schema as a string, and its type. */
export function registryPayload(plan: StreamPlan, item: StreamEntity): Record<string, string> {
  switch (plan.streaming.serialization) {
    case 'avro':
      return { schemaType: 'AVRO', schema: JSON.stringify(avroSchema(plan, item)) };
    case 'protobuf':
      return { schemaType: 'PROTOBUF', schema: protobufSchema(plan, item) };
    case 'json-schema':
      return { schemaType: 'JSON', schema: JSON.stringify(jsonSchema(plan, item)) };
  }
}

function registerScript(plan: StreamPlan, checkOnly: boolean): string {
  return lines(
    '#!/usr/bin/env bash',
    checkOnly
      ? [
          '# CI gate: fails when a schema under streaming/schemas/ is not BACKWARD compatible with the version',
          '# registered for its subject, before anything is deployed. Registers nothing.',
        ]
      : [
          '# Registers the event schemas (streaming/schemas/registry/<subject>.json) with BACKWARD compatibility,',
          '# idempotently: the same schema keeps its id, an incompatible change is refused before registration.',
          '# Clients never auto-register, so this script (run by CI after review) is the only way in.',
        ],
    '#',
    `# Usage: streaming/scripts/${checkOnly ? 'check-compatibility' : 'register-schemas'}.sh`,
    'set -euo pipefail',
    '',
    'registry="${SCHEMA_REGISTRY_URL:?set SCHEMA_REGISTRY_URL (see .env.example)}"',
    'schemas_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../schemas/registry" && pwd)"',
    'content_type="Content-Type: application/vnd.schemaregistry.v1+json"',
    '',
    '# check SUBJECT: exit non-zero when the local schema would break consumers of the registered one.',
    'check() {',
    '  local subject="$1" body status',
    '  body="$(mktemp)"',
    '  status="$(curl -sS -o "${body}" -w "%{http_code}" -X POST -H "${content_type}" \\',
    '    --data @"${schemas_dir}/${subject}.json" "${registry}/compatibility/subjects/${subject}/versions/latest")" || return 1',
    '  if [[ "${status}" == 404 ]]; then',
    '    echo "${subject}: not registered yet"',
    '  elif [[ "${status}" != 200 ]] || ! grep -q \'"is_compatible":true\' "${body}"; then',
    '    echo "${subject}: NOT BACKWARD compatible with the registered version (HTTP ${status}): $(cat "${body}")" >&2',
    '    rm -f "${body}"',
    '    return 1',
    '  else',
    '    echo "${subject}: compatible"',
    '  fi',
    '  rm -f "${body}"',
    '}',
    checkOnly
      ? []
      : [
          '',
          '# register SUBJECT: pin the compatibility level, check, then register (a no-op when unchanged).',
          'register() {',
          '  local subject="$1"',
          '  curl -fsS -X PUT -H "${content_type}" --data \'{"compatibility": "BACKWARD"}\' \\',
          '    "${registry}/config/${subject}" >/dev/null || return 1',
          '  check "${subject}" || return 1',
          '  curl -fsS -X POST -H "${content_type}" --data @"${schemas_dir}/${subject}.json" \\',
          '    "${registry}/subjects/${subject}/versions" || return 1',
          '  echo',
          '}',
        ],
    '',
    'status=0',
    plan.entities.map(
      (item) => `${checkOnly ? 'check' : 'register'} ${shellWord(item.subject)} || status=1`,
    ),
    'exit "${status}"',
  );
}
