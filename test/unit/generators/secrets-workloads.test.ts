import { describe, expect, it } from 'vitest';
import { deliveredSecrets } from '../../../generators/shared/secret-delivery.js';
import {
  deliveryFallbackReason,
  dynamicCredentialWorkloads,
  effectiveDelivery,
  isFileSecret,
  localOnlySecrets,
  secretGroupOf,
  secretGroups,
  secretSlug,
  workloads,
} from '../../../generators/shared/workloads.js';
import type { EnvVar } from '../../../source/engine/model/types.js';
import { buildProject } from '../../support/project.js';

const variable = (name: string, usedBy: string[], example = 'change-me'): EnvVar => ({
  name,
  description: name,
  example,
  isSecret: true,
  usedBy,
});
const ALL = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'secret-management',
  'performance-engineering',
];

describe('secret groups', () => {
  it('groups a secret by who reads it; compose-only passwords stay local', () => {
    expect(secretGroupOf(variable('POSTGRES_PASSWORD', ['dbt (prod target)', 'loaders']))).toBe(
      'warehouse',
    );
    expect(secretGroupOf(variable('KAFKA_SASL_PASSWORD', ['producers', 'consumers']))).toBe(
      'broker',
    );
    expect(secretGroupOf(variable('CDC_DATABASE_PASSWORD', ['cdc connector']))).toBe('cdc-source');
    expect(secretGroupOf(variable('SLACK_WEBHOOK_URL', ['alertmanager']))).toBe('alerting');
    expect(
      secretGroupOf(variable('GRAFANA_ADMIN_PASSWORD', ['docker compose (grafana)'])),
    ).toBeUndefined();
    expect(secretGroupOf(variable('NEW_TOKEN', ['freshness exporter']))).toBe('freshness-exporter');
  });

  it('names file secrets after their content and recognises them', () => {
    const key = variable(
      'SNOWFLAKE_PRIVATE_KEY_PATH',
      ['loaders'],
      '/run/secrets/snowflake_key.p8',
    );
    expect(isFileSecret(key)).toBe(true);
    expect(secretSlug(key)).toBe('snowflake-private-key');
    expect(isFileSecret(variable('POSTGRES_PASSWORD', ['loaders']))).toBe(false);
    expect(secretSlug(variable('POSTGRES_PASSWORD', ['loaders']))).toBe('postgres-password');
  });
});

describe('workloads and delivery', () => {
  it('gives each workload only the groups it reads', async () => {
    const { model } = await buildProject({
      goal: 'payments pipeline',
      skills: ALL,
      set: {
        'architecting-data.warehouse': 'postgres',
        'streaming-data.broker': 'kafka',
        'streaming-data.cdc': 'debezium-postgres',
        'secret-management.store': 'vault',
        'project.cloud': 'local-only',
        'performance-engineering.alert_route': 'slack',
      },
    });
    const byName = Object.fromEntries(
      workloads(model).map((workload) => [
        workload.name,
        workload.groups.map((group) => group.name),
      ]),
    );
    expect(byName).toEqual({
      loader: ['broker', 'warehouse'],
      transforms: ['warehouse'],
      producer: ['broker'],
      'kafka-connect': ['cdc-source', 'broker', 'warehouse'],
      alertmanager: ['alerting'],
    });
    expect(localOnlySecrets(model).map((secret) => secret.name)).toContain('VAULT_DEV_ROOT_TOKEN');
    expect(
      secretGroups(model).flatMap((group) => group.secrets.map((secret) => secret.name)),
    ).not.toContain('VAULT_DEV_ROOT_TOKEN');
  });

  it('falls back to External Secrets when the chosen operator cannot read the store', async () => {
    const base = { 'project.deployment': 'kubernetes', 'project.cloud': 'aws' };
    const vso = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: {
        ...base,
        'secret-management.store': 'aws-secrets-manager',
        'secret-management.k8s_delivery': 'vault-secrets-operator',
      },
    });
    // The conflict rule vault-operator-needs-vault settles this before generation; the generator
    // still falls back when a hand-edited answers file gets here.
    expect(vso.model.secrets.k8sDelivery).toBe('external-secrets');
    const forced = {
      ...vso.model,
      secrets: { ...vso.model.secrets, k8sDelivery: 'vault-secrets-operator' as const },
    };
    expect(effectiveDelivery(forced)).toBe('external-secrets');
    expect(deliveryFallbackReason(forced)).toMatch(/reads only HashiCorp Vault/);
    const csi = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: {
        ...base,
        'secret-management.store': 'sops',
        'secret-management.k8s_delivery': 'csi-driver',
      },
    });
    expect(effectiveDelivery(csi.model)).toBe('external-secrets');
    const kept = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: {
        ...base,
        'secret-management.store': 'vault',
        'secret-management.k8s_delivery': 'csi-driver',
      },
    });
    expect(effectiveDelivery(kept.model)).toBe('csi-driver');
    expect(deliveryFallbackReason(kept.model)).toBeUndefined();
  });

  it('delivers dynamic database credentials with the Vault Secrets Operator as an extra Secret', async () => {
    const { model } = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: {
        'project.deployment': 'kubernetes',
        'project.cloud': 'local-only',
        'architecting-data.warehouse': 'postgres',
        'secret-management.store': 'vault',
        'secret-management.k8s_delivery': 'vault-secrets-operator',
        'secret-management.dynamic_db_credentials': true,
      },
    });
    const database = dynamicCredentialWorkloads(model);
    expect(database).toEqual(expect.arrayContaining(['loader', 'transforms']));
    const loader = workloads(model).find((workload) => workload.name === 'loader');
    if (!loader) throw new Error('no loader');
    expect(deliveredSecrets(model, loader, database).secretNames).toEqual([
      'loader-broker',
      'loader-warehouse',
      'loader-database',
    ]);
  });
});
