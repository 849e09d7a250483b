import type { Entity, ProjectModel, Warehouse } from '../../source/engine/model/types.js';
import { martTables } from './mart-tables.js';
import { sqlType } from './sql-dialect.js';

/**
 * The marts as tables with rows in them, for code that has to run SQL against the marts without
 * running dbt: the plan capture of optimizing-sql at generation time, its layer-3 check and the
 * verification suite. The DDL and INSERTs use only the SQL that DuckDB and PostgreSQL share.
 */

type MartsModel = Pick<ProjectModel, 'entities' | 'facts' | 'architecture'>;

/** The marts' tables as dbt builds them: one per entity with a mart (named per the modeling), with the entity's columns. */
export function martsDdl(model: MartsModel, engine: Warehouse): string[] {
  return martTables(model).map((table) => {
    const columns = table.columns.map(
      (column) =>
        `    ${quoteIdentifier(column.name)} ${sqlType(engine, column.type)}${column.isNullable ? '' : ' NOT NULL'}`,
    );
    return `CREATE TABLE ${table.qualifiedName} (\n${columns.join(',\n')}\n)`;
  });
}

/** The sample rows as INSERT statements (empty strings are NULLs, as in the seeds). */
export function martsSampleInserts(model: MartsModel, engine: Warehouse): string[] {
  return martTables(model)
    .filter((table) => table.entity.sampleRows.length > 0)
    .map((table) => {
      const rows = table.entity.sampleRows.map(
        (row) =>
          `(${table.columns
            .map((column) => {
              const value = row[column.name] ?? '';
              return value === ''
                ? 'NULL'
                : `CAST('${value.replaceAll("'", "''")}' AS ${sqlType(engine, column.type)})`;
            })
            .join(', ')})`,
      );
      return `INSERT INTO ${table.qualifiedName} VALUES\n${rows.join(',\n')}`;
    });
}

export interface SyntheticVolume {
  factRows: number;
  dimensionRows: number;
}

/** Enough rows that a planner chooses as it would on production data (a few sample rows do not). */
export const PLANNER_VOLUME: SyntheticVolume = { factRows: 200_000, dimensionRows: 5_000 };

/**
 * Synthetic marts for a planner: facts in event-time order ending now (as incremental loads
 * append them), foreign keys spread over the referenced table, closed value sets cycled, every
 * tenth nullable value NULL. Runs on DuckDB and PostgreSQL alike.
 */
export function martsSyntheticInserts(
  model: MartsModel,
  volume: SyntheticVolume = PLANNER_VOLUME,
): string[] {
  const rowsOf = (entity: Entity) =>
    entity.kind === 'fact' ? volume.factRows : volume.dimensionRows;
  const keyExpression = (entity: Entity, position: string) =>
    `'${keyPrefix(entity)}_' || lpad((${position})::text, ${entity.kind === 'fact' ? 7 : 4}, '0')`;
  const list = (values: readonly string[]) =>
    `ARRAY[${values.map((value) => `'${value.replaceAll("'", "''")}'`).join(', ')}]`;
  return martTables(model).map(({ entity, qualifiedName: table }) => {
    const rows = rowsOf(entity);
    const step = entity.kind === 'fact' ? "INTERVAL '3 minutes'" : "INTERVAL '2 hours'";
    const expressions = entity.columns.map((column) => {
      let expression: string;
      const target = column.references
        ? model.entities.find((candidate) => candidate.name === column.references?.entity)
        : undefined;
      if (column.isKey) expression = keyExpression(entity, 'g');
      else if (target) expression = keyExpression(target, `1 + (g * 7919) % ${rowsOf(target)}`);
      else if (column.acceptedValues)
        expression = `(${list(column.acceptedValues)})[1 + g % ${column.acceptedValues.length}]`;
      else if (column.type === 'timestamp') expression = `now() - (${rows} - g) * ${step}`;
      else if (column.type === 'date') expression = `current_date - CAST(g % 365 AS integer)`;
      else if (column.type === 'string')
        expression = column.examples
          ? `(${list(column.examples)})[1 + g % ${column.examples.length}]`
          : `'${column.name}_' || (g % 997)`;
      else if (column.type === 'boolean') expression = 'g % 3 <> 0';
      else if (column.type === 'decimal')
        expression = 'CAST((g % 100000) / 100.0 AS numeric(18,2))';
      else if (column.type === 'double') expression = '(g % 997) * 1.5';
      else expression = 'g % 1000';
      return column.isNullable && !column.isKey && !target
        ? `CASE WHEN g % 10 = 0 THEN NULL ELSE ${expression} END`
        : expression;
    });
    return `INSERT INTO ${table} (${entity.columns.map((column) => quoteIdentifier(column.name)).join(', ')})\nSELECT ${expressions.join(',\n    ')}\nFROM generate_series(1, ${rows}) AS series(g)`;
  });
}

/** The key prefix of an entity's sample keys (`o` of `o_0001`). */
function keyPrefix(entity: Entity): string {
  return (
    (entity.sampleRows[0]?.[entity.key.name] ?? `${entity.singular}_1`).split('_')[0] ??
    entity.singular
  );
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
