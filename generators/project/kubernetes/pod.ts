import { deliveredSecrets, type DeliveredSecrets } from '../../shared/secret-delivery.js';
import type { Workload } from '../../shared/workloads.js';
import { isFileSecret, workloadServiceAccount } from '../../shared/workloads.js';
import type { ProjectModel } from '../../types.js';
import type { Resources } from './sizing.js';

/** Numeric user and group of every container (the images create this user; runAsNonRoot checks it). */
export const RUN_AS_USER = 10001;
export const CONFIG_MAP = 'pipeline-config';
export const SECRET_FILES_DIRECTORY = '/run/secrets';

/** Restricted Pod Security Standard, at pod level. */
export function podSecurityContext(): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: RUN_AS_USER,
    runAsGroup: RUN_AS_USER,
    fsGroup: RUN_AS_USER,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Restricted Pod Security Standard, at container level, plus a read-only root filesystem. */
export function containerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

export interface ContainerInput {
  name: string;
  image: string;
  command: string[];
  resources: Resources;
  /** Extra environment (fixed values for this container). */
  env?: Record<string, string>;
  probes?: Record<string, unknown>;
}

/**
 * The pod template shared by the Deployment and the CronJob: own ServiceAccount without a mounted
 * token, configuration from the ConfigMap, secrets from the Secrets the delivery produces, an
 * emptyDir at /tmp (the root filesystem is read-only) and key files mounted from their Secret.
 */
export function podSpec(
  model: ProjectModel,
  workload: Workload,
  container: ContainerInput,
  databaseWorkloads: readonly string[],
): Record<string, unknown> {
  const delivered = deliveredSecrets(model, workload, databaseWorkloads);
  const fileSecrets = workload.secrets.filter(isFileSecret);
  const volumes: Record<string, unknown>[] = [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }];
  const mounts: Record<string, unknown>[] = [{ name: 'tmp', mountPath: '/tmp' }];
  if (delivered.csiVolume) {
    volumes.push({
      name: delivered.csiVolume.name,
      csi: {
        driver: 'secrets-store.csi.k8s.io',
        readOnly: true,
        volumeAttributes: { secretProviderClass: delivered.csiVolume.secretProviderClass },
      },
    });
    mounts.push({
      name: delivered.csiVolume.name,
      mountPath: delivered.csiVolume.mountPath,
      readOnly: true,
    });
  }
  const fileEnv: Record<string, string> = {};
  fileSecrets.forEach((secret, index) => {
    const location = delivered.locations.get(secret.name);
    if (!location) return;
    const fileName = secret.example.split('/').pop() ?? secret.name.toLowerCase();
    const volume = `key-file-${index + 1}`;
    volumes.push({
      name: volume,
      secret: {
        secretName: location.secret,
        defaultMode: 0o440,
        items: [{ key: location.key, path: fileName }],
      },
    });
    mounts.push({
      name: volume,
      mountPath: `${SECRET_FILES_DIRECTORY}/${fileName}`,
      subPath: fileName,
      readOnly: true,
    });
    fileEnv[secret.name] = `${SECRET_FILES_DIRECTORY}/${fileName}`;
  });
  const env = { ...(container.env ?? {}), ...fileEnv };
  return {
    serviceAccountName: workloadServiceAccount(workload),
    // No workload calls the Kubernetes API; operators that need a token request their own.
    automountServiceAccountToken: false,
    securityContext: podSecurityContext(),
    containers: [
      {
        name: container.name,
        image: container.image,
        imagePullPolicy: 'IfNotPresent',
        command: container.command,
        envFrom: envFrom(delivered),
        ...(Object.keys(env).length > 0
          ? { env: Object.entries(env).map(([name, value]) => ({ name, value })) }
          : {}),
        resources: container.resources,
        ...(container.probes ?? {}),
        securityContext: containerSecurityContext(),
        volumeMounts: mounts,
      },
    ],
    volumes,
  };
}

function envFrom(delivered: DeliveredSecrets): Record<string, unknown>[] {
  return [
    { configMapRef: { name: CONFIG_MAP } },
    ...delivered.secretNames.map((name) => ({ secretRef: { name } })),
  ];
}

export function serviceAccount(
  model: ProjectModel,
  workload: Workload,
  labels: Record<string, string>,
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: workloadServiceAccount(workload), labels },
    automountServiceAccountToken: false,
  };
}
