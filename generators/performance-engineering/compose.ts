import type { ProjectModel } from '../../source/engine/model/types.js';
import { CONFLUENT_IMAGES } from '../shared/confluent.js';
import { GRAFANA_DASHBOARDS_DIR } from './grafana.js';
import { REST_PROXY } from './load-tests.js';
import {
  alertingEnabled,
  KAFKA_EXPORTER,
  POSTGRES_EXPORTER,
  STATSD_EXPORTER,
} from './prometheus/config.js';
import { FRESHNESS_EXPORTER, usesAirflow } from './signals.js';

/** Pinned images of the monitoring stack (LTS or current stable releases). */
export const IMAGES = {
  prometheus: 'prom/prometheus:v3.13.2',
  alertmanager: 'prom/alertmanager:v0.30.1',
  grafana: 'grafana/grafana:12.2.1',
  kafkaExporter: 'danielqsj/kafka-exporter:v1.9.0',
  statsdExporter: 'prom/statsd-exporter:v0.28.0',
  postgresExporter: 'quay.io/prometheuscommunity/postgres-exporter:v0.17.1',
  restProxy: CONFLUENT_IMAGES.restProxy,
  k6: 'grafana/k6:1.3.0',
  locust: 'locustio/locust:2.37.0',
  datadogAgent: 'gcr.io/datadoghq/agent:7.66.1',
} as const;

const required = (name: string) => `\${${name}:?set ${name} in .env (make env)}`;

function wgetHealth(url: string): Record<string, unknown> {
  return {
    test: ['CMD', 'wget', '-q', '--spider', url],
    interval: '15s',
    timeout: '5s',
    retries: 5,
    start_period: '20s',
  };
}

function bootstrap(model: ProjectModel): string {
  return model.streaming.broker === 'redpanda' ? 'redpanda:29092' : 'kafka:19092';
}

function freshnessExporter(model: ProjectModel): Record<string, unknown> {
  return {
    // The workbench image has the project's Python requirements (prometheus-client, duckdb, …).
    build: { context: '.', dockerfile: 'docker/workbench/Dockerfile' },
    image: `${model.name}-workbench:local`,
    working_dir: '/workspace',
    command: [
      'python',
      'monitoring/exporters/freshness_exporter.py',
      '--target',
      'duckdb',
      '--port',
      String(FRESHNESS_EXPORTER.port),
    ],
    environment: { DUCKDB_PATH: '/workspace/data/warehouse.duckdb' },
    // Read-only: the exporter opens the DuckDB file read-only and reads dbt's run_results.json.
    volumes: ['./:/workspace:ro'],
    ports: [`${FRESHNESS_EXPORTER.port}:${FRESHNESS_EXPORTER.port}`],
    healthcheck: {
      test: [
        'CMD',
        'python',
        '-c',
        `import urllib.request; urllib.request.urlopen('http://localhost:${FRESHNESS_EXPORTER.port}/metrics', timeout=5)`,
      ],
      interval: '30s',
      timeout: '10s',
      retries: 3,
      start_period: '20s',
    },
    restart: 'unless-stopped',
  };
}

export function composeServices(model: ProjectModel): {
  services: Record<string, Record<string, unknown>>;
  volumes: string[];
} {
  const services: Record<string, Record<string, unknown>> = {};
  const volumes: string[] = [];
  services[FRESHNESS_EXPORTER.service] = freshnessExporter(model);
  const brokerService = model.streaming.broker === 'redpanda' ? 'redpanda' : 'kafka';
  if (model.performance.metrics === 'prometheus-grafana') {
    services.prometheus = {
      image: IMAGES.prometheus,
      command: [
        '--config.file=/etc/prometheus/prometheus.yml',
        '--storage.tsdb.path=/prometheus',
        '--storage.tsdb.retention.time=15d',
        // POST /-/reload after editing rules, instead of a restart.
        '--web.enable-lifecycle',
      ],
      volumes: ['./monitoring/prometheus:/etc/prometheus:ro', 'prometheus-data:/prometheus'],
      ports: ['9090:9090'],
      healthcheck: wgetHealth('http://localhost:9090/-/healthy'),
      restart: 'unless-stopped',
    };
    volumes.push('prometheus-data');
    if (alertingEnabled(model)) {
      const environment: Record<string, string> = {};
      for (const name of alertmanagerVariables(model)) environment[name] = required(name);
      services.alertmanager = {
        image: IMAGES.alertmanager,
        // The entrypoint renders the configuration from the environment (see the script).
        entrypoint: ['/bin/sh', '/etc/alertmanager/entrypoint.sh'],
        environment,
        volumes: [
          './monitoring/alertmanager:/etc/alertmanager:ro',
          'alertmanager-data:/alertmanager',
        ],
        ports: ['9093:9093'],
        healthcheck: wgetHealth('http://localhost:9093/-/healthy'),
        restart: 'unless-stopped',
      };
      volumes.push('alertmanager-data');
    }
    services.grafana = {
      image: IMAGES.grafana,
      environment: {
        GF_SECURITY_ADMIN_USER: 'admin',
        GF_SECURITY_ADMIN_PASSWORD: required('GRAFANA_ADMIN_PASSWORD'),
        GF_USERS_ALLOW_SIGN_UP: 'false',
        GF_AUTH_ANONYMOUS_ENABLED: 'false',
        GF_ANALYTICS_REPORTING_ENABLED: 'false',
      },
      volumes: [
        './monitoring/grafana/provisioning:/etc/grafana/provisioning:ro',
        `./monitoring/grafana/dashboards:${GRAFANA_DASHBOARDS_DIR}:ro`,
        'grafana-data:/var/lib/grafana',
      ],
      ports: ['3000:3000'],
      depends_on: { prometheus: { condition: 'service_healthy' } },
      healthcheck: wgetHealth('http://localhost:3000/api/health'),
      restart: 'unless-stopped',
    };
    volumes.push('grafana-data');
    if (model.flags.hasStreaming && model.flags.usesKafkaApi) {
      services[KAFKA_EXPORTER.service] = {
        image: IMAGES.kafkaExporter,
        command: [`--kafka.server=${bootstrap(model)}`, '--group.filter=.*', '--topic.filter=.*'],
        ports: [`${KAFKA_EXPORTER.port}:${KAFKA_EXPORTER.port}`],
        depends_on: { [brokerService]: { condition: 'service_healthy' } },
        healthcheck: wgetHealth(`http://localhost:${KAFKA_EXPORTER.port}/metrics`),
        restart: 'unless-stopped',
      };
    }
    if (model.flags.hasStreaming && model.streaming.cdc === 'debezium-postgres') {
      services[POSTGRES_EXPORTER.service] = {
        image: IMAGES.postgresExporter,
        environment: {
          DATA_SOURCE_URI: `source-db:5432/${required('CDC_DATABASE_NAME')}?sslmode=disable`,
          DATA_SOURCE_USER: required('CDC_DATABASE_USER'),
          DATA_SOURCE_PASS: required('CDC_DATABASE_PASSWORD'),
        },
        depends_on: { 'source-db': { condition: 'service_healthy' } },
        healthcheck: wgetHealth(`http://localhost:${POSTGRES_EXPORTER.port}/metrics`),
        restart: 'unless-stopped',
      };
    }
    if (usesAirflow(model)) {
      services[STATSD_EXPORTER.service] = {
        image: IMAGES.statsdExporter,
        command: [
          '--statsd.mapping-config=/etc/statsd/mappings.yml',
          `--statsd.listen-udp=:${STATSD_EXPORTER.statsdPort}`,
          `--web.listen-address=:${STATSD_EXPORTER.metricsPort}`,
        ],
        volumes: ['./monitoring/statsd/mappings.yml:/etc/statsd/mappings.yml:ro'],
        ports: [`${STATSD_EXPORTER.metricsPort}:${STATSD_EXPORTER.metricsPort}`],
        healthcheck: wgetHealth(`http://localhost:${STATSD_EXPORTER.metricsPort}/metrics`),
        restart: 'unless-stopped',
      };
    }
  }
  if (model.performance.metrics === 'datadog') {
    services['datadog-agent'] = {
      image: IMAGES.datadogAgent,
      // Started on demand (make datadog-agent): it needs a real API key.
      profiles: ['datadog'],
      environment: {
        DD_API_KEY: required('DD_API_KEY'),
        DD_SITE: required('DD_SITE'),
        DD_HOSTNAME: `${model.name}-local`,
        DD_LOGS_ENABLED: 'false',
      },
      volumes: [
        './monitoring/datadog/conf.d/openmetrics.d:/etc/datadog-agent/conf.d/openmetrics.d:ro',
      ],
      depends_on: { [FRESHNESS_EXPORTER.service]: { condition: 'service_healthy' } },
      healthcheck: {
        test: ['CMD', 'agent', 'health'],
        interval: '30s',
        timeout: '10s',
        retries: 3,
        start_period: '30s',
      },
    };
  }
  if (model.flags.isAtLeast('advanced') && model.flags.hasStreaming && model.flags.usesKafkaApi) {
    services[REST_PROXY.service] = {
      image: IMAGES.restProxy,
      // Only for load tests (make load-test starts it): produce over HTTP with acks=all.
      profiles: ['loadtest'],
      environment: {
        KAFKA_REST_BOOTSTRAP_SERVERS: bootstrap(model),
        KAFKA_REST_LISTENERS: `http://0.0.0.0:${REST_PROXY.port}`,
        KAFKA_REST_HOST_NAME: REST_PROXY.service,
        KAFKA_REST_PRODUCER_ACKS: 'all',
        KAFKA_REST_PRODUCER_ENABLE_IDEMPOTENCE: 'true',
      },
      ports: [`${REST_PROXY.port}:${REST_PROXY.port}`],
      depends_on: { [brokerService]: { condition: 'service_healthy' } },
      healthcheck: {
        test: [
          'CMD-SHELL',
          `curl -fsS http://localhost:${REST_PROXY.port}/v3/clusters > /dev/null`,
        ],
        interval: '10s',
        timeout: '5s',
        retries: 12,
        start_period: '20s',
      },
    };
  }
  return { services, volumes };
}

/** Variables the Alertmanager container needs (secrets for the files, values for the config). */
export function alertmanagerVariables(model: ProjectModel): string[] {
  switch (model.performance.alertRoute) {
    case 'slack':
      return ['SLACK_WEBHOOK_URL'];
    case 'pagerduty':
      return ['PAGERDUTY_ROUTING_KEY'];
    case 'email':
      return [
        'ALERT_EMAIL_TO',
        'ALERT_EMAIL_FROM',
        'SMTP_SMARTHOST',
        'SMTP_USERNAME',
        'SMTP_PASSWORD',
      ];
    case 'none':
      return [];
  }
}
