import type { ProjectModel } from '../../types.js';
import { loaderConsumerGroup } from './autoscaling.js';
import { pubsubSubscription } from './runtime.js';

/**
 * How the loader shares the work among its replicas, in the words of the broker: Kafka and
 * Redpanda have consumer groups and partitions, Kinesis streams, shards and a consumer application
 * that checkpoints each shard, Pub/Sub subscriptions, Pulsar Key_Shared subscriptions.
 */
export interface ConsumerTerms {
  /** Header lines of the loader Deployment: what runs and how replicas share it. */
  deployment: string[];
  /** What a stuck consumer looks like (the probes' heartbeat stops). */
  stuck: string;
  /** Why at most one pod is evicted at a time (the PodDisruptionBudget header). */
  disruption: string;
  /** The kubernetes README's sentence on the Deployment. */
  readme: string[];
}

export function consumerTerms(model: ProjectModel): ConsumerTerms {
  const count = model.streaming.partitions;
  const group = loaderConsumerGroup(model);
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return {
        deployment: [
          `One Deployment for all topics (one consumer group, ${group}); replicas beyond the partition`,
          `count (${count}) would sit idle.`,
        ],
        stuck: 'a consumer stuck in a rebalance or a poison record stops touching it.',
        disruption:
          'the consumer group rebalances once per eviction instead of losing several members together.',
        readme: [
          `One Deployment and one consumer group (\`${group}\`) for all topics: the landing is the same idempotent`,
          'write for every entity, so the group spreads every partition over its replicas.',
        ],
      };
    case 'kinesis':
      return {
        deployment: [
          'One Deployment, one consumer application for all streams: it reads every shard',
          `(${count} per stream) and keeps each shard's position in streaming_state.kinesis_checkpoints. Without`,
          'KCL leases a second replica would read the same shards again (idempotent, but wasted): run one,',
          'and move to the KCL or enhanced fan-out to scale out.',
        ],
        stuck: 'a loader stuck on a shard iterator or a poison record stops touching it.',
        disruption:
          'the consumer application resumes every shard from its checkpoint once per eviction.',
        readme: [
          'One Deployment, one consumer application for all streams: the landing is the same idempotent write',
          `for every entity; it reads every shard and checkpoints each one (\`streaming_state.kinesis_checkpoints\`).`,
        ],
      };
    case 'pubsub':
      return {
        deployment: [
          `One Deployment for all topics, pulling from one subscription per topic (${pubsubSubscription('<topic>')}):`,
          'Pub/Sub spreads the messages of a subscription over every replica that pulls from it (no partitions).',
        ],
        stuck: 'a subscriber stuck on a poison message stops touching it.',
        disruption:
          'the messages the subscription had leased to it are redelivered once per eviction (after their ack deadline).',
        readme: [
          `One Deployment for all topics, one subscription each (\`${pubsubSubscription('<topic>')}\`): the landing is the same`,
          'idempotent write for every entity, and Pub/Sub spreads each subscription over the replicas.',
        ],
      };
    case 'pulsar':
      return {
        deployment: [
          `One Deployment for all topics, one Key_Shared subscription (${group}) per topic: replicas share`,
          `the ${count} partitions by key hash, so each key stays in order on one replica.`,
        ],
        stuck: 'a consumer stuck on a poison message stops touching it.',
        disruption:
          'the Key_Shared subscription reassigns its key ranges once per eviction instead of several at once.',
        readme: [
          `One Deployment and one Key_Shared subscription (\`${group}\`) per topic: the landing is the same`,
          'idempotent write for every entity, and the subscription spreads the keys over the replicas.',
        ],
      };
  }
}
