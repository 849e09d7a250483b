import type { Workload } from '../../shared/workloads.js';
import { consumerTerms } from './consumer-terms.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { selectorLabels, workloadLabels } from './labels.js';

/**
 * k8s/policies/: a PodDisruptionBudget per Deployment and NetworkPolicies: deny everything, then
 * allow DNS and each workload's egress to the broker and the warehouse on their ports.
 */
export function policyFiles(model: ProjectModel, workloads: Workload[]): FileSpec[] {
  const deployments = workloads.filter((workload) => workload.kind === 'deployment');
  const files: FileSpec[] = deployments.map((workload) => ({
    path: `k8s/policies/${workload.name}-pdb.yaml`,
    kind: 'yaml',
    header: [
      `At most one ${workload.name} pod is evicted at a time (node drains, upgrades): ${consumerTerms(model).disruption}`,
      'maxUnavailable (not minAvailable) so a single replica can still be drained.',
    ],
    data: () => ({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: workload.name,
        labels: workloadLabels(model, workload.name, 'stream-loader'),
      },
      spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(model, workload.name) } },
    }),
  }));
  files.push({
    path: 'k8s/policies/network-policies.yaml',
    kind: 'yaml',
    isMultiDocument: true,
    header: [
      `Network policies of ${model.name}: nothing may connect in, and pods may only reach DNS and the`,
      'ports their workload needs. The cloud metadata endpoint is excluded from egress: workload',
      'identity (IRSA, EKS Pod Identity, GKE/AKS workload identity) does not need it.',
    ],
    data: () => [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-all', labels: { 'app.kubernetes.io/part-of': model.name } },
        spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'allow-dns', labels: { 'app.kubernetes.io/part-of': model.name } },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
                  },
                  podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                },
              ],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ],
        },
      },
      ...workloads.map((workload) => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: `${workload.name}-egress`,
          labels: workloadLabels(
            model,
            workload.name,
            workload.kind === 'cronjob' ? 'batch' : 'stream-loader',
          ),
        },
        spec: {
          podSelector: { matchLabels: selectorLabels(model, workload.name) },
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }],
              ports: egressPorts(model, workload).map((port) => ({ protocol: 'TCP', port })),
            },
          ],
        },
      })),
    ],
  });
  return files;
}

/** The TCP ports a workload talks to: its warehouse, and the broker for the loader; 443 for cloud APIs. */
export function egressPorts(model: ProjectModel, workload: Workload): number[] {
  const ports = new Set<number>([443]);
  for (const port of warehousePorts(model)) ports.add(port);
  if (workload.kind === 'deployment') for (const port of brokerPorts(model)) ports.add(port);
  return [...ports].sort((a, b) => a - b);
}

function warehousePorts(model: ProjectModel): number[] {
  switch (model.architecture.warehouse) {
    case 'postgres':
      return [5432];
    case 'redshift':
      return [5439];
    // Snowflake, BigQuery, Databricks and MotherDuck (DuckDB in production) speak HTTPS.
    case 'snowflake':
    case 'bigquery':
    case 'databricks':
    case 'duckdb':
      return [443];
  }
}

function brokerPorts(model: ProjectModel): number[] {
  switch (model.streaming.broker) {
    // 9092 plaintext/SASL, 9093 TLS, 9094 external listeners; 8081 the schema registry.
    case 'kafka':
    case 'redpanda':
      return [9092, 9093, 9094, ...(model.flags.usesSchemaRegistry ? [8081] : [])];
    // Kinesis and Pub/Sub are HTTPS APIs.
    case 'kinesis':
    case 'pubsub':
      return [443];
    case 'pulsar':
      return [6650, 6651];
  }
}
