import type { Warehouse } from '../../../source/engine/model/types.js';
import { isBareSqlIdentifier } from '../../shared/sql-reserved.js';

/**
 * Identifier and literal syntax per SQL dialect. The shared `sqlIdentifier` quotes with double
 * quotes, which BigQuery and Databricks read as string literals: these dialects need backticks,
 * and their string literals escape with backslashes rather than doubled quotes.
 */

export function quoteIdentifier(warehouse: Warehouse, name: string): string {
  if (isBareSqlIdentifier(name)) return name;
  if (warehouse === 'bigquery' || warehouse === 'databricks')
    return `\`${name.replaceAll('`', '')}\``;
  return `"${name.replaceAll('"', '""')}"`;
}

/** `schema.table`, each part quoted when it has to be. */
export function qualifiedName(warehouse: Warehouse, schema: string, table: string): string {
  return `${quoteIdentifier(warehouse, schema)}.${quoteIdentifier(warehouse, table)}`;
}

export function stringLiteral(warehouse: Warehouse, value: string): string {
  const text = value.replaceAll(/\s*\n\s*/g, ' ');
  switch (warehouse) {
    case 'bigquery':
    case 'databricks':
      return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
    case 'snowflake':
      // Snowflake reads backslash escapes in single-quoted strings as well as doubled quotes.
      return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
    case 'postgres':
    case 'redshift':
    case 'duckdb':
      return `'${text.replaceAll("'", "''")}'`;
  }
}

/** A constraint name within PostgreSQL's 63-byte identifier limit (longer names are silently truncated). */
export function constraintName(table: string, suffix: string): string {
  const name = `${table}_${suffix}`;
  return name.length <= 63 ? name : `${name.slice(0, 63 - suffix.length - 1)}_${suffix}`;
}

/** SQL comment lines, wrapped at about 100 characters; `--` never appears inside a line's text. */
export function sqlComment(...paragraphs: string[]): string[] {
  const out: string[] = [];
  for (const paragraph of paragraphs) {
    if (paragraph === '') {
      out.push('--');
      continue;
    }
    // Indented paragraphs are lists: kept as one line each, indentation included.
    if (paragraph.startsWith(' ')) {
      out.push(`--${paragraph.replaceAll('\n', ' ')}`);
      continue;
    }
    let line = '--';
    for (const word of paragraph.replaceAll('\n', ' ').split(/\s+/).filter(Boolean)) {
      if (line.length + word.length + 1 > 100 && line !== '--') {
        out.push(line);
        line = '--';
      }
      line += ` ${word}`;
    }
    out.push(line);
  }
  return out;
}

export const DDL_FOLDER = 'architecture/ddl';

/** The order files run in: schemas, helpers, one file per table in dependency order, then access control. */
export function tableFileName(index: number, table: string): string {
  return `${String(10 + index).padStart(2, '0')}_raw_${table}.sql`;
}
