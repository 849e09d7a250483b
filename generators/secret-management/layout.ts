import type { EnvVar, ProjectModel } from '../types.js';
import type { SecretGroup } from '../shared/workloads.js';
import { secretSlug } from '../shared/workloads.js';

/**
 * Where each secret lives in the chosen store. One function per store keeps the Terraform, the
 * Vault policies, the Kubernetes delivery and the README on the same names.
 */

/** Vault: one KV v2 entry per group under the project, keys are the variable names. */
export const VAULT_KV_MOUNT = 'kv';
export const VAULT_DATABASE_MOUNT = 'database';

export function vaultKvPath(model: ProjectModel, group: Pick<SecretGroup, 'name'>): string {
  return `${model.name}/${group.name}`;
}

export function vaultRole(model: ProjectModel, workloadName: string): string {
  return `${model.name}-${workloadName}`;
}

/** AWS Secrets Manager: one secret per variable, hierarchical names so IAM can scope by prefix. */
export function awsSecretName(
  model: ProjectModel,
  group: Pick<SecretGroup, 'name'>,
  variable: EnvVar,
): string {
  return `${model.name}/${group.name}/${secretSlug(variable)}`;
}

/** GCP Secret Manager: flat ids (letters, digits, `-`, `_`), prefixed by project and group. */
export function gcpSecretId(
  model: ProjectModel,
  group: Pick<SecretGroup, 'name'>,
  variable: EnvVar,
): string {
  return `${model.name}-${group.name}-${secretSlug(variable)}`;
}

/** Azure Key Vault: one vault per project and environment; secret names allow letters, digits and `-`. */
export function azureSecretName(group: Pick<SecretGroup, 'name'>, variable: EnvVar): string {
  return `${group.name}-${secretSlug(variable)}`.replace(/[^A-Za-z0-9-]/g, '-');
}

/** Key Vault names are global, 3–24 characters: `kv-` + the project name, trimmed. */
export function azureKeyVaultName(model: ProjectModel): string {
  return `kv-${model.name}`.slice(0, 24).replace(/-+$/, '');
}

/** SOPS: one encrypted file per environment holding every variable. */
export const SOPS_ENVIRONMENTS = ['staging', 'production'] as const;

export function sopsFile(environment: string): string {
  return `config/secrets/sops/${environment}.enc.yaml`;
}

/** How a person finds a secret in the store, for the README table. */
export function storeLocation(model: ProjectModel, group: SecretGroup, variable: EnvVar): string {
  switch (model.secrets.store) {
    case 'vault':
      return `\`${VAULT_KV_MOUNT}/${vaultKvPath(model, group)}\` key \`${variable.name}\``;
    case 'aws-secrets-manager':
      return `secret \`${awsSecretName(model, group, variable)}\``;
    case 'gcp-secret-manager':
      return `secret \`${gcpSecretId(model, group, variable)}\``;
    case 'azure-key-vault':
      return `\`${azureKeyVaultName(model)}\` secret \`${azureSecretName(group, variable)}\``;
    case 'sops':
      return `key \`${variable.name}\` of \`${sopsFile('<environment>')}\``;
  }
}

export const STORE_TITLES: Record<ProjectModel['secrets']['store'], string> = {
  vault: 'HashiCorp Vault (KV v2)',
  'aws-secrets-manager': 'AWS Secrets Manager',
  'gcp-secret-manager': 'Google Cloud Secret Manager',
  'azure-key-vault': 'Azure Key Vault',
  sops: 'SOPS-encrypted files in git',
};
