import type { ProjectModel } from '../../../source/engine/model/types.js';
import type { Technique, Workload, WorkloadQuery } from '../workload.js';

/**
 * The physical design of one engine for the workload: the statements of sql/indexes.sql (each
 * saying which query it serves), the maintenance of sql/maintenance.sql, and what the plan of each
 * query should look like once the design is in place.
 */

export interface DesignItem {
  /** The index, view or table name the statement creates or changes. */
  id: string;
  /** `baseline` items are kept whatever the techniques: the design the rest relies on. */
  technique: Technique | 'baseline';
  /** The table it changes (qualified). */
  table: string;
  /** Names of the queries it serves. */
  serves: string[];
  /** Comment lines: why this structure, and its cost. */
  why: string[];
  /** Complete statements, each ending with `;`. */
  statements: string[];
}

export interface MaintenanceStep {
  title: string;
  /** When to run it. */
  schedule: string;
  why: string[];
  statements: string[];
}

export interface PlanExpectation {
  /** The plan shape to expect once the design is applied. */
  expected: string[];
  /** What in a plan says the design is not being used. */
  warnings: string[];
  /**
   * For PostgreSQL: the index the plan must reach, and whether it is only guaranteed to be chosen
   * when sequential scans are disabled (a tiny or wide range on a small table).
   */
  postgres?: { index: string; nodeTypes: string[]; needsSeqscanOff: boolean };
}

export interface EngineDesign {
  /** README paragraphs: the strategy for this engine and workload. */
  strategy: string[];
  items: DesignItem[];
  maintenance: MaintenanceStep[];
  plan(query: WorkloadQuery): PlanExpectation;
  /** How to keep the design when dbt rebuilds the marts. */
  persistence: string[];
}

export interface DesignInput {
  model: ProjectModel;
  workload: Workload;
}

/** Query names of a given kind (dashboards, lookups, rollup). */
export function namesOf(workload: Workload, kinds: readonly WorkloadQuery['kind'][]): string[] {
  return workload.queries.filter((query) => kinds.includes(query.kind)).map((query) => query.name);
}

/** Index names are limited to 63 bytes in PostgreSQL; keep every engine within that. */
export function objectName(parts: readonly string[], suffix: string): string {
  const name = `${parts.join('_')}_${suffix}`;
  if (name.length <= 63) return name;
  const head = name.slice(0, 63 - suffix.length - 1).replace(/_+$/, '');
  return `${head}_${suffix}`;
}
