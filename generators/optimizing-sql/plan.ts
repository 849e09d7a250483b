import type { ProjectModel } from '../../source/engine/model/types.js';
import { engineDesign, type EngineDesign } from './design/index.js';
import { slowQueryCase, type SlowQueryCase } from './slow-query.js';
import { buildWorkload, type Workload } from './workload.js';

/** Everything the SQL files render from: the workload, the engine's design and the before/after case. */
export interface SqlPlan {
  model: ProjectModel;
  workload: Workload;
  design: EngineDesign;
  slowQuery: SlowQueryCase;
}

export function sqlPlan(model: ProjectModel): SqlPlan {
  const workload = buildWorkload(model);
  const design = engineDesign({ model, workload });
  return { model, workload, design, slowQuery: slowQueryCase(model, workload, design) };
}

export const WORKLOAD_TITLES: Record<ProjectModel['sql']['workload'], string> = {
  dashboards: 'dashboards (scans and aggregates over time ranges)',
  'point-lookups': 'point lookups (a few rows by key)',
  mixed: 'mixed (dashboards and point lookups)',
};
