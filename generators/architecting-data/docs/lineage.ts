import type { ProjectModel } from '../../../source/engine/model/types.js';
import {
  keepsLatestState,
  LOADED_AT_COLUMN,
  rawMetadataColumns,
} from '../../shared/data-architecture.js';
import { lines, markdownCell } from '../../shared/text.js';
import { entityFlows } from '../marts.js';

/**
 * architecture/lineage.md: table-level lineage as a Mermaid flowchart (source → topic → raw →
 * staging → intermediate → marts per entity) and column-level notes for keys and PII.
 */

const node = (prefix: string, name: string) => `${prefix}_${name}`;

function sourceOf(model: ProjectModel): {
  id: string;
  label: string;
  shape: 'database' | 'process';
} {
  if (!model.flags.hasStreaming)
    return { id: 'source_systems', label: 'source systems (batch extract)', shape: 'process' };
  if (model.streaming.cdc !== 'none') {
    const database = model.streaming.cdc === 'debezium-mysql' ? 'MySQL' : 'PostgreSQL';
    return {
      id: 'source_database',
      label: `source ${database} database (Debezium CDC)`,
      shape: 'database',
    };
  }
  return { id: 'producers', label: 'producers (streaming/producers)', shape: 'process' };
}

export function lineageFlowchart(model: ProjectModel): string {
  const flows = entityFlows(model);
  const source = sourceOf(model);
  const topics = new Map(model.topics.map((topic) => [topic.entity, topic]));
  const hasTopics = model.flags.hasStreaming && model.topics.length > 0;
  const edges: string[] = [];
  const addEdge = (from: string, to: string) => {
    const edge = `    ${from} --> ${to}`;
    if (!edges.includes(edge)) edges.push(edge);
  };
  for (const flow of flows) {
    const name = flow.entity.name;
    const topic = topics.get(name);
    if (hasTopics && topic) {
      addEdge(source.id, node('topic', name));
      addEdge(node('topic', name), node('raw', name));
    } else {
      addEdge(source.id, node('raw', name));
    }
    addEdge(node('raw', name), node('stg', name));
    if (flow.intermediate) {
      addEdge(node('stg', name), node('int', name));
      // The intermediate model joins the dimensions the entity references.
      for (const column of flow.entity.columns) {
        const target = column.references
          ? flows.find((other) => other.entity.name === column.references?.entity)
          : undefined;
        if (target && target.entity.kind === 'dimension' && target.entity.name !== name)
          addEdge(node('stg', target.entity.name), node('int', name));
      }
    }
    for (const mart of flow.marts)
      addEdge(
        mart.readsFrom === 'intermediate' && flow.intermediate
          ? node('int', name)
          : node('stg', name),
        node('mart', mart.name),
      );
  }
  const sourceNode = source.shape === 'database' ? `[("${source.label}")]` : `["${source.label}"]`;
  return lines(
    'flowchart LR',
    `    ${source.id}${sourceNode}`,
    hasTopics
      ? [
          `    subgraph topics["${model.streaming.broker} topics"]`,
          flows.flatMap((flow) => {
            const topic = topics.get(flow.entity.name);
            return topic ? [`        ${node('topic', flow.entity.name)}>"${topic.name}"]`] : [];
          }),
          '    end',
        ]
      : [],
    '    subgraph raw_layer["raw: landing tables"]',
    flows.map((flow) => `        ${node('raw', flow.entity.name)}[("raw.${flow.entity.name}")]`),
    '    end',
    '    subgraph staging_layer["staging"]',
    flows.map((flow) => `        ${node('stg', flow.entity.name)}["${flow.staging.name}"]`),
    '    end',
    flows.some((flow) => flow.intermediate)
      ? [
          '    subgraph intermediate_layer["intermediate"]',
          flows.flatMap((flow) =>
            flow.intermediate
              ? [`        ${node('int', flow.entity.name)}["${flow.intermediate.name}"]`]
              : [],
          ),
          '    end',
        ]
      : [],
    '    subgraph marts_layer["marts"]',
    flows.flatMap((flow) =>
      flow.marts.map((mart) => `        ${node('mart', mart.name)}[["${mart.name}"]]`),
    ),
    '    end',
    edges,
  );
}

export function renderLineage(model: ProjectModel): string {
  const flows = entityFlows(model);
  const metadata = rawMetadataColumns(model);
  const transformer = !model.flags.hasTransforms
    ? 'the transformation layer (add the transforming-data skill to generate it)'
    : model.flags.usesDbt
      ? 'dbt (transforms/dbt)'
      : `${model.transforms.tool} jobs (transforms/python)`;
  const keyRows = flows.flatMap((flow) => {
    const entity = flow.entity;
    const rows = [
      `| ${entity.name}.${entity.key.name} | key | raw.${entity.name} (primary key) | ${flow.staging.name} (unique, not null) | ${markdownCell(flow.marts.map((mart) => mart.name).join(', ') || '—')} | The grain: one row per ${entity.key.name}${keepsLatestState(model, entity) ? '; staging keeps the latest version by ' + entity.eventTime.name : '; staging keeps the first delivery of a redelivered event'}. |`,
    ];
    for (const column of entity.columns) {
      if (column.references) {
        rows.push(
          `| ${entity.name}.${column.name} | foreign key → ${column.references.entity}.${column.references.column} | raw.${entity.name} | ${flow.staging.name} (relationships test) | ${markdownCell(flow.marts.map((mart) => mart.name).join(', ') || '—')} | ${column.isNullable ? 'Nullable: the parent may be unknown.' : 'Required.'} A parent that has not landed yet is a late arrival, not an error: the marts left-join it. |`,
        );
      }
      if (column.isPii) {
        rows.push(
          `| ${entity.name}.${column.name} | PII (hashed) | raw.${entity.name} | ${flow.staging.name} | kept only where the entity is the grain | Hashed by the producer before it leaves the source; the clear value never enters the pipeline. Never joined into other entities' marts. |`,
        );
      }
    }
    return rows;
  });
  return lines(
    `# Data lineage: ${model.title}`,
    '',
    `How each entity moves from its source to the marts. Transformations run in ${transformer}; the`,
    'raw tables are created by architecture/ddl/. Table-level lineage is drawn below; column-level',
    'notes follow for keys and personal data, the columns whose path matters for correctness and',
    'compliance.',
    '',
    '## Table-level lineage',
    '',
    '```mermaid',
    lineageFlowchart(model).trimEnd(),
    '```',
    '',
    model.flags.hasStreaming
      ? [
          `Topics follow \`<domain>.<entity>.v<version>\`; each has a dead-letter topic (\`….dlq\`) for records the loader rejects. ${model.streaming.cdc !== 'none' ? 'Debezium publishes one topic per captured table; the change envelope is flattened before the sink writes raw.' : 'Producers publish one topic per entity, keyed by the entity key.'}`,
          '',
        ]
      : [],
    '## Layers',
    '',
    '| layer | objects | written by | read by |',
    '|---|---|---|---|',
    model.flags.hasStreaming
      ? `| topics | ${model.topics.map((topic) => `\`${topic.name}\``).join(', ')} | ${model.streaming.cdc !== 'none' ? 'Debezium' : 'producers'} | sink / consumers |`
      : [],
    `| raw | ${flows.map((flow) => `\`raw.${flow.entity.name}\``).join(', ')} | loader | transformer |`,
    `| staging | ${flows.map((flow) => `\`${flow.staging.name}\``).join(', ')} | transformer | transformer |`,
    flows.some((flow) => flow.intermediate)
      ? `| intermediate | ${flows.flatMap((flow) => (flow.intermediate ? [`\`${flow.intermediate.name}\``] : [])).join(', ')} | transformer (ephemeral) | marts |`
      : [],
    `| marts | ${flows.flatMap((flow) => flow.marts.map((mart) => `\`${mart.name}\``)).join(', ')} | transformer | analysts, BI |`,
    '',
    '## Column-level lineage: keys and PII',
    '',
    '| column | role | raw | staging | marts | notes |',
    '|---|---|---|---|---|---|',
    keyRows,
    '',
    '## Ingestion metadata',
    '',
    'Every raw table carries these columns after the entity columns. They trace a row back to its',
    'delivery and drive freshness checks; staging keeps `' +
      LOADED_AT_COLUMN +
      '` (renamed when it would clash) and drops the rest.',
    '',
    '| column | meaning |',
    '|---|---|',
    metadata.map((column) => `| \`${column.name}\` | ${markdownCell(column.description)} |`),
    '',
    '## Keeping lineage current',
    '',
    model.flags.usesDbt
      ? '- `dbt docs generate` builds the model-level lineage graph from `ref()` and `source()`: it is the authoritative lineage of staging, intermediate and marts.'
      : [],
    model.flags.hasTransforms && model.transforms.orchestrator === 'airflow'
      ? '- The Airflow OpenLineage provider (apache-airflow-providers-openlineage) emits run-level lineage events; point it at your lineage backend (Marquez, DataHub, a catalog with an OpenLineage endpoint).'
      : [],
    model.flags.hasTransforms && model.transforms.orchestrator === 'dagster'
      ? '- Dagster records asset lineage for every materialization; the dbt assets carry the model graph.'
      : [],
    '- A new entity, column or model updates this file: regenerate it with `skillchain update`, or edit the flowchart in the same pull request.',
  );
}
