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
  hclTemplate,
  type HclItem,
} from '../../shared/hcl.js';
import { secretGroups, usesDynamicCredentials } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { awsSecretName } from '../layout.js';
import { header, terraformBlock, terraformRoot, variable } from '../terraform-common.js';
import { VERSIONS } from '../versions.js';
import { readers } from './readers.js';

/**
 * AWS Secrets Manager: a customer-managed KMS key, one secret per variable, rotation on
 * rotation_days through the rotation Lambdas you register, and one read policy per reader.
 * Values never pass through Terraform (no secret versions here), so the state holds none.
 */
export function awsTerraformFiles(model: ProjectModel): FileSpec[] {
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
      `Secrets of ${model.title} in AWS Secrets Manager. \`terraform init && terraform apply\` in this folder;`,
      'keep the state in an encrypted remote backend (S3 + DynamoDB lock) per environment.',
    ]),
    terraformBlock({ aws: { source: 'hashicorp/aws', version: VERSIONS.awsProvider } }),
    blank,
    block(
      'provider',
      ['aws'],
      [
        attribute('region', expression('var.aws_region')),
        blank,
        block(
          'default_tags',
          [],
          [
            attribute(
              'tags',
              hclObject({ project: model.name, managed_by: 'terraform', component: 'secrets' }),
            ),
          ],
        ),
      ],
    ),
  ];
}

function variables(model: ProjectModel): HclItem[] {
  const readerNames = readers(model).map((reader) => reader.name);
  return [
    variable('aws_region', 'Region of the secrets (one store per environment and region)', {
      default: 'eu-west-1',
    }),
    blank,
    variable('rotation_days', 'Days between rotations of each secret', {
      type: 'number',
      default: model.secrets.rotationDays,
      validation: {
        condition: 'var.rotation_days >= 1 && var.rotation_days <= 365',
        message: 'Rotation must happen every 1 to 365 days.',
      },
    }),
    blank,
    variable(
      'rotation_lambda_arns',
      'Rotation Lambda per secret name, e.g. the AWS-provided SecretsManagerRDSPostgreSQLRotationSingleUser for database passwords; secrets without one are rotated by hand on rotation_days (config/secrets/README.md)',
      { type: 'map(string)', default: expression('{}') },
    ),
    blank,
    block(
      'variable',
      ['workload_role_names'],
      [
        attribute(
          'description',
          'IAM role of each reader (EKS Pod Identity or IRSA role, or the role of the host that runs it)',
        ),
        attribute('type', expression('map(string)')),
        attribute(
          'default',
          hclObject(
            Object.fromEntries(
              readerNames.map((name) => [name.replaceAll('-', '_'), `${model.name}-${name}`]),
            ),
          ),
        ),
      ],
    ),
    ...(databaseAuthentication(model) ? [blank, ...databaseVariables(model)] : []),
  ];
}

function secretsLocal(model: ProjectModel): HclItem {
  const entries = secretGroups(model).flatMap((group) =>
    group.secrets.map(
      (secret) =>
        [
          awsSecretName(model, group, secret),
          hclInlineObject({
            group: group.name,
            variable: secret.name,
            description: secret.description,
          }),
        ] as const,
    ),
  );
  return block(
    'locals',
    [],
    [
      comment(
        'One secret per variable of .env.example that is a secret; names are <project>/<group>/<name>.',
      ),
      attribute('secrets', hclMap(entries)),
    ],
  );
}

function secrets(model: ProjectModel): HclItem[] {
  return [
    secretsLocal(model),
    blank,
    comment(
      'A key of our own: key policies and CloudTrail show every decrypt, and disabling it cuts access at once.',
    ),
    block(
      'resource',
      ['aws_kms_key', 'secrets'],
      [
        attribute('description', `Encrypts the secrets of ${model.name}`),
        attribute('enable_key_rotation', true),
        attribute('deletion_window_in_days', 30),
      ],
    ),
    blank,
    block(
      'resource',
      ['aws_kms_alias', 'secrets'],
      [
        attribute('name', `alias/${model.name}-secrets`),
        attribute('target_key_id', expression('aws_kms_key.secrets.key_id')),
      ],
    ),
    blank,
    comment(
      'The secret containers. Values are written with `aws secretsmanager put-secret-value` (README),\nnever through Terraform, so they never reach the state file.',
    ),
    block(
      'resource',
      ['aws_secretsmanager_secret', 'this'],
      [
        attribute('for_each', expression('local.secrets')),
        blank,
        attribute('name', expression('each.key')),
        attribute('description', expression('each.value.description')),
        attribute('kms_key_id', expression('aws_kms_key.secrets.arn')),
        attribute('recovery_window_in_days', 30),
        attribute(
          'tags',
          hclObject({
            group: expression('each.value.group'),
            variable: expression('each.value.variable'),
            rotation_days: expression('tostring(var.rotation_days)'),
          }),
        ),
      ],
    ),
    blank,
    comment(
      `Automatic rotation every rotation_days (${model.secrets.rotationDays}) for the secrets that have a rotation Lambda.${databaseAuthentication(model) ? '\nDatabase users of the workloads use IAM authentication instead (iam.tf), which needs no rotation.' : ''}`,
    ),
    block(
      'resource',
      ['aws_secretsmanager_secret_rotation', 'this'],
      [
        attribute(
          'for_each',
          expression(
            '{ for name, arn in var.rotation_lambda_arns : name => arn if contains(keys(local.secrets), name) }',
          ),
        ),
        blank,
        attribute('secret_id', expression('aws_secretsmanager_secret.this[each.key].id')),
        attribute('rotation_lambda_arn', expression('each.value')),
        blank,
        block(
          'rotation_rules',
          [],
          [attribute('automatically_after_days', expression('var.rotation_days'))],
        ),
      ],
    ),
  ];
}

function iam(model: ProjectModel): HclItem[] {
  const entries = readers(model).map(
    (reader) =>
      [
        reader.name.replaceAll('-', '_'),
        hclList(reader.groups.map((group) => group.name)),
      ] as const,
  );
  const items: HclItem[] = [
    block(
      'locals',
      [],
      [
        comment('Which groups each reader may read: least privilege, one policy per reader.'),
        attribute('readers', hclMap(entries)),
      ],
    ),
    blank,
    block(
      'data',
      ['aws_iam_policy_document', 'read'],
      [
        attribute('for_each', expression('local.readers')),
        blank,
        block(
          'statement',
          [],
          [
            attribute('sid', 'ReadOwnSecrets'),
            attribute(
              'actions',
              hclList(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']),
            ),
            attribute(
              'resources',
              expression(
                '[for name, secret in local.secrets : aws_secretsmanager_secret.this[name].arn if contains(each.value, secret.group)]',
              ),
            ),
          ],
        ),
        blank,
        block(
          'statement',
          [],
          [
            attribute('sid', 'DecryptThroughSecretsManagerOnly'),
            attribute('actions', hclList(['kms:Decrypt'])),
            attribute('resources', hclList([expression('aws_kms_key.secrets.arn')])),
            blank,
            block(
              'condition',
              [],
              [
                attribute('test', 'StringEquals'),
                attribute('variable', 'kms:ViaService'),
                attribute(
                  'values',
                  hclList([hclTemplate('secretsmanager.${var.aws_region}.amazonaws.com')]),
                ),
              ],
            ),
          ],
        ),
      ],
    ),
    blank,
    block(
      'resource',
      ['aws_iam_policy', 'read'],
      [
        attribute('for_each', expression('local.readers')),
        blank,
        attribute(
          'name',
          hclTemplate(`${model.name}-\${replace(each.key, "_", "-")}-read-secrets`),
        ),
        attribute(
          'description',
          hclTemplate(`Read the ${model.name} secrets the \${each.key} workload uses`),
        ),
        attribute('policy', expression('data.aws_iam_policy_document.read[each.key].json')),
      ],
    ),
    blank,
    block(
      'resource',
      ['aws_iam_role_policy_attachment', 'read'],
      [
        attribute('for_each', expression('local.readers')),
        blank,
        attribute('role', expression('var.workload_role_names[each.key]')),
        attribute('policy_arn', expression('aws_iam_policy.read[each.key].arn')),
      ],
    ),
  ];
  const database = databaseAuthentication(model);
  if (database) items.push(blank, ...databasePolicy(model, database));
  return items;
}

/**
 * Dynamic database credentials on AWS: IAM database authentication. The workload asks for a
 * 15-minute token (RDS) or temporary credentials (Redshift) with its own role; no password exists.
 */
function databaseAuthentication(model: ProjectModel): 'postgres' | 'redshift' | undefined {
  if (!usesDynamicCredentials(model)) return undefined;
  const warehouse = model.architecture.warehouse;
  return warehouse === 'postgres' || warehouse === 'redshift' ? warehouse : undefined;
}

function databaseVariables(model: ProjectModel): HclItem[] {
  return databaseAuthentication(model) === 'postgres'
    ? [
        variable(
          'rds_resource_id',
          'Resource id (db-…/cluster-…) of the RDS PostgreSQL warehouse, for IAM database authentication',
        ),
      ]
    : [
        variable(
          'redshift_cluster_identifier',
          'Identifier of the Redshift cluster, for temporary IAM credentials',
        ),
        blank,
        variable('redshift_database', 'Database of the warehouse', { default: model.snakeName }),
      ];
}

function databasePolicy(model: ProjectModel, engine: 'postgres' | 'redshift'): HclItem[] {
  const warehouseReaders = readers(model).filter(
    (reader) =>
      reader.name !== 'external-secrets' &&
      reader.groups.some((group) => group.name === 'warehouse'),
  );
  if (warehouseReaders.length === 0) return [];
  const resource =
    engine === 'postgres'
      ? hclTemplate(
          'arn:aws:rds-db:${var.aws_region}:${data.aws_caller_identity.current.account_id}:dbuser:${var.rds_resource_id}/${each.key}',
        )
      : hclTemplate(
          'arn:aws:redshift:${var.aws_region}:${data.aws_caller_identity.current.account_id}:dbname:${var.redshift_cluster_identifier}/${var.redshift_database}',
        );
  return [
    block('data', ['aws_caller_identity', 'current'], []),
    blank,
    comment(
      engine === 'postgres'
        ? 'IAM database authentication: each workload connects as the database user named after it\n(GRANT rds_iam TO <workload>) with a 15-minute token from `aws rds generate-db-auth-token`.'
        : 'Temporary Redshift credentials from the workload role (GetClusterCredentialsWithIAM): the user\nis the role, valid for up to one hour, and there is no password to rotate or leak.',
    ),
    block(
      'data',
      ['aws_iam_policy_document', 'database'],
      [
        attribute(
          'for_each',
          expression(
            `toset(${hclList(warehouseReaders.map((reader) => reader.name.replaceAll('-', '_'))).hcl})`,
          ),
        ),
        blank,
        block(
          'statement',
          [],
          [
            attribute('sid', 'ConnectWithIam'),
            attribute(
              'actions',
              hclList(
                engine === 'postgres'
                  ? ['rds-db:connect']
                  : ['redshift:GetClusterCredentialsWithIAM'],
              ),
            ),
            attribute('resources', hclList([resource])),
          ],
        ),
      ],
    ),
    blank,
    block(
      'resource',
      ['aws_iam_policy', 'database'],
      [
        attribute('for_each', expression('data.aws_iam_policy_document.database')),
        blank,
        attribute(
          'name',
          hclTemplate(`${model.name}-\${replace(each.key, "_", "-")}-database-iam-auth`),
        ),
        attribute('policy', expression('each.value.json')),
      ],
    ),
    blank,
    block(
      'resource',
      ['aws_iam_role_policy_attachment', 'database'],
      [
        attribute('for_each', expression('aws_iam_policy.database')),
        blank,
        attribute('role', expression('var.workload_role_names[each.key]')),
        attribute('policy_arn', expression('each.value.arn')),
      ],
    ),
  ];
}

function outputs(): HclItem[] {
  return [
    block(
      'output',
      ['secret_arns'],
      [
        attribute('description', 'ARN of each secret, by name'),
        attribute(
          'value',
          expression('{ for name, secret in aws_secretsmanager_secret.this : name => secret.arn }'),
        ),
      ],
    ),
    blank,
    block(
      'output',
      ['read_policy_arns'],
      [
        attribute('description', 'Read policy of each reader'),
        attribute(
          'value',
          expression('{ for name, policy in aws_iam_policy.read : name => policy.arn }'),
        ),
      ],
    ),
    blank,
    block(
      'output',
      ['kms_key_arn'],
      [
        attribute('description', 'Key that encrypts the secrets'),
        attribute('value', expression('aws_kms_key.secrets.arn')),
      ],
    ),
  ];
}
