import type { GoalIndex } from '../goal/goal-index.js';

/**
 * Values derived from the goal's wording, named from a question's `default_from_goal`.
 * `project-name`: the domain the goal names, as a slug ("clickstream-pipeline").
 */
export function deriveFromGoal(
  deriver: string,
  goal: GoalIndex,
): { value: string; fromGoal: boolean; reason: string } | undefined {
  if (deriver !== 'project-name') return undefined;
  for (const domain of DOMAINS) {
    const hit = domain.phrases
      .map((phrase) => goal.hits(phrase)[0])
      .find((found) => found !== undefined);
    if (hit) {
      return {
        value: `${domain.slug}-pipeline`,
        fromGoal: true,
        reason: `from '${hit.text}' in your goal`,
      };
    }
  }
  const words = goal.tokens
    .map((token) => token.text)
    .filter((word) => /^[a-z][a-z0-9]*$/.test(word) && !STOP_WORDS.has(word) && word.length > 2);
  if (words.length > 0) {
    const slug = [...words.slice(0, 2), 'pipeline'].join('-').slice(0, 50).replace(/-+$/, '');
    return { value: slug, fromGoal: true, reason: `from the first words of your goal` };
  }
  return { value: 'data-pipeline', fromGoal: false, reason: 'no goal to name it after' };
}

/** Business domains, checked in this order: the first one the goal names wins. */
const DOMAINS: { slug: string; phrases: string[] }[] = [
  { slug: 'clickstream', phrases: ['clickstream', 'click stream', 'web analytics', 'page views'] },
  { slug: 'ecommerce', phrases: ['ecommerce', 'e-commerce', 'orders', 'retail', 'checkout'] },
  { slug: 'iot', phrases: ['iot', 'sensor', 'telemetry'] },
  { slug: 'payments', phrases: ['payments', 'transactions', 'ledger'] },
  { slug: 'billing', phrases: ['billing', 'subscriptions', 'invoices'] },
  { slug: 'product-analytics', phrases: ['product analytics', 'app events'] },
  { slug: 'logistics', phrases: ['shipments', 'logistics', 'deliveries'] },
  { slug: 'marketing', phrases: ['marketing', 'campaigns', 'ads'] },
];

/** Words that say nothing about the domain: grammar, verbs of plumbing, and technology names. */
const STOP_WORDS = new Set(
  (
    'the and for from into with them then that this our your their its all any out over onto ' +
    'build create make set setup add load loads loading move stream streams streaming model models ' +
    'modeling ingest ingestion process processing transform transforms need want using use via ' +
    'data pipeline pipelines platform project events event real time realtime batch daily hourly ' +
    'kafka kinesis redpanda pulsar pubsub flink spark dbt airflow dagster prefect snowflake ' +
    'bigquery redshift databricks postgres postgresql duckdb vault sql etl elt aws gcp azure ' +
    'warehouse lake lakehouse tables table queries query optimize optimise tune fast faster secure ' +
    'secrets monitor monitoring performance scalable scale new simple schema schemas design ' +
    'architecture star snowflake dimensional model modelling team company end our my'
  ).split(' '),
);
