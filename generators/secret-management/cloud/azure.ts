import {
  attribute,
  blank,
  block,
  comment,
  expression,
  hclInlineObject,
  hclList,
  hclMap,
  hclObject,
  hclString,
  hclTemplate,
  type HclItem,
} from '../../shared/hcl.js';
import { secretGroups } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { azureKeyVaultName, azureSecretName } from '../layout.js';
import { header, terraformBlock, terraformRoot, variable } from '../terraform-common.js';
import { VERSIONS } from '../versions.js';
import { readers } from './readers.js';

/**
 * Azure Key Vault with RBAC authorization (no access policies): one secret per variable, an
 * expiry on rotation_days (Key Vault raises SecretNearExpiry events to drive the rotation), and
 * "Key Vault Secrets User" granted per secret to a user-assigned identity per reader, federated
 * with the cluster's ServiceAccounts for Kubernetes readers.
 */
export function azureTerraformFiles(model: ProjectModel): FileSpec[] {
  return terraformRoot({
    versions: versions(model),
    variables: variables(model),
    secrets: secrets(model),
    iam: iam(model),
    outputs: outputs(),
  });
}

function versions(model: ProjectModel): HclItem[] {
  return [
    ...header([
      `Secrets of ${model.title} in Azure Key Vault. \`terraform init && terraform apply\` in this folder;`,
      'keep the state in an azurerm backend (storage account with versioning), one per environment.',
    ]),
    terraformBlock({
      azurerm: { source: 'hashicorp/azurerm', version: VERSIONS.azurermProvider },
      time: { source: 'hashicorp/time', version: '~> 0.13' },
    }),
    blank,
    block(
      'provider',
      ['azurerm'],
      [
        attribute('subscription_id', expression('var.subscription_id')),
        blank,
        block(
          'features',
          [],
          [
            block(
              'key_vault',
              [],
              [
                comment(
                  'Soft-deleted vaults and secrets are recoverable for 90 days; never purge on destroy.',
                ),
                attribute('purge_soft_delete_on_destroy', false),
                attribute('recover_soft_deleted_secrets', true),
              ],
            ),
          ],
        ),
      ],
    ),
  ];
}

function variables(model: ProjectModel): HclItem[] {
  const onCluster = readers(model).some((reader) => reader.kubernetes);
  return [
    variable('subscription_id', 'Subscription of this environment'),
    blank,
    variable('resource_group_name', 'Resource group of the vault and the identities', {
      default: `rg-${model.name}`,
    }),
    blank,
    variable('location', 'Azure region', { default: 'westeurope' }),
    blank,
    variable('rotation_days', 'Days until each secret expires and must be rotated', {
      type: 'number',
      default: model.secrets.rotationDays,
      validation: {
        condition: 'var.rotation_days >= 1 && var.rotation_days <= 365',
        message: 'Rotation must happen every 1 to 365 days.',
      },
    }),
    ...(onCluster
      ? [
          blank,
          variable(
            'aks_oidc_issuer_url',
            'OIDC issuer URL of the AKS cluster (az aks show --query oidcIssuerProfile.issuerUrl)',
          ),
        ]
      : []),
  ];
}

function secrets(model: ProjectModel): HclItem[] {
  const entries = secretGroups(model).flatMap((group) =>
    group.secrets.map(
      (secret) =>
        [
          azureSecretName(group, secret),
          hclInlineObject({ group: group.name, variable: secret.name }),
        ] as const,
    ),
  );
  return [
    block(
      'locals',
      [],
      [
        comment('One secret per secret variable of .env.example: <group>-<name>.'),
        attribute('secrets', hclMap(entries)),
      ],
    ),
    blank,
    block('data', ['azurerm_client_config', 'current'], []),
    blank,
    block(
      'resource',
      ['azurerm_key_vault', 'this'],
      [
        attribute('name', azureKeyVaultName(model)),
        attribute('location', expression('var.location')),
        attribute('resource_group_name', expression('var.resource_group_name')),
        attribute('tenant_id', expression('data.azurerm_client_config.current.tenant_id')),
        attribute('sku_name', 'standard'),
        comment(
          'Azure RBAC instead of access policies: grants are per secret and show up in the IAM blade.',
        ),
        attribute('enable_rbac_authorization', true),
        attribute('purge_protection_enabled', true),
        attribute('soft_delete_retention_days', 90),
      ],
    ),
    blank,
    comment(
      'The person or pipeline running Terraform manages the secrets (and nothing reads them here).',
    ),
    block(
      'resource',
      ['azurerm_role_assignment', 'deployer'],
      [
        attribute('scope', expression('azurerm_key_vault.this.id')),
        attribute('role_definition_name', 'Key Vault Secrets Officer'),
        attribute('principal_id', expression('data.azurerm_client_config.current.object_id')),
      ],
    ),
    blank,
    comment('Fixed start of the expiry schedule, so plans stay stable.'),
    block('resource', ['time_static', 'rotation_start'], []),
    blank,
    comment(
      'Key Vault cannot hold an empty secret: each starts with the change-me placeholder and the real\nvalue is set with `az keyvault secret set` (README). Terraform ignores later values, so real\nsecrets never reach the state file. The expiry makes Key Vault emit SecretNearExpiry 30 days early.',
    ),
    block(
      'resource',
      ['azurerm_key_vault_secret', 'this'],
      [
        attribute('for_each', expression('local.secrets')),
        blank,
        attribute('name', expression('each.key')),
        attribute('value', 'change-me'),
        attribute('key_vault_id', expression('azurerm_key_vault.this.id')),
        attribute('content_type', 'text/plain'),
        attribute(
          'expiration_date',
          expression('timeadd(time_static.rotation_start.rfc3339, "${var.rotation_days * 24}h")'),
        ),
        attribute(
          'tags',
          hclObject({
            group: expression('each.value.group'),
            variable: expression('each.value.variable'),
            rotation_days: expression('tostring(var.rotation_days)'),
          }),
        ),
        blank,
        block(
          'lifecycle',
          [],
          [attribute('ignore_changes', expression('[value, expiration_date]'))],
        ),
        blank,
        attribute('depends_on', expression('[azurerm_role_assignment.deployer]')),
      ],
    ),
  ];
}

function iam(model: ProjectModel): HclItem[] {
  const all = readers(model);
  const entries = all.map(
    (reader) =>
      [
        reader.name,
        hclInlineObject({ groups: hclList(reader.groups.map((group) => group.name)) }),
      ] as const,
  );
  const federated = all.filter((reader) => reader.kubernetes);
  return [
    block(
      'locals',
      [],
      [
        comment('Each reader and the groups it may read: least privilege, granted per secret.'),
        attribute('readers', hclMap(entries)),
        attribute(
          'grants',
          expression(
            '{\n  for pair in flatten([\n    for reader, config in local.readers : [\n      for name, secret in local.secrets : { key = "${reader}/${name}", reader = reader, secret = name }\n      if contains(config.groups, secret.group)\n    ]\n  ]) : pair.key => pair\n}',
          ),
        ),
      ],
    ),
    blank,
    comment('One identity per reader.'),
    block(
      'resource',
      ['azurerm_user_assigned_identity', 'reader'],
      [
        attribute('for_each', expression('local.readers')),
        blank,
        attribute('name', hclTemplate(`id-${model.name}-\${each.key}`)),
        attribute('location', expression('var.location')),
        attribute('resource_group_name', expression('var.resource_group_name')),
      ],
    ),
    blank,
    block(
      'resource',
      ['azurerm_role_assignment', 'read'],
      [
        attribute('for_each', expression('local.grants')),
        blank,
        attribute(
          'scope',
          expression('azurerm_key_vault_secret.this[each.value.secret].resource_versionless_id'),
        ),
        attribute('role_definition_name', 'Key Vault Secrets User'),
        attribute(
          'principal_id',
          expression('azurerm_user_assigned_identity.reader[each.value.reader].principal_id'),
        ),
      ],
    ),
    ...(federated.length > 0
      ? [
          blank,
          comment(
            'Workload identity: the cluster ServiceAccount of each Kubernetes reader signs in as its identity.',
          ),
          block(
            'resource',
            ['azurerm_federated_identity_credential', 'kubernetes'],
            [
              attribute(
                'for_each',
                hclMap(
                  federated.map(
                    (reader) =>
                      [
                        reader.name,
                        hclString(
                          `system:serviceaccount:${reader.kubernetes?.namespace ?? ''}:${reader.kubernetes?.serviceAccount ?? ''}`,
                        ),
                      ] as const,
                  ),
                ),
              ),
              blank,
              attribute('name', hclTemplate('kubernetes-${each.key}')),
              attribute('resource_group_name', expression('var.resource_group_name')),
              attribute(
                'parent_id',
                expression('azurerm_user_assigned_identity.reader[each.key].id'),
              ),
              attribute('audience', hclList(['api://AzureADTokenExchange'])),
              attribute('issuer', expression('var.aks_oidc_issuer_url')),
              attribute('subject', expression('each.value')),
            ],
          ),
        ]
      : []),
  ];
}

function outputs(): HclItem[] {
  return [
    block(
      'output',
      ['key_vault_uri'],
      [
        attribute('description', 'URI of the vault (SecretStore vaultUrl)'),
        attribute('value', expression('azurerm_key_vault.this.vault_uri')),
      ],
    ),
    blank,
    block(
      'output',
      ['reader_client_ids'],
      [
        attribute(
          'description',
          'Client id of each reader identity (azure.workload.identity/client-id)',
        ),
        attribute(
          'value',
          expression(
            '{ for name, identity in azurerm_user_assigned_identity.reader : name => identity.client_id }',
          ),
        ),
      ],
    ),
  ];
}
