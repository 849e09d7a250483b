/**
 * monitoring/statsd/mappings.yml: turns Airflow's dotted StatsD names into labelled Prometheus
 * series (statsd_exporter mapping config). Without it, every DAG and task would be a separate
 * metric name that no alert could select.
 */
export function statsdMappings(): Record<string, unknown> {
  return {
    defaults: { ttl: '0s' },
    mappings: [
      {
        match: 'airflow.ti.finish.*.*.*',
        name: 'airflow_task_finished_total',
        help: 'Task instances finished, per DAG, task and final state.',
        labels: { dag_id: '$1', task_id: '$2', state: '$3' },
      },
      {
        match: 'airflow.ti_failures',
        name: 'airflow_task_failures_total',
        help: 'Task instance failures (all DAGs).',
      },
      {
        match: 'airflow.ti_successes',
        name: 'airflow_task_successes_total',
        help: 'Task instance successes (all DAGs).',
      },
      {
        match: 'airflow.dag_processing.import_errors',
        name: 'airflow_dag_processing_import_errors',
        help: 'DAG files that failed to import.',
      },
      {
        match: 'airflow.dagrun.duration.*.*',
        name: 'airflow_dagrun_duration_seconds',
        help: 'Duration of DAG runs, per final state and DAG.',
        observer_type: 'histogram',
        histogram_options: { buckets: [60, 300, 600, 1800, 3600, 7200, 14400] },
        labels: { state: '$1', dag_id: '$2' },
      },
      {
        match: 'airflow.scheduler_heartbeat',
        name: 'airflow_scheduler_heartbeat_total',
        help: 'Scheduler heartbeats: a flat rate means the scheduler is stuck.',
      },
    ],
  };
}
