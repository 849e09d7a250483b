import { architectureChecks } from './architecture.js';
import { dbtChecks } from './dbt.js';
import { monitoringChecks } from './monitoring.js';
import { secretsChecks } from './secrets.js';
import { sqlChecks } from './sql.js';
import { stackChecks } from './stack.js';
import { streamingChecks } from './streaming.js';
import { transformsChecks } from './transforms.js';
import type { DomainCheck } from './types.js';

/** Every layer-3 check, grouped by area; each area's file owns its checks. */
export const DOMAIN_CHECKS: readonly DomainCheck[] = [
  ...stackChecks,
  ...architectureChecks,
  ...streamingChecks,
  ...dbtChecks,
  ...transformsChecks,
  ...sqlChecks,
  ...secretsChecks,
  ...monitoringChecks,
];
