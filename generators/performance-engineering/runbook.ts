import type { ProjectModel } from '../../source/engine/model/types.js';
import { lines } from '../shared/text.js';
import { githubAnchor } from './templates.js';

/**
 * The runbook entries this skill contributes to docs/runbook.md (rendered as `### <title>`).
 * Alert rules, monitors and alarms link to them by the GitHub anchor of the title, so the title
 * is the contract: `Alert: ConsumerLagHigh` → `docs/runbook.md#alert-consumerlaghigh`.
 */

export type RunbookKey =
  | 'ConsumerLagHigh'
  | 'DeadLetterMessagesArriving'
  | 'CdcReplicationSlotLagHigh'
  | 'CdcReplicationSlotInactive'
  | 'CdcConnectorStalled'
  | 'MartFreshnessSloBreached'
  | 'DimensionNotUpdated'
  | 'FreshnessExporterQueriesFailing'
  | 'AirflowTaskFailed'
  | 'AirflowDagImportErrors'
  | 'DbtTestsFailing'
  | 'DbtModelsFailing'
  | 'IngestionLatencyHigh'
  | 'MonitoringTargetDown'
  | 'ErrorBudgetBurn';

export const RUNBOOK_PATH = 'docs/runbook.md';

export function runbookTitle(key: RunbookKey): string {
  return `Alert: ${key}`;
}

export function runbookUrl(key: RunbookKey): string {
  return `${RUNBOOK_PATH}#${githubAnchor(runbookTitle(key))}`;
}

function entry(key: RunbookKey, body: string[]): { title: string; body: string } {
  return { title: runbookTitle(key), body: lines(...body).trimEnd() };
}

/** The entries for the alerts this project has (the keys its rules and monitors use). */
export function runbookEntries(
  model: ProjectModel,
  keys: ReadonlySet<RunbookKey>,
): { title: string; body: string }[] {
  const slo = model.performance.freshnessSloMinutes;
  const bodies: Record<RunbookKey, string[]> = {
    ConsumerLagHigh: [
      `Consumers of a topic are more than the threshold behind (${model.performance.lagAlertThreshold} messages, or the iterator age on Kinesis) for 10 minutes: events reach the raw tables late and the marts go stale next.`,
      '',
      '1. Confirm: the "Consumer lag per topic" panel of the pipeline dashboard; is the lag growing (consumers slower than producers) or flat (a burst being absorbed)?',
      "2. Check the loader: `docker compose ps stream-loader` and `docker compose logs --tail=200 stream-loader` (or the Deployment's pods on Kubernetes). Crash loops, retries on one poison record, or warehouse errors are the usual causes.",
      '3. Fix: restart a stuck loader; add consumers up to the partition count (the autoscaler does it on Kubernetes); send poison records to the dead-letter topic instead of retrying forever.',
      '4. Verify: lag decreases on the panel, then the freshness panel recovers.',
    ],
    DeadLetterMessagesArriving: [
      'Records are being written to a dead-letter topic: the loader could not process them after its retries (schema mismatch, invalid values, constraint violations).',
      '',
      '1. Inspect a few records and their error headers: `make consume` on the DLQ topic (see streaming/README.md).',
      '2. Fix the cause (producer bug, schema evolution without defaults, a new accepted value) before replaying.',
      '3. Replay: republish the DLQ records to the main topic once fixed; loads are idempotent on the key.',
      '4. Verify: the "Dead-letter rate" panel returns to zero.',
    ],
    CdcReplicationSlotLagHigh: [
      "The logical replication slot of the CDC connector retains more than 1 GiB of WAL: Debezium reads slower than the source database writes, and the WAL grows on the source's disk.",
      '',
      '1. Check the connector: `curl -s $KAFKA_CONNECT_URL/connectors/<name>/status`; a FAILED task stops consuming the slot.',
      '2. Restart the failed task (`POST /connectors/<name>/tasks/0/restart`), check Kafka Connect logs for the cause.',
      '3. If the source is quiet, make sure `heartbeat.interval.ms` is set so the slot advances.',
      '4. Verify: the slot lag falls on the next scrapes. As a last resort (data loss for the connector), drop and recreate the slot and re-snapshot.',
    ],
    CdcReplicationSlotInactive: [
      'The logical replication slot has no consumer: the connector is down, and the source retains WAL until the slot is consumed or dropped (max_slot_wal_keep_size caps it by invalidating the slot).',
      '',
      '1. Check the connector status (`curl -s $KAFKA_CONNECT_URL/connectors?expand=status`) and Kafka Connect logs.',
      "2. Restart the connector; if it was deleted on purpose, drop the slot on the source (`SELECT pg_drop_replication_slot('<slot>')`).",
      '3. Verify: `pg_replication_slot_slot_is_active` returns to 1.',
    ],
    CdcConnectorStalled: [
      'The Debezium heartbeat topic has not moved for 15 minutes: the connector is not reading the source, even though it may report RUNNING.',
      '',
      '1. Check the connector and task status, then the Kafka Connect logs for reconnect loops or authentication errors.',
      '2. Restart the task; check the source database is reachable from Kafka Connect and the replication user still has its grants.',
      '3. Verify: the heartbeat topic offset increases again.',
    ],
    MartFreshnessSloBreached: [
      `A fact mart's newest event is older than the freshness SLO (${slo} minutes) for 10 minutes: dashboards show stale numbers.`,
      '',
      '1. Confirm on the "Freshness per mart" panel which marts are late, and since when.',
      '2. Walk upstream: did the orchestrator run (DAG/flow runs, `make transform` output)? Did dbt fail (DbtModelsFailing)? Did ingestion stop (consumer lag, dead letters, CDC)?',
      '3. Fix the broken stage and re-run the transformation for the affected interval (models are idempotent).',
      '4. Verify: the freshness gauge drops under the SLO; tell the consumers of the affected marts.',
    ],
    DimensionNotUpdated: [
      'A dimension mart has not changed for a day (or longer than the SLO): the changelog that feeds it may have stopped.',
      '',
      '1. Check the source of the dimension (its topic or CDC table) for recent changes: a quiet source is normal on weekends.',
      '2. If changes exist upstream but not in the mart, follow the MartFreshnessSloBreached steps.',
    ],
    FreshnessExporterQueriesFailing: [
      'The freshness exporter cannot query the warehouse: freshness and latency alerts are blind until it recovers.',
      '',
      '1. `docker compose logs --tail=100 freshness-exporter`: connection errors, missing marts, or (locally) the DuckDB file locked by a running dbt build.',
      '2. A lock held by dbt clears when the build ends; credentials and network errors need the warehouse variables of `.env` fixed.',
      '3. Verify: `pipeline_freshness_exporter_up` returns to 1.',
    ],
    AirflowTaskFailed: [
      'An Airflow task failed after its retries.',
      '',
      "1. Open the task's log in the Airflow UI (`make airflow-ui` prints the URL) for the failing try.",
      '2. Fix the cause (source unavailable, dbt failure, credentials), then clear the task so Airflow re-runs it for the same data interval.',
      '3. Verify: the run succeeds and the freshness of the affected marts recovers.',
    ],
    AirflowDagImportErrors: [
      'Airflow cannot import a DAG file: the DAG stops being scheduled.',
      '',
      '1. The Airflow UI lists import errors at the top of the DAGs page; or run the DAG tests (`pytest tests/unit/test_dags.py`).',
      '2. Fix the file; the dag-processor picks it up on its next parse.',
    ],
    DbtTestsFailing: [
      'dbt tests failed in the last build: some rows violate a uniqueness, not-null, relationship or accepted-values rule.',
      '',
      '1. Find the failing tests: `transforms/dbt/target/run_results.json`, or re-run `dbt test --select <model>` with `--store-failures` to keep the failing rows.',
      '2. Decide: a data problem upstream (fix the source or quarantine the rows) or a rule that changed (update the test and its documentation).',
      '3. Verify: the next build passes its tests.',
    ],
    DbtModelsFailing: [
      'dbt models ended in error in the last build: the marts downstream were not refreshed.',
      '',
      "1. Read the error in `transforms/dbt/target/run_results.json` or the orchestrator's log of the build step.",
      '2. Fix (SQL error after a schema change, permissions, warehouse capacity) and re-run the build.',
      '3. Verify: the freshness alerts resolve.',
    ],
    IngestionLatencyHigh: [
      `The p95 time from event to raw row (\`_loaded_at - event time\`) is above ${model.performance.latencyP95Ms} ms for 15 minutes.`,
      '',
      '1. Look at consumer lag first: latency follows lag.',
      '2. If lag is flat, the time goes into loading: warehouse latency, small batches, or commits per record in the loader.',
      '3. Verify: the latency panel returns under the target.',
    ],
    MonitoringTargetDown: [
      'Prometheus cannot scrape a target: the alerts that read its metrics cannot fire.',
      '',
      '1. Prometheus → Status → Targets shows the error for the job.',
      "2. `docker compose ps` and the service's logs; restart it.",
      '3. Verify: the target is UP again.',
    ],
    ErrorBudgetBurn: [
      'An SLO burns its error budget fast (page) or steadily (ticket): multiwindow burn-rate alerts fire when both a long and a short window exceed the burn rate, so they fire early on real trouble and clear quickly once it is fixed.',
      '',
      '1. The `slo` label says which SLO: freshness, latency or availability (see monitoring/slos.yaml).',
      '2. Follow the runbook of the underlying symptom (MartFreshnessSloBreached, IngestionLatencyHigh, FreshnessExporterQueriesFailing).',
      '3. After recovery, check the remaining budget on the dashboard; a spent budget freezes risky changes until it recovers.',
    ],
  };
  return [...keys].map((key) => entry(key, bodies[key]));
}
