import { lines } from '../../shared/text.js';
import type { Workload } from '../../shared/workloads.js';
import { workloads } from '../../shared/workloads.js';
import type { ProjectModel } from '../../types.js';
import { VAULT_DATABASE_MOUNT, VAULT_KV_MOUNT, vaultKvPath, vaultRole } from '../layout.js';
import { databaseTarget } from './database-target.js';

/** The workloads that get a policy: those that read at least one secret or a database role. */
export function vaultPolicyWorkloads(model: ProjectModel): Workload[] {
  const database = databaseTarget(model);
  return workloads(model).filter(
    (workload) =>
      workload.secrets.length > 0 ||
      database?.workloads.some((item) => item.name === workload.name),
  );
}

/**
 * One Vault policy per workload: read on exactly the KV entries it needs (KV v2 reads go through
 * `<mount>/data/<path>`), read on its own database role when dynamic credentials are on, nothing
 * else. No `list` on metadata: a workload never needs to discover other secrets.
 */
export function renderVaultPolicy(model: ProjectModel, workload: Workload): string {
  const database = databaseTarget(model);
  const hasDatabaseRole =
    database !== undefined && database.workloads.some((item) => item.name === workload.name);
  return lines(
    `# Vault policy ${vaultRole(model, workload.name)}: ${workload.title}.`,
    '# Least privilege: read-only, on the secrets this workload uses and nothing else. Written by',
    '# config/secrets/vault/bootstrap.sh; bound to the workload through its Kubernetes auth role.',
    '',
    workload.groups.map((group) => [
      `# ${group.name}: ${group.secrets.map((secret) => secret.name).join(', ')}`,
      `path "${VAULT_KV_MOUNT}/data/${vaultKvPath(model, group)}" {`,
      '  capabilities = ["read"]',
      '}',
      '',
    ]),
    hasDatabaseRole && [
      `# Short-lived database users for ${database.title} (config/secrets/vault/database.hcl).`,
      `path "${VAULT_DATABASE_MOUNT}/creds/${vaultRole(model, workload.name)}" {`,
      '  capabilities = ["read"]',
      '}',
      '',
      '# Renew the lease of those credentials while the workload runs, instead of re-issuing them.',
      'path "sys/leases/renew" {',
      '  capabilities = ["update"]',
      '}',
    ],
  );
}
