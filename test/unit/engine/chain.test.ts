import { beforeAll, describe, expect, it } from 'vitest';
import { estimateChain } from '../../../source/engine/chain/estimate.js';
import { planChain, describeReason } from '../../../source/engine/chain/plan-chain.js';
import { stem, tokenize } from '../../../source/engine/goal/text.js';
import { loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import type { Catalogue } from '../../../source/engine/skills/types.js';
import { selectAnswers } from '../../../source/engine/workflow/selectors.js';
import { createWorkflow } from '../../../source/engine/workflow/state.js';

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const chainOf = (goal: string) => planChain(catalogue, goal).links.map((link) => link.skill);
const scoreOf = (goal: string, skill: string) =>
  planChain(catalogue, goal).matches.find((match) => match.skill === skill)?.score;

describe('goal matching (CATALOGUE §2)', () => {
  it('scores +10 per primary and +5 per secondary keyword, each keyword once', () => {
    expect(scoreOf('kafka', 'streaming-data')).toBe(10);
    expect(scoreOf('kafka and flink', 'streaming-data')).toBe(15);
    expect(scoreOf('kafka, kafka and more kafka', 'streaming-data')).toBe(10);
    expect(scoreOf('streaming from kafka with flink', 'streaming-data')).toBe(25);
  });

  it('matches case-insensitively, on word boundaries', () => {
    expect(scoreOf('KAFKA into Snowflake', 'streaming-data')).toBe(10);
    expect(scoreOf('kafkaesque bureaucracy', 'streaming-data')).toBe(0);
    expect(scoreOf('a dbt project', 'transforming-data')).toBe(10);
    expect(scoreOf('dbtcloud', 'transforming-data')).toBe(0);
  });

  it('matches multi-word keywords as phrases, punctuation and hyphens included', () => {
    expect(scoreOf('a new data warehouse', 'architecting-data')).toBe(10);
    expect(scoreOf('data for the warehouse', 'architecting-data')).toBe(0);
    expect(scoreOf('real-time data from devices', 'streaming-data')).toBe(10);
    expect(scoreOf('rotate API keys', 'secret-management')).toBe(10);
  });

  it('matches plurals and inflections', () => {
    expect(scoreOf('two data pipelines', 'transforming-data')).toBe(10);
    // "event streams" is both "event streaming" and "streaming" inflected: two primary keywords.
    expect(scoreOf('event streams from the app', 'streaming-data')).toBe(20);
    expect(scoreOf('rebuild the indexes', 'optimizing-sql')).toBe(10);
    expect(scoreOf('data modelling for finance', 'architecting-data')).toBe(10);
    expect(stem('optimisation')).toBe(stem('optimization'));
    expect(stem('queries')).toBe(stem('query'));
    expect(stem('mapping')).toBe(stem('map'));
    expect(tokenize('Pub/Sub real-time').map((token) => token.text)).toEqual([
      'pub',
      'sub',
      'real',
      'time',
    ]);
  });

  it('a goal that names change data capture means streaming (our keywords beyond CATALOGUE §2)', () => {
    expect(chainOf('cdc from postgres')).toEqual(['streaming-data']);
    expect(scoreOf('change data capture with Debezium', 'streaming-data')).toBe(10);
    expect(chainOf('optimize slow sql queries on postgres')).toContain('optimizing-sql');
  });

  it('sets the score to 0 when an exclusion keyword appears', () => {
    const plan = planChain(catalogue, 'video streaming platform with kafka');
    const streaming = plan.matches.find((match) => match.skill === 'streaming-data');
    expect(streaming?.score).toBe(0);
    expect(streaming?.excludedBy?.keyword).toBe('video streaming');
    expect(plan.links.map((link) => link.skill)).not.toContain('streaming-data');
  });

  it("does not count a keyword inside another skill's longer keyword", () => {
    // "query performance" is optimizing-sql's; "performance" inside it is not performance-engineering's.
    expect(chainOf('improve query performance')).toEqual(['optimizing-sql']);
    expect(chainOf('improve query performance and overall latency')).toEqual([
      'optimizing-sql',
      'performance-engineering',
    ]);
  });

  it('adds dependencies, marks why, and orders by the fixed skill order, not by score', () => {
    const plan = planChain(
      catalogue,
      'performance of the dbt models, streaming from kafka with flink',
    );
    expect(plan.links.map((link) => link.skill)).toEqual([
      'architecting-data',
      'streaming-data',
      'transforming-data',
      'performance-engineering',
    ]);
    const architecture = plan.links[0];
    expect(architecture?.reason).toEqual({ kind: 'dependency', of: ['transforming-data'] });
    expect(describeReason(architecture!.reason)).toBe('added as dependency of transforming-data');
    expect(describeReason(plan.links[1]!.reason)).toBe("matched 'streaming', 'kafka', 'flink'");
  });

  it('uses an explicit chain as given (--skills), without matching or adding dependencies', () => {
    const plan = planChain(catalogue, 'anything at all', [
      'transforming-data',
      'secret-management',
      'nope',
    ]);
    expect(plan.links.map((link) => link.skill)).toEqual([
      'transforming-data',
      'secret-management',
    ]);
    expect(plan.links.every((link) => link.reason.kind === 'selected')).toBe(true);
    expect(plan.unknownSkills).toEqual(['nope']);
  });

  it('reports a goal that matches nothing, and whether it still looks like a data goal', () => {
    const cake = planChain(catalogue, 'bake a chocolate cake');
    expect(cake.isEmpty).toBe(true);
    expect(cake.isDataGoal).toBe(false);
    const spark = planChain(catalogue, 'load redshift with spark');
    expect(spark.isEmpty).toBe(true);
    expect(spark.isDataGoal).toBe(true);
  });

  it('estimates the questions that will be asked and 3–5 minutes per skill', () => {
    const state = createWorkflow({
      catalogue,
      goal: 'stream clickstream events from kafka into snowflake and model them with dbt',
    });
    const chain = state.plan.links.map((link) => link.skill);
    const estimate = estimateChain(catalogue, chain, selectAnswers(state));
    // 6 chain-level + 5 architecture (table_format only for lakes) + 9 streaming + 6 transforms.
    expect(estimate.questions).toBe(26);
    expect(estimate.minutes).toEqual([9, 15]);
  });
});

describe('smart defaults from the goal', () => {
  const answer = (goal: string, key: string) =>
    selectAnswers(createWorkflow({ catalogue, goal })).get(key);

  it('makes a named technology the default and keeps the reason for display', () => {
    const broker = answer('ingest clicks through Kinesis into redshift', 'streaming-data.broker');
    expect(broker?.value).toBe('kinesis');
    expect(broker?.provenance).toBe('goal');
    expect(broker?.reason).toBe("from 'Kinesis' in your goal");
  });

  it('takes the technology named first when several compete', () => {
    expect(answer('redpanda or kafka for events', 'streaming-data.broker')?.value).toBe('redpanda');
  });

  it('prefers the destination to a source named with "from"', () => {
    expect(answer('move from redpanda to kafka', 'streaming-data.broker')?.value).toBe('kafka');
    const warehouse = answer(
      'cdc from postgres with debezium into bigquery',
      'architecting-data.warehouse',
    );
    expect(warehouse?.value).toBe('bigquery');
    expect(warehouse?.reason).toBe(
      "from 'bigquery' in your goal ('postgres' is named as the source)",
    );
    // A source alone is still the best evidence there is.
    expect(answer('replicate from postgres', 'architecting-data.warehouse')?.value).toBe(
      'postgres',
    );
  });

  it('a starter project is scheduled by cron unless the goal names an orchestrator', () => {
    expect(
      answer('nightly batch of orders with dbt, starter', 'transforming-data.orchestrator')?.value,
    ).toBe('cron');
    expect(
      answer(
        'nightly batch of orders with dbt and dagster, starter',
        'transforming-data.orchestrator',
      )?.value,
    ).toBe('dagster');
    expect(
      answer('nightly batch of orders with dbt', 'transforming-data.orchestrator')?.value,
    ).toBe('airflow');
  });

  it('does not take "snowflake schema" for the Snowflake warehouse', () => {
    expect(
      answer('design a snowflake schema on bigquery', 'architecting-data.warehouse')?.value,
    ).toBe('bigquery');
    expect(
      answer('design a snowflake schema', 'architecting-data.warehouse')?.reason,
    ).toBeUndefined();
  });

  it('derives entities and the project name from the domain', () => {
    const state = createWorkflow({ catalogue, goal: 'stream clickstream events from kafka' });
    const answers = selectAnswers(state);
    expect(answers.get('architecting-data.entities')?.value).toEqual([
      'users',
      'sessions',
      'page_views',
    ]);
    expect(answers.get('project.name')?.value).toBe('clickstream-pipeline');
  });

  it('follows earlier answers until someone sets them (default_from)', () => {
    const state = createWorkflow({ catalogue, goal: 'secrets on gcp' });
    const store = selectAnswers(state).get('secret-management.store');
    expect(store?.value).toBe('gcp-secret-manager');
    expect(store?.reason).toBe('gcp-secret-manager because the cloud is gcp');
  });
});
