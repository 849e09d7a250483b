import type { ProjectModel } from '../../types.js';

export interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}

/**
 * Requests sized by the data volume answer; memory is limited (the kernel kills a leaking process
 * instead of the node), CPU is not (throttling a loader only grows lag; requests already reserve).
 */
export function loaderResources(model: ProjectModel): Resources {
  switch (model.volume) {
    case 'small':
      return { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } };
    case 'medium':
      return { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1Gi' } };
    case 'large':
      return { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } };
  }
}

export function transformResources(model: ProjectModel): Resources {
  // PySpark in local mode and pandas hold the batch in memory; dbt only sends SQL to the warehouse.
  const heavy = model.transforms.tool === 'pyspark' || model.transforms.tool === 'pandas';
  switch (model.volume) {
    case 'small':
      return {
        requests: { cpu: '500m', memory: heavy ? '1Gi' : '512Mi' },
        limits: { memory: heavy ? '2Gi' : '1Gi' },
      };
    case 'medium':
      return {
        requests: { cpu: '1', memory: heavy ? '4Gi' : '1Gi' },
        limits: { memory: heavy ? '8Gi' : '2Gi' },
      };
    case 'large':
      return {
        requests: { cpu: '2', memory: heavy ? '8Gi' : '2Gi' },
        limits: { memory: heavy ? '16Gi' : '4Gi' },
      };
  }
}

/**
 * Fixed replicas (no autoscaling): one per partition at most, more for more volume. The Kinesis
 * loader checkpoints every shard itself (no KCL leases): one replica, or each would read them all.
 */
export function fixedReplicas(model: ProjectModel): number {
  if (model.streaming.broker === 'kinesis') return 1;
  const wanted = { small: 1, medium: 2, large: 3 }[model.volume];
  return Math.max(1, Math.min(wanted, model.streaming.partitions));
}

/** The autoscaling ceiling: never more consumers than partitions (extra ones sit idle). */
export function maxReplicas(model: ProjectModel): number {
  const cap = { small: 3, medium: 6, large: 12 }[model.volume];
  return Math.max(1, Math.min(cap, model.streaming.partitions));
}
