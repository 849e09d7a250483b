import type { Entity, ProjectModel } from '../../source/engine/model/types.js';
import { primaryProfile } from '../shared/mart-tables.js';
import { jsString, lines, pyString } from '../shared/text.js';

/**
 * monitoring/load-tests/ (advanced): load on the ingestion path with pass/fail gates from the
 * latency target. With a Kafka-API broker the path is the Kafka REST Proxy (produce over HTTP
 * with acks=all); Pub/Sub and Pulsar are driven through their REST publish APIs and Kinesis
 * through PutRecord. The load goes to a dedicated load-test topic shaped like the main fact's
 * events, so the production topics and marts never receive synthetic data. Without streaming
 * there is no ingestion endpoint: a volume test times the batch transformation instead.
 */

export const REST_PROXY = { service: 'rest-proxy', port: 8082 } as const;

export function loadTestTopic(model: ProjectModel): string {
  return `${model.domain}.loadtest.v1`;
}

/** The event the load test sends: the primary fact's first sample row, event time set at send time. */
function sampleEvent(model: ProjectModel): { entity: Entity; event: Record<string, string> } {
  const entity = primaryProfile(model).table.entity;
  const row = entity.sampleRows[0] ?? {};
  const event: Record<string, string> = {};
  for (const column of entity.columns) event[column.name] = row[column.name] ?? '';
  return { entity, event };
}

export function loadTestTargetDefault(model: ProjectModel): string {
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return `http://${REST_PROXY.service}:${REST_PROXY.port}`;
    case 'pulsar':
      return 'http://pulsar:8080';
    case 'pubsub':
      return 'http://pubsub-emulator:8085';
    case 'kinesis':
      return 'http://localstack:4566';
  }
}

export function targetDescription(model: ProjectModel): string {
  if (!model.flags.hasStreaming) {
    return 'There is no ingestion endpoint in a batch pipeline: the volume test loads N times the sample rows into the local raw tables and times the transformation against the freshness SLO.';
  }
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return `The Kafka REST Proxy (\`${REST_PROXY.service}\`, started with \`make load-test\`) in front of the broker: each request produces one record with acks=all, so the measured latency is the ingestion latency of a producer. Records go to \`${loadTestTopic(model)}\` (created by the test, one-hour retention), shaped like the ${primaryProfile(model).table.entity.name} events.`;
    case 'pulsar':
      return `The Pulsar broker's REST producer endpoint (\`POST /topics/persistent/<tenant>/<namespace>/<topic>\`), on \`${loadTestTopic(model)}\`.`;
    case 'pubsub':
      return `The Pub/Sub REST publish API (\`topics/<topic>:publish\`) of the emulator, on \`${loadTestTopic(model)}\` (against Google Cloud, run it behind an authenticating proxy).`;
    case 'kinesis':
      return `Kinesis PutRecord on the stream \`${loadTestTopic(model)}\` (LocalStack locally; AWS with real credentials otherwise).`;
  }
}

function pubsubProject(model: ProjectModel): string {
  return (
    model.env.find((variable) => variable.name === 'GCP_PROJECT_ID')?.example ?? 'local-project'
  );
}

export function renderK6Script(model: ProjectModel): string {
  const latency = model.performance.latencyP95Ms;
  const { entity, event } = sampleEvent(model);
  const topic = loadTestTopic(model);
  const key = entity.key.name;
  const time = entity.eventTime.name;
  const broker = model.streaming.broker;
  const isKafkaApi = broker === 'kafka' || broker === 'redpanda';
  const header = [
    `// Load test of the ingestion path of ${model.title} (k6). ${targetDescription(model)}`,
    '//',
    `// Thresholds fail the run (non-zero exit) when p95 of the request duration exceeds the ${latency} ms`,
    '// latency target, p99 exceeds twice that, or more than 1% of the requests fail.',
    '// Run: make load-test (k6 in Docker on the compose network).',
  ];
  const setup = isKafkaApi
    ? [
        'export function setup() {',
        '  // REST Proxy v3: find the cluster, then create the load-test topic (409 when it exists).',
        "  const clusters = http.get(`${baseUrl}/v3/clusters`, { tags: { name: 'clusters' } });",
        "  check(clusters, { 'cluster listed': (response) => response.status === 200 });",
        '  const clusterId = clusters.json().data[0].cluster_id;',
        '  const created = http.post(',
        '    `${baseUrl}/v3/clusters/${clusterId}/topics`,',
        '    JSON.stringify({',
        '      topic_name: topic,',
        `      partitions_count: ${Math.max(model.streaming.partitions, 1)},`,
        "      replication_factor: Number(__ENV.LOAD_TEST_REPLICATION_FACTOR || '1'),",
        "      configs: [{ name: 'retention.ms', value: '3600000' }],",
        '    }),',
        "    { headers: { 'Content-Type': 'application/json' }, tags: { name: 'create-topic' }, responseCallback: http.expectedStatuses(201, 409) },",
        '  );',
        "  check(created, { 'load-test topic ready': (response) => response.status === 201 || response.status === 409 });",
        '  return { clusterId };',
        '}',
      ]
    : ['export function setup() {', '  return {};', '}'];
  const request: string[] = (() => {
    switch (broker) {
      case 'kafka':
      case 'redpanda':
        return [
          '  const response = http.post(',
          '    `${baseUrl}/v3/clusters/${data.clusterId}/topics/${topic}/records`,',
          "    JSON.stringify({ key: { type: 'STRING', data: event[keyColumn] }, value: { type: 'JSON', data: event } }),",
          "    { headers: { 'Content-Type': 'application/json' }, tags: { name: 'produce' } },",
          '  );',
          "  check(response, { 'record produced': (result) => result.status === 200 && result.json('error_code') === 200 });",
        ];
      case 'pulsar':
        return [
          '  const response = http.post(',
          '    `${baseUrl}/topics/persistent/public/default/${topic}`,',
          "    JSON.stringify({ producerName: 'k6-load-test', messages: [{ key: event[keyColumn], payload: JSON.stringify(event) }] }),",
          "    { headers: { 'Content-Type': 'application/json' }, tags: { name: 'produce' } },",
          '  );',
          "  check(response, { 'message published': (result) => result.status === 200 });",
        ];
      case 'pubsub':
        return [
          "  const headers = { 'Content-Type': 'application/json' };",
          '  const response = http.post(',
          `    \`\${baseUrl}/v1/projects/${pubsubProject(model)}/topics/\${topic}:publish\`,`,
          '    JSON.stringify({ messages: [{ data: encoding.b64encode(JSON.stringify(event)), orderingKey: event[keyColumn] }] }),',
          "    { headers, tags: { name: 'publish' } },",
          '  );',
          "  check(response, { 'message published': (result) => result.status === 200 });",
        ];
      case 'kinesis':
        return [
          '  const response = http.post(',
          '    baseUrl,',
          '    JSON.stringify({ StreamName: topic, PartitionKey: event[keyColumn], Data: encoding.b64encode(JSON.stringify(event)) }),',
          '    {',
          '      headers: {',
          "        'Content-Type': 'application/x-amz-json-1.1',",
          "        'X-Amz-Target': 'Kinesis_20131202.PutRecord',",
          '        // LocalStack accepts any signature; against AWS run the test where a signing proxy is configured.',
          "        Authorization: 'AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0',",
          '      },',
          "      tags: { name: 'put-record' },",
          '    },',
          '  );',
          "  check(response, { 'record put': (result) => result.status === 200 });",
        ];
    }
  })();
  return lines(
    header,
    "import http from 'k6/http';",
    "import { check } from 'k6';",
    (broker === 'pubsub' || broker === 'kinesis') && "import encoding from 'k6/encoding';",
    '',
    `const baseUrl = __ENV.LOAD_TEST_TARGET_URL || ${jsString(loadTestTargetDefault(model))};`,
    `const topic = ${jsString(topic)};`,
    `const keyColumn = ${jsString(key)};`,
    `// Shaped like a ${entity.singular.replaceAll('_', ' ')} event (the first sample row); key and event time vary per request.`,
    `const template = ${JSON.stringify(event, null, 2)};`,
    '',
    'export const options = {',
    '  scenarios: {',
    '    // The expected rate, held long enough to see steady-state latency.',
    '    steady: {',
    "      executor: 'constant-arrival-rate',",
    '      rate: 50,',
    "      timeUnit: '1s',",
    "      duration: '5m',",
    '      preAllocatedVUs: 20,',
    '      maxVUs: 100,',
    '    },',
    '    // Four times the rate: consumer lag and the autoscaler should absorb it, latency stay in target.',
    '    spike: {',
    "      executor: 'ramping-arrival-rate',",
    "      startTime: '5m',",
    '      startRate: 50,',
    "      timeUnit: '1s',",
    '      preAllocatedVUs: 50,',
    '      maxVUs: 400,',
    '      stages: [',
    "        { target: 200, duration: '1m' },",
    "        { target: 200, duration: '3m' },",
    "        { target: 50, duration: '1m' },",
    '      ],',
    '    },',
    '  },',
    '  thresholds: {',
    `    http_req_duration: ['p(95)<${latency}', 'p(99)<${latency * 2}'],`,
    "    http_req_failed: ['rate<0.01'],",
    "    checks: ['rate>0.99'],",
    '  },',
    '};',
    '',
    setup,
    '',
    'export default function (data) {',
    '  const event = { ...template };',
    '  event[keyColumn] = `${template[keyColumn]}-${__VU}-${__ITER}`;',
    `  event[${jsString(time)}] = new Date().toISOString();`,
    request,
    '}',
  );
}

export function renderLocustfile(model: ProjectModel): string {
  const latency = model.performance.latencyP95Ms;
  const { entity, event } = sampleEvent(model);
  const topic = loadTestTopic(model);
  const broker = model.streaming.broker;
  const isKafkaApi = broker === 'kafka' || broker === 'redpanda';
  const task: string[] = (() => {
    switch (broker) {
      case 'kafka':
      case 'redpanda':
        return [
          '        body = {"key": {"type": "STRING", "data": event[KEY]}, "value": {"type": "JSON", "data": event}}',
          '        with self.client.post(f"/v3/clusters/{self.cluster_id}/topics/{TOPIC}/records", json=body, name="produce", catch_response=True) as response:',
          '            if response.status_code != 200 or response.json().get("error_code") != 200:',
          '                response.failure(f"produce failed: {response.status_code} {response.text[:200]}")',
        ];
      case 'pulsar':
        return [
          '        body = {"producerName": "locust-load-test", "messages": [{"key": event[KEY], "payload": json.dumps(event)}]}',
          '        with self.client.post(f"/topics/persistent/public/default/{TOPIC}", json=body, name="produce", catch_response=True) as response:',
          '            if response.status_code != 200:',
          '                response.failure(f"publish failed: {response.status_code}")',
        ];
      case 'pubsub':
        return [
          '        data = base64.b64encode(json.dumps(event).encode()).decode()',
          '        body = {"messages": [{"data": data, "orderingKey": event[KEY]}]}',
          `        with self.client.post(f"/v1/projects/${pubsubProject(model)}/topics/{TOPIC}:publish", json=body, name="publish", catch_response=True) as response:`,
          '            if response.status_code != 200:',
          '                response.failure(f"publish failed: {response.status_code}")',
        ];
      case 'kinesis':
        return [
          '        data = base64.b64encode(json.dumps(event).encode()).decode()',
          '        headers = {',
          '            "Content-Type": "application/x-amz-json-1.1",',
          '            "X-Amz-Target": "Kinesis_20131202.PutRecord",',
          '            # LocalStack accepts any signature; against AWS drive the test through a signing proxy.',
          '            "Authorization": "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=0",',
          '        }',
          '        body = {"StreamName": TOPIC, "PartitionKey": event[KEY], "Data": data}',
          '        with self.client.post("/", json=body, headers=headers, name="put-record", catch_response=True) as response:',
          '            if response.status_code != 200:',
          '                response.failure(f"put failed: {response.status_code}")',
        ];
    }
  })();
  return lines(
    `"""Load test of the ingestion path of ${model.title} (Locust).`,
    '',
    targetDescription(model),
    '',
    `The run fails (exit code 1) when more than 1% of the requests fail or when p95 exceeds the ${latency} ms`,
    'latency target (p99 twice that): the quitting hook below sets the exit code, so CI can gate on it.',
    '',
    'Run: make load-test (headless, on the compose network; --host is the ingestion endpoint).',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    !isKafkaApi && 'import base64',
    'import datetime',
    'import json',
    'import logging',
    'import os',
    '',
    'from locust import HttpUser, constant_pacing, events, task',
    '',
    `TOPIC = ${pyString(topic)}`,
    `KEY = ${pyString(entity.key.name)}`,
    `EVENT_TIME = ${pyString(entity.eventTime.name)}`,
    `# Shaped like a ${entity.singular.replaceAll('_', ' ')} event (the first sample row); key and event time vary per request.`,
    `TEMPLATE = ${JSON.stringify(event)}`,
    `P95_MS = ${latency}`,
    `P99_MS = ${latency * 2}`,
    'FAIL_RATIO = 0.01',
    '',
    '',
    'class IngestionUser(HttpUser):',
    '    # Each user sends one event per second at most: the user count is the target rate.',
    '    wait_time = constant_pacing(1)',
    '',
    isKafkaApi && [
      '    def on_start(self) -> None:',
      '        # REST Proxy v3: find the cluster, then create the load-test topic (409 when it exists).',
      '        self.cluster_id = self.client.get("/v3/clusters", name="clusters").json()["data"][0]["cluster_id"]',
      '        body = {',
      '            "topic_name": TOPIC,',
      `            "partitions_count": ${Math.max(model.streaming.partitions, 1)},`,
      '            "replication_factor": int(os.environ.get("LOAD_TEST_REPLICATION_FACTOR", "1")),',
      '            "configs": [{"name": "retention.ms", "value": "3600000"}],',
      '        }',
      '        with self.client.post(f"/v3/clusters/{self.cluster_id}/topics", json=body, name="create-topic", catch_response=True) as response:',
      '            if response.status_code in (201, 409):',
      '                response.success()',
      '',
    ],
    '    @task',
    '    def ingest(self) -> None:',
    '        event = dict(TEMPLATE)',
    '        event[KEY] = f"{TEMPLATE[KEY]}-{id(self)}-{datetime.datetime.now(datetime.timezone.utc).timestamp()}"',
    '        event[EVENT_TIME] = datetime.datetime.now(datetime.timezone.utc).isoformat()',
    task,
    '',
    '',
    '@events.quitting.add_listener',
    'def gate_on_thresholds(environment, **_kwargs) -> None:',
    '    """Fail the run when a threshold is broken: error ratio, then the latency percentiles."""',
    '    total = environment.stats.total',
    '    failures = []',
    '    if total.fail_ratio > FAIL_RATIO:',
    '        failures.append(f"fail ratio {total.fail_ratio:.2%} > {FAIL_RATIO:.0%}")',
    '    if total.get_response_time_percentile(0.95) > P95_MS:',
    '        failures.append(f"p95 {total.get_response_time_percentile(0.95):.0f} ms > {P95_MS} ms")',
    '    if total.get_response_time_percentile(0.99) > P99_MS:',
    '        failures.append(f"p99 {total.get_response_time_percentile(0.99):.0f} ms > {P99_MS} ms")',
    '    if failures:',
    '        logging.error("load test failed: %s", "; ".join(failures))',
    '        environment.process_exit_code = 1',
    '    else:',
    '        environment.process_exit_code = 0',
  );
}

/** A batch pipeline has no ingestion endpoint: time the transformation on N times the data. */
export function renderVolumeTest(model: ProjectModel): string {
  const budget = model.performance.freshnessSloMinutes * 60;
  const command = model.flags.usesDbt
    ? '["dbt", "build", "--project-dir", "transforms/dbt", "--profiles-dir", "transforms/dbt", "--target", "local"]'
    : model.flags.usesPythonTransforms
      ? '[sys.executable, "-m", "pytest", "tests/integration", "-q"]'
      : '["make", "transform"]';
  return lines(
    '#!/usr/bin/env python3',
    `"""Volume test of ${model.title}: the batch transformation must finish within the freshness budget.`,
    '',
    targetDescription(model),
    '',
    'Every raw table is filled with --multiplier copies of its rows (keys made unique), then the',
    `transformation runs and its duration is checked against the threshold: ${budget} seconds (the freshness`,
    'SLO: a run slower than that cannot keep the marts fresh). Exit code 1 when the threshold is broken.',
    '',
    'Run on a copy of the local warehouse, never on production: make load-test.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import os',
    'import subprocess',
    'import sys',
    'import time',
    '',
    'import duckdb',
    '',
    `THRESHOLD_SECONDS = ${budget}`,
    `RAW_TABLES = ${JSON.stringify(model.entities.map((entity) => [entity.name, entity.key.name]))}`,
    `COMMAND = ${command}`,
    '',
    '',
    'def multiply(path: str, multiplier: int) -> None:',
    '    connection = duckdb.connect(path)',
    '    try:',
    '        for table, key in RAW_TABLES:',
    '            columns = [row[0] for row in connection.execute(',
    '                "SELECT column_name FROM information_schema.columns WHERE table_schema = \'raw\' AND table_name = ? ORDER BY ordinal_position",',
    '                [table],',
    '            ).fetchall()]',
    '            select = ", ".join(f"{column} || \'-v\' || copy" if column == key else column for column in columns)',
    '            connection.execute(',
    '                f"INSERT INTO raw.{table} SELECT {select} FROM raw.{table}, range(1, ?) AS copies(copy)",',
    '                [multiplier],',
    '            )',
    '    finally:',
    '        connection.close()',
    '',
    '',
    'def main() -> int:',
    '    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
    '    parser.add_argument("--multiplier", type=int, default=100, help="copies of every raw row")',
    '    arguments = parser.parse_args()',
    '    path = os.environ.get("DUCKDB_PATH", "")',
    '    if not path:',
    '        raise SystemExit("DUCKDB_PATH is not set (see .env.example)")',
    '    multiply(path, arguments.multiplier)',
    '    started = time.monotonic()',
    '    result = subprocess.run(COMMAND, check=False)',
    '    elapsed = time.monotonic() - started',
    '    print(f"transformation took {elapsed:.0f}s for {arguments.multiplier}x the data (threshold {THRESHOLD_SECONDS}s)")',
    '    if result.returncode != 0:',
    '        print("the transformation failed", file=sys.stderr)',
    '        return 1',
    '    if elapsed > THRESHOLD_SECONDS:',
    '        print("threshold broken: the run is slower than the freshness SLO", file=sys.stderr)',
    '        return 1',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}
