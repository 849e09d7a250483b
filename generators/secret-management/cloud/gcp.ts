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
import { gcpSecretId } from '../layout.js';
import { header, terraformBlock, terraformRoot, variable } from '../terraform-common.js';
import { VERSIONS } from '../versions.js';
import { readers } from './readers.js';

/**
 * Google Cloud Secret Manager: one secret per variable with a rotation schedule (Secret Manager
 * publishes SECRET_ROTATE to a Pub/Sub topic every rotation_days), and secretAccessor granted per
 * secret to exactly the readers that need it: Kubernetes workloads as Workload Identity principals
 * (no key files, no ServiceAccount annotations), others as their own service accounts.
 */
export function gcpTerraformFiles(model: ProjectModel): FileSpec[] {
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
      `Secrets of ${model.title} in Google Cloud Secret Manager. \`terraform init && terraform apply\``,
      'in this folder; keep the state in a GCS backend with versioning, one per environment.',
    ]),
    terraformBlock({
      google: { source: 'hashicorp/google', version: VERSIONS.googleProvider },
      'google-beta': { source: 'hashicorp/google-beta', version: VERSIONS.googleProvider },
      time: { source: 'hashicorp/time', version: '~> 0.13' },
    }),
    blank,
    block(
      'provider',
      ['google'],
      [
        attribute('project', expression('var.project_id')),
        attribute('default_labels', hclObject({ project: model.name, managed_by: 'terraform' })),
      ],
    ),
    blank,
    comment(
      'The Secret Manager service agent (it publishes rotation notices) is only exposed by google-beta.',
    ),
    block('provider', ['google-beta'], [attribute('project', expression('var.project_id'))]),
  ];
}

function variables(model: ProjectModel): HclItem[] {
  return [
    variable('project_id', 'Google Cloud project that holds the secrets (one per environment)', {
      validation: {
        condition: 'length(var.project_id) > 0',
        message: 'Set project_id to the project of this environment.',
      },
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
  ];
}

function secrets(model: ProjectModel): HclItem[] {
  const entries = secretGroups(model).flatMap((group) =>
    group.secrets.map(
      (secret) =>
        [
          gcpSecretId(model, group, secret),
          hclInlineObject({ group: group.name, variable: secret.name }),
        ] as const,
    ),
  );
  return [
    block(
      'locals',
      [],
      [
        comment('One secret per secret variable of .env.example: <project>-<group>-<name>.'),
        attribute('secrets', hclMap(entries)),
      ],
    ),
    blank,
    block('data', ['google_project', 'this'], []),
    blank,
    block(
      'resource',
      ['google_project_service', 'secretmanager'],
      [
        attribute('service', 'secretmanager.googleapis.com'),
        attribute('disable_on_destroy', false),
      ],
    ),
    blank,
    comment(
      'Secret Manager announces due rotations on this topic; the rotation runbook (or a function you\nsubscribe) adds the new version. It never rotates a value by itself.',
    ),
    block(
      'resource',
      ['google_pubsub_topic', 'rotation'],
      [attribute('name', `${model.name}-secret-rotation`)],
    ),
    blank,
    block(
      'resource',
      ['google_project_service_identity', 'secretmanager'],
      [
        attribute('provider', expression('google-beta')),
        attribute('service', 'secretmanager.googleapis.com'),
      ],
    ),
    blank,
    block(
      'resource',
      ['google_pubsub_topic_iam_member', 'secretmanager_publisher'],
      [
        attribute('topic', expression('google_pubsub_topic.rotation.id')),
        attribute('role', 'roles/pubsub.publisher'),
        attribute(
          'member',
          hclTemplate('serviceAccount:${google_project_service_identity.secretmanager.email}'),
        ),
      ],
    ),
    blank,
    comment('Fixed start of the rotation schedule, so plans stay stable.'),
    block('resource', ['time_static', 'rotation_start'], []),
    blank,
    comment(
      'The secret containers. Values are added with `gcloud secrets versions add` (README), never\nthrough Terraform, so they never reach the state file.',
    ),
    block(
      'resource',
      ['google_secret_manager_secret', 'this'],
      [
        attribute('for_each', expression('local.secrets')),
        blank,
        attribute('secret_id', expression('each.key')),
        attribute(
          'labels',
          hclObject({
            group: expression('each.value.group'),
            variable: expression('lower(each.value.variable)'),
          }),
        ),
        blank,
        block('replication', [], [block('auto', [], [])]),
        blank,
        block('topics', [], [attribute('name', expression('google_pubsub_topic.rotation.id'))]),
        blank,
        block(
          'rotation',
          [],
          [
            attribute('rotation_period', hclTemplate('${var.rotation_days * 86400}s')),
            attribute(
              'next_rotation_time',
              expression(
                'timeadd(time_static.rotation_start.rfc3339, "${var.rotation_days * 24}h")',
              ),
            ),
          ],
        ),
        blank,
        block(
          'lifecycle',
          [],
          [
            comment('Secret Manager advances the next rotation time itself.'),
            attribute('ignore_changes', expression('[rotation[0].next_rotation_time]')),
          ],
        ),
        blank,
        attribute(
          'depends_on',
          expression(
            '[google_project_service.secretmanager, google_pubsub_topic_iam_member.secretmanager_publisher]',
          ),
        ),
      ],
    ),
  ];
}

function iam(model: ProjectModel): HclItem[] {
  const all = readers(model);
  const members = all.map((reader) => {
    const member = reader.kubernetes
      ? hclTemplate(
          `principal://iam.googleapis.com/projects/\${data.google_project.this.number}/locations/global/workloadIdentityPools/\${var.project_id}.svc.id.goog/subject/ns/${reader.kubernetes.namespace}/sa/${reader.kubernetes.serviceAccount}`,
        ).hcl
      : hclTemplate(`serviceAccount:\${google_service_account.reader["${reader.name}"].email}`).hcl;
    return [
      reader.name,
      hclInlineObject({
        groups: hclList(reader.groups.map((group) => group.name)),
        member: { hcl: member },
      }),
    ] as const;
  });
  const external = all.filter((reader) => !reader.kubernetes);
  return [
    block(
      'locals',
      [],
      [
        comment('Each reader and the groups it may read: least privilege, granted per secret.'),
        attribute('readers', hclMap(members)),
        attribute(
          'grants',
          expression(
            '{\n  for pair in flatten([\n    for reader, config in local.readers : [\n      for name, secret in local.secrets : { key = "${reader}/${name}", member = config.member, secret = name }\n      if contains(config.groups, secret.group)\n    ]\n  ]) : pair.key => pair\n}',
          ),
        ),
      ],
    ),
    blank,
    comment('Service accounts for readers that run outside the cluster.'),
    block(
      'resource',
      ['google_service_account', 'reader'],
      [
        attribute(
          'for_each',
          hclMap(
            external.map(
              (reader) => [reader.name, hclString(serviceAccountId(model, reader.name))] as const,
            ),
          ),
        ),
        blank,
        attribute('account_id', expression('each.value')),
        attribute('display_name', hclTemplate(`${model.name} \${each.key}`)),
      ],
    ),
    blank,
    block(
      'resource',
      ['google_secret_manager_secret_iam_member', 'read'],
      [
        attribute('for_each', expression('local.grants')),
        blank,
        attribute(
          'secret_id',
          expression('google_secret_manager_secret.this[each.value.secret].id'),
        ),
        attribute('role', 'roles/secretmanager.secretAccessor'),
        attribute('member', expression('each.value.member')),
      ],
    ),
  ];
}

/** Service account ids: 6–30 characters, lowercase, starting with a letter, not ending with `-`. */
function serviceAccountId(model: ProjectModel, reader: string): string {
  return `${model.name.slice(0, 29 - reader.length)}-${reader}`.slice(0, 30).replace(/-+$/, '');
}

function outputs(): HclItem[] {
  return [
    block(
      'output',
      ['secret_ids'],
      [
        attribute('description', 'Full resource id of each secret'),
        attribute(
          'value',
          expression(
            '{ for name, secret in google_secret_manager_secret.this : name => secret.id }',
          ),
        ),
      ],
    ),
    blank,
    block(
      'output',
      ['rotation_topic'],
      [
        attribute('description', 'Topic that announces due rotations'),
        attribute('value', expression('google_pubsub_topic.rotation.id')),
      ],
    ),
  ];
}
