import { lines, shellWord } from '../../shared/text.js';
import {
  kubernetesNamespace,
  kubernetesWorkloads,
  secretGroups,
  workloadServiceAccount,
} from '../../shared/workloads.js';
import { vaultPolicyWorkloads } from './policies.js';
import type { ProjectModel } from '../../types.js';
import { VAULT_KV_MOUNT, vaultKvPath, vaultRole } from '../layout.js';

/**
 * config/secrets/vault/bootstrap.sh: idempotent setup of the project's Vault paths. POSIX sh,
 * because `make vault-bootstrap` runs it inside the Vault container (Alpine, no bash).
 */
export function renderVaultBootstrap(model: ProjectModel): string {
  const all = vaultPolicyWorkloads(model);
  const onKubernetes = model.flags.usesKubernetes
    ? kubernetesWorkloads(model).filter((workload) =>
        all.some((item) => item.name === workload.name),
      )
    : [];
  const namespace = kubernetesNamespace(model);
  return lines(
    '#!/bin/sh',
    `# Bootstraps HashiCorp Vault for ${model.title}: the KV v2 mount, one least-privilege policy per`,
    '# workload and, with --kubernetes-host, a Kubernetes auth role per workload. Idempotent: every',
    '# step checks or overwrites, so it is safe to re-run after changing a policy.',
    '#',
    '# Usage: bootstrap.sh [--seed-from-env] [--kubernetes-host https://<api-server>:443]',
    '#   --seed-from-env    copy the values of the environment (.env in the dev stack) into KV;',
    '#                      for the dev server only: production values are written by a person',
    '#                      with `vault kv put` (see config/secrets/README.md).',
    '#   --kubernetes-host  configure the Kubernetes auth method for the cluster at that address.',
    '#',
    '# Needs VAULT_ADDR and a token with rights on sys/ (VAULT_TOKEN, or VAULT_DEV_ROOT_TOKEN in dev).',
    'set -eu',
    '',
    ': "${VAULT_ADDR:?set VAULT_ADDR (http://localhost:8200 for the dev stack)}"',
    'VAULT_TOKEN="${VAULT_TOKEN:-${VAULT_DEV_ROOT_TOKEN:-}}"',
    'if [ -z "$VAULT_TOKEN" ]; then',
    '  echo "set VAULT_TOKEN (or VAULT_DEV_ROOT_TOKEN for the dev server)" >&2',
    '  exit 1',
    'fi',
    'export VAULT_ADDR VAULT_TOKEN',
    '',
    'POLICY_DIR="$(cd "$(dirname "$0")" && pwd)/policies"',
    `KV_MOUNT=${shellWord(VAULT_KV_MOUNT)}`,
    'seed_from_env=false',
    'kubernetes_host=""',
    '',
    'while [ "$#" -gt 0 ]; do',
    '  case "$1" in',
    '    --seed-from-env) seed_from_env=true ;;',
    '    --kubernetes-host)',
    '      kubernetes_host="${2:?--kubernetes-host needs the API server URL}"',
    '      shift',
    '      ;;',
    '    *)',
    '      echo "unknown argument: $1" >&2',
    '      exit 2',
    '      ;;',
    '  esac',
    '  shift',
    'done',
    '',
    '# KV version 2 keeps previous versions, so a bad rotation can be rolled back with',
    '# `vault kv rollback`. Ten versions cover a year of monthly rotations.',
    'if ! vault secrets list -format=json | grep -q "\\"${KV_MOUNT}/\\""; then',
    '  vault secrets enable -path="$KV_MOUNT" -version=2 kv',
    'fi',
    'vault write "${KV_MOUNT}/config" max_versions=10 >/dev/null',
    '',
    '# One policy per workload: each reads only its own secrets.',
    all.map(
      (workload) =>
        `vault policy write ${shellWord(vaultRole(model, workload.name))} "$POLICY_DIR/${workload.name}.hcl"`,
    ),
    '',
    '# seed <kv path> <variable>...: writes the variables that are set; `key=-` reads the value from',
    '# stdin, so values never appear in the process list.',
    'seed() {',
    '  path="$1"',
    '  shift',
    "  verb='put'",
    '  for name in "$@"; do',
    '    value="$(printenv "$name" || true)"',
    '    if [ -z "$value" ]; then',
    '      echo "skipped $name: not set"',
    '      continue',
    '    fi',
    '    printf \'%s\' "$value" | vault kv "$verb" -mount="$KV_MOUNT" "$path" "$name=-" >/dev/null',
    "    verb='patch'",
    '  done',
    '}',
    '',
    'if [ "$seed_from_env" = true ]; then',
    secretGroups(model).map(
      (group) =>
        `  seed ${shellWord(vaultKvPath(model, group))} ${group.secrets.map((secret) => secret.name).join(' ')}`,
    ),
    `  echo "seeded \${KV_MOUNT}/${model.name}/* from the environment"`,
    'fi',
    '',
    onKubernetes.length > 0
      ? [
          '# Kubernetes auth: each workload logs in with its own ServiceAccount token (audience',
          '# "vault") and gets only its policy, for one hour at most.',
          'if [ -n "$kubernetes_host" ]; then',
          '  if ! vault auth list -format=json | grep -q \'"kubernetes/"\'; then',
          '    vault auth enable kubernetes',
          '  fi',
          '  vault write auth/kubernetes/config kubernetes_host="$kubernetes_host" >/dev/null',
          onKubernetes.map((workload) => [
            `  vault write auth/kubernetes/role/${shellWord(vaultRole(model, workload.name))} \\`,
            `    bound_service_account_names=${shellWord(workloadServiceAccount(workload))} \\`,
            `    bound_service_account_namespaces=${shellWord(namespace)} \\`,
            '    audience=vault \\',
            `    token_policies=${shellWord(vaultRole(model, workload.name))} \\`,
            '    token_ttl=1h token_max_ttl=4h >/dev/null',
          ]),
          'fi',
        ]
      : [
          '# No workload of this chain runs on Kubernetes: --kubernetes-host has nothing to bind.',
          'if [ -n "$kubernetes_host" ]; then',
          '  echo "no Kubernetes workloads in this project; ignoring --kubernetes-host" >&2',
          'fi',
        ],
    '',
    `echo "Vault is ready: \${KV_MOUNT}/ mounted, policies written for ${all.map((workload) => workload.name).join(', ') || 'no workload'}"`,
  );
}
