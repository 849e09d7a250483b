import type { EnvVar, ProjectModel } from '../../source/engine/model/types.js';
import { kebabCase } from '../../source/engine/model/naming.js';

/**
 * Who reads which secret: the one place the secret store layout, the Vault policies, the cloud IAM
 * and the Kubernetes manifests take their names from, so a policy, a store path and a pod's
 * environment always agree.
 *
 * Secrets are grouped by what they unlock (the warehouse, the broker, …): a group is one Vault KV
 * entry (keys = variable names) and one prefix in the cloud stores. A workload reads the groups it
 * needs and nothing else (least privilege).
 */

export type SecretGroupName =
  'warehouse' | 'broker' | 'cdc-source' | 'alerting' | 'monitoring' | (string & {});

export interface SecretGroup {
  name: SecretGroupName;
  description: string;
  secrets: EnvVar[];
}

export interface Workload {
  /** Kubernetes object name, Vault role and policy suffix: `loader`, `transforms`. */
  name: string;
  title: string;
  /** `deployment`/`cronjob`: run by the generated Kubernetes manifests; `external`: runs elsewhere. */
  kind: 'deployment' | 'cronjob' | 'external';
  /** The secret groups it reads. */
  groups: SecretGroup[];
  /** Every secret it reads, in group order. */
  secrets: EnvVar[];
}

/** Group of a secret variable, from who reads it (model.env `usedBy`). `undefined`: local only. */
export function secretGroupOf(variable: EnvVar): SecretGroupName | undefined {
  const users = variable.usedBy;
  if (users.length > 0 && users.every((user) => user.startsWith('docker compose')))
    return undefined;
  if (users.some((user) => user.startsWith('dbt') || user === 'loaders')) return 'warehouse';
  if (users.some((user) => user === 'consumers' || user === 'producers')) return 'broker';
  if (users.includes('cdc connector')) return 'cdc-source';
  if (users.includes('alertmanager')) return 'alerting';
  if (users.includes('datadog agent')) return 'monitoring';
  return kebabCase((users[0] ?? variable.name).replace(/[^A-Za-z0-9_\s-]/g, ''));
}

const GROUP_DESCRIPTIONS: Record<string, string> = {
  warehouse: 'credentials of the warehouse (loaders write raw tables, dbt builds the marts)',
  broker: 'credentials of the message broker (producers and consumers)',
  'cdc-source': 'the replication user of the CDC source database',
  alerting: 'where alerts are delivered (webhooks, routing keys, SMTP)',
  monitoring: 'the metrics vendor API key',
};

/** Every secret of the stack that lives in the secret store (local-only dev passwords excluded). */
export function secretGroups(model: ProjectModel): SecretGroup[] {
  const groups = new Map<string, SecretGroup>();
  for (const variable of model.env) {
    if (!variable.isSecret) continue;
    const name = secretGroupOf(variable);
    if (name === undefined) continue;
    const group = groups.get(name) ?? {
      name,
      description: GROUP_DESCRIPTIONS[name] ?? `secrets of ${name}`,
      secrets: [],
    };
    group.secrets.push(variable);
    groups.set(name, group);
  }
  return [...groups.values()];
}

/** Secrets only the local docker compose stack reads (dev passwords); they stay in .env. */
export function localOnlySecrets(model: ProjectModel): EnvVar[] {
  return model.env.filter((variable) => variable.isSecret && secretGroupOf(variable) === undefined);
}

/**
 * The workloads of the stack and the groups each may read. The loader and the transforms are run
 * by the generated Kubernetes manifests; the others (Kafka Connect, Alertmanager, …) are deployed
 * by their own charts but still get a least-privilege policy.
 */
export function workloads(model: ProjectModel): Workload[] {
  const groups = secretGroups(model);
  const byName = new Map(groups.map((group) => [group.name, group]));
  const pick = (...names: string[]) => names.flatMap((name) => byName.get(name) ?? []);
  const result: Workload[] = [];
  const add = (name: string, title: string, kind: Workload['kind'], chosen: SecretGroup[]) => {
    result.push({
      name,
      title,
      kind,
      groups: chosen,
      secrets: chosen.flatMap((group) => group.secrets),
    });
  };
  if (model.flags.hasStreaming) {
    add(
      'loader',
      'Stream loader (consumes the topics into the raw tables)',
      'deployment',
      pick('broker', 'warehouse'),
    );
  }
  if (model.flags.hasTransforms)
    add(
      'transforms',
      'Batch transformations (dbt build / Python transforms)',
      'cronjob',
      pick('warehouse'),
    );
  if (model.flags.hasStreaming)
    add('producer', 'Event producers (the applications that publish)', 'external', pick('broker'));
  if (byName.has('cdc-source'))
    add(
      'kafka-connect',
      'Kafka Connect (CDC source and sink connectors)',
      'external',
      pick('cdc-source', 'broker', 'warehouse'),
    );
  if (byName.has('alerting'))
    add('alertmanager', 'Alertmanager (alert delivery)', 'external', pick('alerting'));
  if (byName.has('monitoring'))
    add('datadog-agent', 'Datadog agent', 'external', pick('monitoring'));
  const covered = new Set(result.flatMap((workload) => workload.groups.map((group) => group.name)));
  for (const group of groups) {
    if (!covered.has(group.name)) add(group.name, `Readers of ${group.name}`, 'external', [group]);
  }
  return result.filter((workload) => workload.secrets.length > 0 || workload.kind !== 'external');
}

/** The workloads the generated Kubernetes manifests run. */
export function kubernetesWorkloads(model: ProjectModel): Workload[] {
  return workloads(model).filter((workload) => workload.kind !== 'external');
}

/** The Kubernetes Secret a workload reads its environment from. */
export function workloadSecretName(workload: Pick<Workload, 'name'>): string {
  return `${workload.name}-secrets`;
}

/** The Kubernetes ServiceAccount of a workload. */
export function workloadServiceAccount(workload: Pick<Workload, 'name'>): string {
  return workload.name;
}

/**
 * Secrets whose variable holds a path to a key file (`SNOWFLAKE_PRIVATE_KEY_PATH`,
 * `GOOGLE_APPLICATION_CREDENTIALS`): the store keeps the file's content, the pod mounts it as a
 * file and the variable points at it.
 */
export function isFileSecret(variable: Pick<EnvVar, 'name' | 'example'>): boolean {
  return variable.example.startsWith('/') && /(_PATH|_FILE|CREDENTIALS)$/.test(variable.name);
}

/**
 * `POSTGRES_PASSWORD` → `postgres-password`: the name of a secret in the cloud stores. A file
 * secret is named after what it holds (`SNOWFLAKE_PRIVATE_KEY_PATH` → `snowflake-private-key`).
 */
export function secretSlug(variable: Pick<EnvVar, 'name' | 'example'>): string {
  const name = isFileSecret(variable) ? variable.name.replace(/_(PATH|FILE)$/, '') : variable.name;
  return kebabCase(name);
}

/**
 * How secrets reach the Kubernetes workloads: the answer, unless the chosen operator cannot read
 * the chosen store (the Vault Secrets Operator reads only Vault; the CSI driver has no SOPS
 * provider), in which case External Secrets (which reads every store) delivers them.
 */
export type Delivery = 'external-secrets' | 'csi-driver' | 'vault-secrets-operator' | 'none';

export function effectiveDelivery(model: ProjectModel): Delivery {
  if (!model.flags.usesKubernetes || !model.flags.hasSecrets) return 'none';
  const { k8sDelivery, store } = model.secrets;
  if (k8sDelivery === 'vault-secrets-operator' && store !== 'vault') return 'external-secrets';
  if (k8sDelivery === 'csi-driver' && store === 'sops') return 'external-secrets';
  return k8sDelivery;
}

/** Why the effective delivery differs from the answer, for the README; undefined when it does not. */
export function deliveryFallbackReason(model: ProjectModel): string | undefined {
  const effective = effectiveDelivery(model);
  if (effective === model.secrets.k8sDelivery || !model.flags.usesKubernetes) return undefined;
  if (model.secrets.k8sDelivery === 'vault-secrets-operator') {
    return `The Vault Secrets Operator reads only HashiCorp Vault, and the store is ${model.secrets.store}: External Secrets Operator delivers the secrets instead.`;
  }
  return 'The Secrets Store CSI driver has no SOPS provider: External Secrets Operator delivers the secrets instead, from the Secret that SOPS decrypts into the secrets namespace.';
}

/** Dynamic database credentials apply to the stores that can issue them (not SOPS). */
export function usesDynamicCredentials(model: ProjectModel): boolean {
  return (
    model.flags.hasSecrets && model.secrets.dynamicDbCredentials && model.secrets.store !== 'sops'
  );
}

/** The Kubernetes namespace of the project. */
export function kubernetesNamespace(model: ProjectModel): string {
  return model.name;
}

/**
 * The workloads that receive Vault's dynamic database credentials in place of the warehouse
 * password: the warehouse readers, when the warehouse is one Vault issues users for (PostgreSQL,
 * Redshift). config/secrets/vault/database.hcl gives each its own role.
 */
export function dynamicCredentialWorkloads(model: ProjectModel): string[] {
  if (!usesDynamicCredentials(model) || model.secrets.store !== 'vault') return [];
  if (model.architecture.warehouse !== 'postgres' && model.architecture.warehouse !== 'redshift')
    return [];
  return workloads(model)
    .filter((workload) => workload.groups.some((group) => group.name === 'warehouse'))
    .map((workload) => workload.name);
}
