import { describe, expect, it } from 'vitest';
import { secretManagementGenerator } from '../../../generators/secret-management/index.js';
import { attribute, block, blank, hclList, renderHcl } from '../../../generators/shared/hcl.js';
import { buildProject } from '../../support/project.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';

const ALL = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'secret-management',
  'performance-engineering',
];

async function files(set: Record<string, string | number | boolean>): Promise<Map<string, string>> {
  const { model } = await buildProject({ goal: 'orders pipeline', skills: ALL, set });
  return renderFileSpecs(secretManagementGenerator.files(model));
}

describe('secret-management files per answer', () => {
  it('vault: policies per workload, bootstrap, and database.hcl only with dynamic credentials', async () => {
    const withDynamic = await files({
      'project.cloud': 'local-only',
      'secret-management.store': 'vault',
      'architecting-data.warehouse': 'redshift',
      'secret-management.dynamic_db_credentials': true,
    });
    expect(
      [...withDynamic.keys()].filter((path) => path.startsWith('config/secrets/vault/policies/')),
    ).toContain('config/secrets/vault/policies/loader.hcl');
    const database = withDynamic.get('config/secrets/vault/database.hcl') ?? '';
    expect(database).toMatch(/resource "vault_database_secret_backend_role" "loader"/);
    expect(database).toMatch(/redshift \{/);
    expect(database).toMatch(/creation_statements = \[/);
    expect(database).toMatch(/default_ttl\s+= 3600/);
    const without = await files({
      'project.cloud': 'local-only',
      'secret-management.store': 'vault',
      'secret-management.dynamic_db_credentials': false,
    });
    expect(without.has('config/secrets/vault/database.hcl')).toBe(false);
  });

  it('vault without a database plugin for the warehouse targets the CDC source and says why', async () => {
    const generated = await files({
      'project.cloud': 'local-only',
      'secret-management.store': 'vault',
      'architecting-data.warehouse': 'snowflake',
      'streaming-data.broker': 'kafka',
      'streaming-data.cdc': 'debezium-mysql',
      'secret-management.dynamic_db_credentials': true,
    });
    const database = generated.get('config/secrets/vault/database.hcl') ?? '';
    expect(database).toMatch(/mysql \{/);
    expect(database).toMatch(/Vault has no database plugin/);
    expect(database).toMatch(/REPLICATION SLAVE/);
  });

  it.each([
    ['aws-secrets-manager', 'aws', /resource "aws_secretsmanager_secret" "this"/],
    ['gcp-secret-manager', 'gcp', /resource "google_secret_manager_secret" "this"/],
    ['azure-key-vault', 'azure', /resource "azurerm_key_vault" "this"/],
  ])(
    '%s: Terraform with pinned providers, rotation and per-reader access',
    async (store, cloud, resource) => {
      const generated = await files({
        'secret-management.store': store,
        'project.cloud': cloud,
        'secret-management.rotation_days': 30,
        'architecting-data.warehouse': 'snowflake',
      });
      expect(generated.get('config/secrets/terraform/versions.tf')).toMatch(/required_providers/);
      expect(generated.get('config/secrets/terraform/secrets.tf')).toMatch(resource);
      expect(generated.get('config/secrets/terraform/variables.tf')).toMatch(/default\s+= 30/);
      expect(generated.has('config/secrets/vault/bootstrap.sh')).toBe(false);
    },
  );

  it('sops: one key per environment on the cloud KMS', async () => {
    const generated = await files({
      'secret-management.store': 'sops',
      'project.cloud': 'gcp',
      'architecting-data.warehouse': 'bigquery',
    });
    const rules = generated.get('config/secrets/sops/.sops.yaml') ?? '';
    expect(rules).toMatch(/path_regex: .*staging/);
    expect(rules).toMatch(/gcp_kms: projects\/.*\/cryptoKeys\/production/);
  });

  it('scanning = no drops the pre-commit hooks but keeps the gitleaks rules', async () => {
    const off = await files({ 'secret-management.scanning': false });
    expect(off.has('.pre-commit-config.yaml')).toBe(false);
    expect(off.get('.gitleaks.toml')).toMatch(/useDefault = true/);
    const on = await files({ 'secret-management.scanning': true });
    expect(on.get('.pre-commit-config.yaml')).toMatch(/rev: v8\.\d+\.\d+/);
  });

  it('is deterministic', async () => {
    const set = {
      'project.deployment': 'kubernetes',
      'secret-management.k8s_delivery': 'external-secrets',
    };
    expect([...(await files(set))]).toEqual([...(await files(set))]);
  });
});

describe('HCL writer', () => {
  it('aligns = like terraform fmt and breaks alignment at multi-line values', () => {
    const text = renderHcl([
      block(
        'resource',
        ['x', 'y'],
        [
          attribute('a', 1),
          attribute('long_name', 'b'),
          attribute(
            'list',
            hclList(['the-first-long-value', 'the-second-long-value', 'the-third-long-value']),
          ),
          attribute('c', true),
          blank,
        ],
      ),
    ]);
    expect(text).toBe(
      [
        'resource "x" "y" {',
        '  a         = 1',
        '  long_name = "b"',
        '  list = [',
        '    "the-first-long-value",',
        '    "the-second-long-value",',
        '    "the-third-long-value",',
        '  ]',
        '  c = true',
        '',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('escapes interpolation in strings', () => {
    expect(renderHcl([attribute('a', '${var.x} %{if}')])).toBe('a = "$${var.x} %%{if}"\n');
  });
});
