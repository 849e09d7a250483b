import type { Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { lines } from '../../shared/text.js';
import { dependencyOrder } from '../raw-tables.js';

/**
 * architecture/erd.mmd: a Mermaid erDiagram of the business entities (their own columns, not the
 * ingestion metadata), keys marked PK/FK, one relationship per `references` with its
 * cardinality. Parents come first so the diagram reads top-down.
 */

/** Mermaid attribute comments are double-quoted: no double quote inside, and no statement separator. */
function mermaidText(text: string): string {
  return text.replaceAll('"', "'").replaceAll(';', ',').replaceAll(/\s+/g, ' ').trim();
}

function attributeLines(entity: Entity): string[] {
  return entity.columns.map((column) => {
    const keys = [column.isKey ? 'PK' : '', column.references ? 'FK' : '']
      .filter(Boolean)
      .join(', ');
    const comment = `${column.isPii ? 'PII, hashed at the source. ' : ''}${column.isNullable ? 'Nullable. ' : ''}${column.description}`;
    return `        ${column.type} ${column.name}${keys ? ` ${keys}` : ''} "${mermaidText(comment)}"`;
  });
}

export function renderErd(model: ProjectModel): string {
  const entities = dependencyOrder(model.entities);
  const names = new Set(entities.map((entity) => entity.name));
  const relationships = entities.flatMap((entity) =>
    entity.columns.flatMap((column) => {
      if (!column.references || !names.has(column.references.entity)) return [];
      // Parent side: exactly one when the foreign key is required, zero or one when it is nullable.
      const parent = column.isNullable ? '|o' : '||';
      return [
        `    ${column.references.entity} ${parent}--o{ ${entity.name} : "${mermaidText(column.name)}"`,
      ];
    }),
  );
  return lines(
    'erDiagram',
    `    %% ${mermaidText(model.title)}: the business entities, as landed in the raw schema and modelled by the marts.`,
    '    %% PK = the entity key (the grain), FK = a reference to another entity. Relationship labels',
    '    %% name the foreign key column; the parent side is || when it is required, |o when nullable.',
    '    %% Ingestion metadata (_loaded_at, topic coordinates) is left out: see architecture/ddl/.',
    entities.map((entity) => [
      '',
      `    %% ${mermaidText(`${entity.name} (${entity.kind}): ${entity.description}`)}`,
      `    ${entity.name} {`,
      attributeLines(entity),
      '    }',
    ]),
    relationships.length > 0 ? ['', relationships] : [],
  );
}
