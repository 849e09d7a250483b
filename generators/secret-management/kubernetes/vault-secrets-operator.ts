import {
  databaseCredentialsSecretName,
  hasDynamicDatabaseSecret,
  vaultSecretsOperatorSecretName,
} from '../../shared/secret-delivery.js';
import type { Workload } from '../../shared/workloads.js';
import {
  dynamicCredentialWorkloads,
  kubernetesWorkloads,
  workloadServiceAccount,
} from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { VAULT_DATABASE_MOUNT, VAULT_KV_MOUNT, vaultKvPath, vaultRole } from '../layout.js';
import { databaseTarget } from '../vault/database-target.js';
import { labels, VAULT_IN_CLUSTER_ADDRESS } from './common.js';

const API_VERSION = 'secrets.hashicorp.com/v1beta1';

/**
 * Vault Secrets Operator: a VaultConnection, a VaultAuth per workload (its own ServiceAccount and
 * Vault role), a VaultStaticSecret per KV entry it reads and, with dynamic database credentials,
 * a VaultDynamicSecret that renews the lease and restarts the workload when the user changes.
 */
export function vaultSecretsOperatorFiles(model: ProjectModel): {
  files: FileSpec[];
  resources: string[];
} {
  const targets = kubernetesWorkloads(model).filter((workload) => workload.secrets.length > 0);
  if (targets.length === 0) return { files: [], resources: [] };
  const databaseWorkloads = dynamicCredentialWorkloads(model);
  const files: FileSpec[] = [
    {
      path: 'k8s/vault-secrets-operator/vault-connection.yaml',
      kind: 'yaml',
      isMultiDocument: true,
      header: [
        `How the Vault Secrets Operator reaches Vault for ${model.name}, and one VaultAuth per workload: each`,
        'logs in with its own ServiceAccount (audience "vault") to its own role, bound to its policy by',
        'config/secrets/vault/bootstrap.sh --kubernetes-host.',
      ],
      data: () => [
        {
          apiVersion: API_VERSION,
          kind: 'VaultConnection',
          metadata: { name: 'vault', labels: labels(model, 'secrets') },
          spec: { address: VAULT_IN_CLUSTER_ADDRESS, skipTLSVerify: false },
        },
        ...targets.map((workload) => ({
          apiVersion: API_VERSION,
          kind: 'VaultAuth',
          metadata: { name: workload.name, labels: labels(model, 'secrets', workload.name) },
          spec: {
            vaultConnectionRef: 'vault',
            method: 'kubernetes',
            mount: 'kubernetes',
            kubernetes: {
              role: vaultRole(model, workload.name),
              serviceAccount: workloadServiceAccount(workload),
              audiences: ['vault'],
            },
          },
        })),
      ],
    },
    ...targets.map((workload): FileSpec => ({
      path: `k8s/vault-secrets-operator/${workload.name}-vault-secrets.yaml`,
      kind: 'yaml',
      isMultiDocument: true,
      header: [
        `Secrets of the ${workload.name} workload, synced from Vault by the Vault Secrets Operator. Each`,
        'object owns one Secret (destination.create) and re-reads Vault every refreshAfter.',
      ],
      data: () => workloadDocuments(model, workload, databaseWorkloads),
    })),
  ];
  return { files, resources: files.map((file) => file.path.replace(/^k8s\//, '')) };
}

function restartTargets(workload: Workload): Record<string, string>[] {
  return workload.kind === 'deployment' ? [{ kind: 'Deployment', name: workload.name }] : [];
}

function workloadDocuments(
  model: ProjectModel,
  workload: Workload,
  databaseWorkloads: string[],
): Record<string, unknown>[] {
  const documents: Record<string, unknown>[] = workload.groups.map((group) => ({
    apiVersion: API_VERSION,
    kind: 'VaultStaticSecret',
    metadata: {
      name: `${workload.name}-${group.name}`,
      labels: labels(model, 'secrets', workload.name),
    },
    spec: {
      vaultAuthRef: workload.name,
      mount: VAULT_KV_MOUNT,
      type: 'kv-v2',
      path: vaultKvPath(model, group),
      refreshAfter: '1h',
      destination: { name: vaultSecretsOperatorSecretName(workload, group.name), create: true },
      ...(restartTargets(workload).length > 0
        ? { rolloutRestartTargets: restartTargets(workload) }
        : {}),
    },
  }));
  const target = databaseTarget(model);
  if (
    target &&
    hasDynamicDatabaseSecret(model, workload, databaseWorkloads) &&
    target.userVariable &&
    target.passwordVariable
  ) {
    documents.push({
      apiVersion: API_VERSION,
      kind: 'VaultDynamicSecret',
      metadata: {
        name: `${workload.name}-database`,
        labels: labels(model, 'secrets', workload.name),
      },
      spec: {
        vaultAuthRef: workload.name,
        mount: VAULT_DATABASE_MOUNT,
        path: `creds/${vaultRole(model, workload.name)}`,
        // Renew the lease at two thirds of its TTL; a new user is issued only at max_ttl.
        renewalPercent: 67,
        destination: {
          name: databaseCredentialsSecretName(workload),
          create: true,
          transformation: {
            excludeRaw: true,
            excludes: ['^username$', '^password$'],
            templates: {
              [target.userVariable]: { text: '{{ get .Secrets "username" }}' },
              [target.passwordVariable]: { text: '{{ get .Secrets "password" }}' },
            },
          },
        },
        ...(restartTargets(workload).length > 0
          ? { rolloutRestartTargets: restartTargets(workload) }
          : {}),
      },
    });
  }
  return documents;
}
