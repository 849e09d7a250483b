import { deliveredSecrets } from '../shared/secret-delivery.js';
import { lines, markdownCell, type Line } from '../shared/text.js';
import type { SecretGroup } from '../shared/workloads.js';
import {
  deliveryFallbackReason,
  dynamicCredentialWorkloads,
  effectiveDelivery,
  kubernetesNamespace,
  kubernetesWorkloads,
  localOnlySecrets,
  secretGroups,
  usesDynamicCredentials,
  workloads,
} from '../shared/workloads.js';
import type { ProjectModel } from '../types.js';
import { SOPS_SOURCE_SECRET } from './kubernetes/external-secrets.js';
import {
  awsSecretName,
  azureKeyVaultName,
  azureSecretName,
  gcpSecretId,
  SOPS_ENVIRONMENTS,
  STORE_TITLES,
  storeLocation,
  VAULT_DATABASE_MOUNT,
  VAULT_KV_MOUNT,
  vaultKvPath,
  vaultRole,
} from './layout.js';
import { databaseTarget } from './vault/database-target.js';

/** config/secrets/README.md: every secret, where it lives, who reads it, how it rotates. */
export function renderSecretsReadme(model: ProjectModel): string {
  const groups = secretGroups(model);
  const local = localOnlySecrets(model);
  const store = STORE_TITLES[model.secrets.store];
  return lines(
    `# Secrets of ${model.title}`,
    '',
    `No credential is committed. Locally every variable comes from \`.env\` (git-ignored, created from`,
    '`.env.example` by `make env`); in every other environment the secrets live in',
    `**${store}** and reach each workload as described below. Static secrets are rotated every`,
    `**${model.secrets.rotationDays} days**${usesDynamicCredentials(model) ? '; database users are dynamic and expire on their own' : ''}.`,
    '',
    '## The secrets',
    '',
    groups.length === 0
      ? 'This chain reads no secret outside the local stack.'
      : [
          '| Variable | Group | Read by | Where it lives |',
          '|---|---|---|---|',
          groups.flatMap((group) =>
            group.secrets.map(
              (secret) =>
                `| \`${secret.name}\` | ${group.name} | ${markdownCell(readersOf(model, group.name))} | ${markdownCell(storeLocation(model, group, secret))} |`,
            ),
          ),
          '',
          'Groups bundle what unlocks one system; a workload is granted whole groups and nothing else:',
          '',
          groups.map((group) => `- **${group.name}**: ${group.description}.`),
        ],
    '',
    local.length > 0 && [
      '### Local only',
      '',
      'These protect containers of the local docker compose stack and exist only in `.env`:',
      '',
      local.map((secret) => `- \`${secret.name}\`: ${secret.description}.`),
      '',
    ],
    '## How each workload receives its secrets',
    '',
    '- **docker compose (local)**: `.env` is read by compose; every secret is referenced as',
    "  `${VAR:?message}`, so a missing value stops `make up` with the variable's name.",
    kubernetesSection(model),
    '',
    '## Writing a value',
    '',
    writeInstructions(model, groups),
    '',
    '## Rotation',
    '',
    `Every static secret is rotated every **${model.secrets.rotationDays} days** (rotation_days), and at once when`,
    'someone who knew it leaves or it may have leaked. The procedure keeps the old value valid until',
    'every reader has the new one, so rotation never causes an outage:',
    '',
    '1. Create the new credential at the source (new database password or user, new API token) while',
    '   the old one still works.',
    `2. Write it to the store (above); ${rotationPropagation(model)}`,
    "3. Check the readers: the loader's lag recovers, the next transformation run succeeds, alerts",
    '   are delivered.',
    "4. Revoke the old credential at the source. Record the date in the team's rotation log.",
    '',
    rotationAutomation(model),
    '',
    '## Emergency rotation (a secret leaked)',
    '',
    'Treat a secret as leaked the moment it appears anywhere it should not (a commit, a log, a chat,',
    'a ticket). Speed beats elegance:',
    '',
    "1. **Revoke first**: disable the credential at the source (drop the database user's password,",
    '   revoke the token, rotate the webhook). Readers fail until step 2: accept the short outage.',
    '2. Issue a new credential and write it to the store; restart the readers (above).',
    `3. Audit: ${auditSentence(model)}`,
    '4. Remove the secret from git history only after it is revoked (`git filter-repo`), and tell',
    '   everyone with a clone. `make secrets-scan` must be clean afterwards.',
    '5. Write down what leaked, when, how, and what changes so it cannot recur (docs/runbook.md,',
    '   "A credential leaked").',
    '',
    dynamicSection(model),
    '## Scanning',
    '',
    model.secrets.scanning
      ? [
          'gitleaks runs before every commit (`pre-commit install` once per clone; `.pre-commit-config.yaml`)',
          'and on the whole history with `make secrets-scan`; run the same command in CI. Its allowlists',
          '(`.gitleaks.toml`) cover only the documented placeholders such as `change-me` and test fixtures.',
        ]
      : [
          'Commit scanning is off for this project (scanning = no). `.gitleaks.toml` is still generated:',
          '`make secrets-scan` scans the history on demand; adding it to CI is strongly recommended.',
        ],
  );
}

function readersOf(model: ProjectModel, group: string): string {
  const names = workloads(model)
    .filter((workload) => workload.groups.some((item) => item.name === group))
    .map((workload) => workload.name);
  return names.length > 0 ? names.join(', ') : 'no workload of this chain';
}

function kubernetesSection(model: ProjectModel): Line {
  if (!model.flags.usesKubernetes) return ['- **Kubernetes**: not part of this deployment.'];
  const delivery = effectiveDelivery(model);
  const fallback = deliveryFallbackReason(model);
  const onCluster = kubernetesWorkloads(model).filter((workload) => workload.secrets.length > 0);
  const namespace = kubernetesNamespace(model);
  const intro: Record<typeof delivery, string> = {
    'external-secrets':
      "External Secrets Operator (`k8s/external-secrets/`): a SecretStore for the backend and one ExternalSecret per workload, which creates and owns the workload's Secret and re-reads the store every hour.",
    'csi-driver':
      "the Secrets Store CSI driver (`k8s/secrets-store/`): each pod mounts its secrets as files with its own identity, and the driver mirrors them into the workload's Secret for environment variables.",
    'vault-secrets-operator':
      'the Vault Secrets Operator (`k8s/vault-secrets-operator/`): each workload logs in to Vault with its own ServiceAccount and the operator syncs its KV entries into Secrets, restarting the Deployment on change.',
    none: 'no operator: the Secrets are created by hand before the first deploy, from the store, with the command below.',
  };
  return [
    `- **Kubernetes** (namespace \`${namespace}\`): ${intro[delivery]}`,
    fallback ? `  ${fallback}` : false,
    onCluster.length > 0
      ? onCluster.map(
          (workload) =>
            `  - \`${workload.name}\`: ${deliveredSecrets(
              model,
              workload,
              dynamicCredentialWorkloads(model),
            )
              .secretNames.map((name) => `\`${name}\``)
              .join(', ')}`,
        )
      : '  No workload of this chain runs on Kubernetes.',
    delivery === 'none' && onCluster.length > 0
      ? onCluster.map((workload) => [
          `  Create \`${workload.name}-secrets\` from a file that never touches the repository:`,
          `  \`kubectl -n ${namespace} create secret generic ${workload.name}-secrets --from-env-file=${workload.name}.env\``,
        ])
      : false,
    model.secrets.store === 'sops' && delivery === 'external-secrets'
      ? [
          `  SOPS has no operator of its own: the decrypted production file becomes the \`${SOPS_SOURCE_SECRET}\` Secret,`,
          "  readable only by the store's ServiceAccount, and ESO copies each workload's keys from it:",
          `  \`sops -d --output-type dotenv config/secrets/sops/production.enc.yaml | kubectl -n ${namespace} create secret generic ${SOPS_SOURCE_SECRET} --from-env-file=/dev/stdin --dry-run=client -o yaml | kubectl apply -f -\``,
        ]
      : false,
  ];
}

function writeInstructions(model: ProjectModel, groups: SecretGroup[]): Line {
  const example = groups[0]?.secrets[0];
  const exampleGroup = groups[0];
  if (!example || !exampleGroup) return ['No secret to write for this chain.'];
  switch (model.secrets.store) {
    case 'vault':
      return [
        `KV v2 at \`${VAULT_KV_MOUNT}/\`, one entry per group (\`${VAULT_KV_MOUNT}/${model.name}/<group>\`), keys are the variable names.`,
        '`config/secrets/vault/bootstrap.sh` enables the mount and writes the policies (`make vault-bootstrap`',
        'does it for the dev server and seeds it from `.env`). In production, write a value without it',
        'reaching your shell history (`-` reads stdin; `patch` keeps the other keys):',
        '',
        '```sh',
        `printf '%s' "$NEW_VALUE" | vault kv patch -mount=${VAULT_KV_MOUNT} ${vaultKvPath(model, exampleGroup)} ${example.name}=-`,
        '```',
        '',
        "Policies (`config/secrets/vault/policies/<workload>.hcl`) grant `read` on the workload's groups only.",
      ];
    case 'aws-secrets-manager':
      return [
        "`config/secrets/terraform/` creates the secrets (encrypted with the project's KMS key), the rotation",
        'schedule and one read policy per reader. Values never go through Terraform:',
        '',
        '```sh',
        `aws secretsmanager put-secret-value --secret-id ${awsSecretName(model, exampleGroup, example)} --secret-string file:///dev/stdin <<< "$NEW_VALUE"`,
        '```',
      ];
    case 'gcp-secret-manager':
      return [
        '`config/secrets/terraform/` creates the secrets, their rotation schedule and the per-secret',
        '`roles/secretmanager.secretAccessor` grants. Values are added as new versions:',
        '',
        '```sh',
        `printf '%s' "$NEW_VALUE" | gcloud secrets versions add ${gcpSecretId(model, exampleGroup, example)} --data-file=-`,
        '```',
      ];
    case 'azure-key-vault':
      return [
        `\`config/secrets/terraform/\` creates the vault \`${azureKeyVaultName(model)}\` (RBAC, purge protection), the secrets`,
        'with a change-me placeholder and an expiry, and the "Key Vault Secrets User" grants. Set the real value:',
        '',
        '```sh',
        `az keyvault secret set --vault-name ${azureKeyVaultName(model)} --name ${azureSecretName(exampleGroup, example)} --file /dev/stdin --expires "$(date -u -d '+${model.secrets.rotationDays} days' +%Y-%m-%dT%H:%M:%SZ)" <<< "$NEW_VALUE"`,
        '```',
      ];
    case 'sops':
      return [
        `One encrypted file per environment: ${SOPS_ENVIRONMENTS.map((environment) => `\`config/secrets/sops/${environment}.enc.yaml\``).join(', ')}, keys are`,
        'the variable names. `config/secrets/sops/.sops.yaml` picks the key of each environment. Edit in',
        'place (decrypted only in memory and your editor):',
        '',
        '```sh',
        'cd config/secrets/sops && sops edit production.enc.yaml',
        '```',
        '',
        'To run locally with the staging values: `sops -d --output-type dotenv staging.enc.yaml > ../../../.env`.',
      ];
  }
}

function rotationPropagation(model: ProjectModel): string {
  if (!model.flags.usesKubernetes) return 'restart the readers so they load it.';
  switch (effectiveDelivery(model)) {
    case 'external-secrets':
      return 'ESO refreshes the Secrets within the hour (`kubectl annotate externalsecret <name> force-sync=$(date +%s) --overwrite` to do it now), then `kubectl rollout restart deployment/loader`; CronJobs pick it up at their next run.';
    case 'vault-secrets-operator':
      return 'the Vault Secrets Operator syncs within refreshAfter (1h) and restarts the Deployments itself; CronJobs pick it up at their next run.';
    case 'csi-driver':
      return 'the CSI driver refreshes the files on its rotation poll; restart the Deployments so environment variables follow.';
    case 'none':
      return 'recreate the workload Secrets (command above) and restart the Deployments.';
  }
}

function rotationAutomation(model: ProjectModel): Line {
  switch (model.secrets.store) {
    case 'vault':
      return [
        'KV keeps ten versions: `vault kv rollback -mount=kv -version=<n> <path>` undoes a bad rotation.',
      ];
    case 'aws-secrets-manager':
      return [
        `Database passwords can rotate by themselves: register AWS's rotation Lambda for them in`,
        '`rotation_lambda_arns` (config/secrets/terraform/variables.tf) and Secrets Manager runs the',
        `procedure above every ${model.secrets.rotationDays} days. Other secrets follow it by hand; the tag rotation_days records the period.`,
      ];
    case 'gcp-secret-manager':
      return [
        `Secret Manager publishes SECRET_ROTATE on the topic \`${model.name}-secret-rotation\` every ${model.secrets.rotationDays} days: subscribe the`,
        "team's channel (or a Cloud Run function that rotates database passwords) to it. Old versions stay",
        'enabled until you disable them: `gcloud secrets versions disable <version> --secret=<id>`.',
      ];
    case 'azure-key-vault':
      return [
        `Each secret expires ${model.secrets.rotationDays} days after it is set; Key Vault emits SecretNearExpiry (Event Grid) 30 days`,
        'before, which is the reminder to rotate. Set the new value with a new expiry (command above).',
      ];
    case 'sops':
      return [
        'Rotating a value is an edit of the encrypted file and a reviewed commit. Rotate the SOPS keys',
        'themselves yearly or when someone leaves: change `.sops.yaml`, then `sops updatekeys <file>`.',
      ];
  }
}

function auditSentence(model: ProjectModel): string {
  switch (model.secrets.store) {
    case 'vault':
      return "Vault's audit device shows every read of the path since the leak.";
    case 'aws-secrets-manager':
      return 'CloudTrail shows every GetSecretValue and kms:Decrypt on the secret since the leak.';
    case 'gcp-secret-manager':
      return 'Cloud Audit Logs (data access) show every AccessSecretVersion since the leak.';
    case 'azure-key-vault':
      return "the vault's diagnostic logs (AuditEvent) show every SecretGet since the leak.";
    case 'sops':
      return 'the KMS audit log shows who decrypted the file; the source system shows where the credential was used.';
  }
}

function dynamicSection(model: ProjectModel): Line {
  if (!usesDynamicCredentials(model)) {
    return [
      '## Dynamic database credentials',
      '',
      model.secrets.store === 'sops'
        ? `Not available with SOPS: files cannot issue users. Database passwords are static secrets, rotated every ${model.secrets.rotationDays} days like the others.`
        : `Not enabled (dynamic_db_credentials = no): database passwords are static secrets, rotated every ${model.secrets.rotationDays} days. Turning it on gives each workload short-lived database users.`,
      '',
    ];
  }
  const target = databaseTarget(model);
  if (model.secrets.store === 'vault' && target) {
    return [
      '## Dynamic database credentials',
      '',
      `Vault's database engine creates a database user per lease on ${target.title}`,
      `(\`config/secrets/vault/database.hcl\`, mount \`${VAULT_DATABASE_MOUNT}/\`).${target.reason ? ` ${target.reason}` : ''}`,
      'Each workload has its own role with only its grants; users live one hour (default_ttl), are',
      'renewed while the workload runs and end at 24 hours (max_ttl). A leaked password expires on its own.',
      '',
      target.workloads.map(
        (workload) =>
          `- \`${workload.name}\`: \`vault read ${VAULT_DATABASE_MOUNT}/creds/${vaultRole(model, workload.name)}\``,
      ),
      '',
      !model.flags.usesKubernetes
        ? 'Workloads read their credentials at start and renew the lease while they run (Vault Agent does both and writes them to a file the workload reads); the KV copy of the password is the fallback for tools that cannot.'
        : effectiveDelivery(model) === 'vault-secrets-operator'
          ? 'On Kubernetes a VaultDynamicSecret renews the lease and restarts the Deployment when a new user is issued.'
          : 'Environment variables cannot follow a lease: on Kubernetes use the Vault Secrets Operator (VaultDynamicSecret) or Vault Agent to deliver these; the KV copy of the password is the fallback.',
      '',
    ];
  }
  const warehouse = model.architecture.warehouse;
  const cloudMechanism: Record<string, string> = {
    'aws-secrets-manager':
      warehouse === 'postgres' || warehouse === 'redshift'
        ? `IAM database authentication: each workload's role may connect (\`config/secrets/terraform/iam.tf\`), and the password is a 15-minute token (RDS) or temporary Redshift credentials; there is nothing to rotate.`
        : `Secrets Manager's managed rotation of the database password every ${model.secrets.rotationDays} days; ${warehouse} has no IAM database authentication.`,
    'gcp-secret-manager':
      warehouse === 'bigquery'
        ? 'BigQuery authenticates with Workload Identity: tokens live one hour and no password exists.'
        : "Cloud SQL IAM database authentication for PostgreSQL (grant roles/cloudsql.instanceUser to the reader's identity); other databases keep rotated passwords.",
    'azure-key-vault':
      'Microsoft Entra authentication for Azure Database for PostgreSQL: the workload identity gets tokens that live about an hour; other databases keep rotated passwords.',
  };
  return ['## Dynamic database credentials', '', cloudMechanism[model.secrets.store] ?? '', ''];
}
