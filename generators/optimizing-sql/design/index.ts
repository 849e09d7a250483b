import type { Warehouse } from '../../../source/engine/model/types.js';
import { bigqueryDesign } from './bigquery.js';
import { databricksDesign } from './databricks.js';
import { duckdbDesign } from './duckdb.js';
import { postgresDesign } from './postgres.js';
import { redshiftDesign } from './redshift.js';
import { snowflakeDesign } from './snowflake.js';
import type { DesignInput, EngineDesign } from './types.js';

const DESIGNS: Record<Warehouse, (input: DesignInput) => EngineDesign> = {
  postgres: postgresDesign,
  duckdb: duckdbDesign,
  snowflake: snowflakeDesign,
  bigquery: bigqueryDesign,
  redshift: redshiftDesign,
  databricks: databricksDesign,
};

/** The physical design of the chosen engine for the workload. */
export function engineDesign(input: DesignInput): EngineDesign {
  return DESIGNS[input.model.sql.engine](input);
}

export type { DesignItem, EngineDesign, MaintenanceStep, PlanExpectation } from './types.js';
