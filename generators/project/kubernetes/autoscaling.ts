import type { Workload } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { workloadLabels } from './labels.js';
import { pubsubSubscription, pulsarTopic } from './runtime.js';
import { maxReplicas } from './sizing.js';

/** The consumer group of the loader: the same name streaming/config/consumer.properties uses. */
export function loaderConsumerGroup(model: ProjectModel): string {
  return `${model.domain.replaceAll('_', '-')}-raw-loader`;
}

/** Lag per replica that triggers a scale-out: a fifth of the alert threshold, so scaling acts first. */
export function lagPerReplica(model: ProjectModel): number {
  return Math.max(100, Math.round(model.performance.lagAlertThreshold / 5));
}

/** Whether the loader is autoscaled (performance-engineering in the chain, autoscaling ≠ none). */
export function isAutoscaled(model: ProjectModel): boolean {
  return model.flags.hasPerformance && model.performance.autoscaling !== 'none';
}

/**
 * k8s/autoscaling/: KEDA on consumer lag (the symptom that matters for a loader) or a CPU HPA.
 * Bounds: at least one replica, at most one per partition.
 */
export function autoscalingFiles(model: ProjectModel, loader: Workload): FileSpec[] {
  if (!isAutoscaled(model)) return [];
  const labels = workloadLabels(model, loader.name, 'autoscaling');
  const max = maxReplicas(model);
  const behavior = {
    // Scale out at once, scale in slowly: every change is a consumer-group rebalance.
    scaleUp: {
      stabilizationWindowSeconds: 0,
      policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      policies: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
    },
  };
  if (model.performance.autoscaling === 'hpa-cpu') {
    return [
      {
        path: `k8s/autoscaling/${loader.name}-hpa.yaml`,
        kind: 'yaml',
        header: [
          `CPU-based autoscaling of the ${loader.name}: 70 % of the CPU request on average, 1 to ${max} replicas`,
          `(no more than the ${model.streaming.partitions} partitions). Lag is the better signal; CPU is what this chain chose.`,
        ],
        data: () => ({
          apiVersion: 'autoscaling/v2',
          kind: 'HorizontalPodAutoscaler',
          metadata: { name: loader.name, labels },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: loader.name },
            minReplicas: 1,
            maxReplicas: max,
            metrics: [
              {
                type: 'Resource',
                resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
              },
            ],
            behavior,
          },
        }),
      },
    ];
  }
  const trigger = kedaTriggers(model);
  return [
    {
      path: `k8s/autoscaling/${loader.name}-scaledobject.yaml`,
      kind: 'yaml',
      isMultiDocument: true,
      header: [
        `KEDA scales the ${loader.name} on ${trigger.signal}: one replica per ${lagPerReplica(model)} pending messages, 1 to ${max}`,
        `replicas (never more than the ${model.streaming.partitions} partitions). The lag alert fires at ${model.performance.lagAlertThreshold}, so scaling acts first.`,
        'KEDA owns the replica count: the Deployment does not set one.',
      ],
      data: () => [
        {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'TriggerAuthentication',
          metadata: { name: `${loader.name}-scaler`, labels },
          spec: trigger.authentication,
        },
        {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'ScaledObject',
          metadata: { name: loader.name, labels },
          spec: {
            scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: loader.name },
            pollingInterval: 30,
            cooldownPeriod: 300,
            minReplicaCount: 1,
            maxReplicaCount: max,
            advanced: { horizontalPodAutoscalerConfig: { behavior } },
            triggers: trigger.triggers.map((item) => ({
              ...item,
              authenticationRef: { name: `${loader.name}-scaler` },
            })),
          },
        },
      ],
    },
  ];
}

interface KedaTriggers {
  signal: string;
  authentication: Record<string, unknown>;
  triggers: Record<string, unknown>[];
}

function kedaTriggers(model: ProjectModel): KedaTriggers {
  const threshold = String(lagPerReplica(model));
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return {
        signal: `the consumer lag of group ${loaderConsumerGroup(model)}`,
        // Read from the loader's own environment (ConfigMap and Secret), so KEDA needs no copy.
        authentication: {
          env: [
            { parameter: 'username', name: 'KAFKA_SASL_USERNAME', containerName: 'loader' },
            { parameter: 'password', name: 'KAFKA_SASL_PASSWORD', containerName: 'loader' },
          ],
        },
        triggers: model.topics.map((topic) => ({
          type: 'kafka',
          metadata: {
            bootstrapServersFromEnv: 'KAFKA_BOOTSTRAP_SERVERS',
            consumerGroup: loaderConsumerGroup(model),
            topic: topic.name,
            lagThreshold: threshold,
            // A new group starts from the beginning of the retention, like the consumer.
            offsetResetPolicy: 'earliest',
            sasl: 'scram_sha512',
            tls: 'enable',
          },
        })),
      };
    case 'kinesis':
      return {
        signal: 'the shard count of each stream',
        authentication: { podIdentity: { provider: 'aws', identityOwner: 'workload' } },
        triggers: model.topics.map((topic) => ({
          type: 'aws-kinesis-stream',
          // One replica per shard: Kinesis consumers own whole shards.
          metadata: { streamName: topic.name, shardCount: '1', awsRegion: awsRegion(model) },
        })),
      };
    case 'pubsub':
      return {
        signal: 'the undelivered messages of each subscription',
        authentication: { podIdentity: { provider: 'gcp' } },
        triggers: model.topics.map((topic) => ({
          type: 'gcp-pubsub',
          metadata: {
            subscriptionName: pubsubSubscription(topic.name),
            mode: 'SubscriptionSize',
            value: threshold,
          },
        })),
      };
    case 'pulsar':
      return {
        signal: 'the backlog of each subscription',
        authentication: {
          env: [{ parameter: 'bearerToken', name: 'PULSAR_TOKEN', containerName: 'loader' }],
        },
        triggers: model.topics.map((topic) => ({
          type: 'pulsar',
          metadata: {
            // The Pulsar Helm chart's broker service; the admin API serves the backlog stats.
            adminURL: 'http://pulsar-broker.pulsar.svc:8080',
            topic: pulsarTopic(model, topic.name),
            subscription: loaderConsumerGroup(model),
            msgBacklogThreshold: threshold,
            authModes: 'bearer',
          },
        })),
      };
  }
}

function awsRegion(model: ProjectModel): string {
  return model.env.find((variable) => variable.name === 'AWS_REGION')?.example ?? 'eu-west-1';
}
