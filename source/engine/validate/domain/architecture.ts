import { DuckDBInstance } from '@duckdb/node-api';
import type { ProjectModel } from '../../model/types.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of architecting-data, with no external program:
 * - the local DDL (architecture/ddl/duckdb/*.sql) executes in an in-memory DuckDB, in name order,
 *   twice (the files claim to be idempotent), and creates raw.<entity> with `_loaded_at` for
 *   every entity;
 * - architecture/erd.mmd parses as the erDiagram subset the generator writes and names exactly the
 *   project's entities, each with its key as the only PK;
 * - architecture/lineage.md draws a Mermaid flowchart through every raw table.
 */

const DUCKDB_FOLDER = 'architecture/ddl/duckdb/';
const ERD_PATH = 'architecture/erd.mmd';
const LINEAGE_PATH = 'architecture/lineage.md';

// ---------------------------------------------------------------------------------------------
// ER diagram parser: the subset of Mermaid's erDiagram grammar the generator emits (and the
// common forms people add by hand): optional front matter, %% comments, `direction`, entity
// blocks with `type name [PK|FK|UK, …] ["comment"]` attributes, bare entity names, and
// relationships `a <cardinality>--<cardinality> b : label` (`..` for non-identifying).
// ---------------------------------------------------------------------------------------------

export interface ErdAttribute {
  type: string;
  name: string;
  keys: string[];
  comment?: string;
  line: number;
}

export interface ErdEntity {
  name: string;
  attributes: ErdAttribute[];
  line: number;
}

export interface ErdRelationship {
  left: string;
  right: string;
  leftCardinality: string;
  rightCardinality: string;
  isIdentifying: boolean;
  label: string;
  line: number;
}

export interface ErdDiagram {
  entities: Map<string, ErdEntity>;
  relationships: ErdRelationship[];
}

export interface ErdParseError {
  line: number;
  message: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_-]*';
const ENTITY_OPEN = new RegExp(`^(${NAME})\\s*\\{\\s*(\\})?$`);
const ENTITY_ALONE = new RegExp(`^(${NAME})$`);
const ATTRIBUTE = new RegExp(
  `^([A-Za-z_][A-Za-z0-9_()\\[\\],.-]*)\\s+(\\*?${NAME})(?:\\s+((?:PK|FK|UK)(?:\\s*,\\s*(?:PK|FK|UK))*))?(?:\\s+"([^"]*)")?$`,
);
const RELATIONSHIP = new RegExp(
  `^(${NAME})\\s+(\\|o|\\|\\||\\}o|\\}\\|)(--|\\.\\.)(o\\||\\|\\||o\\{|\\|\\{)\\s+(${NAME})\\s*:\\s*(?:"([^"]*)"|(${NAME}))$`,
);
const DIRECTION = /^direction\s+(TB|BT|LR|RL)$/;

export function parseErDiagram(text: string): { diagram: ErdDiagram; errors: ErdParseError[] } {
  const diagram: ErdDiagram = { entities: new Map(), relationships: [] };
  const errors: ErdParseError[] = [];
  const rows = text.split(/\r?\n/);
  let index = 0;
  // Front matter (--- title: … ---) may precede the diagram.
  if (rows[0]?.trim() === '---') {
    const end = rows.findIndex((row, position) => position > 0 && row.trim() === '---');
    if (end === -1)
      return {
        diagram,
        errors: [{ line: 1, message: 'front matter opened with --- is never closed' }],
      };
    index = end + 1;
  }
  let hasHeader = false;
  let current: ErdEntity | null = null;
  const declare = (name: string, line: number): ErdEntity => {
    const existing = diagram.entities.get(name);
    if (existing) return existing;
    const entity = { name, attributes: [], line };
    diagram.entities.set(name, entity);
    return entity;
  };
  for (; index < rows.length; index++) {
    const line = index + 1;
    const row = (rows[index] ?? '').trim();
    if (row === '' || row.startsWith('%%')) continue;
    if (!hasHeader) {
      if (!/^erDiagram\b/.test(row) || row.replace(/^erDiagram/, '').trim() !== '') {
        errors.push({
          line,
          message: `expected "erDiagram" as the first statement, found "${row}"`,
        });
        return { diagram, errors };
      }
      hasHeader = true;
      continue;
    }
    if (current) {
      if (row === '}') {
        current = null;
        continue;
      }
      const attribute = ATTRIBUTE.exec(row);
      if (!attribute) {
        errors.push({
          line,
          message: `not an attribute of ${current.name}: "${row}" (expected: type name [PK|FK|UK] ["comment"])`,
        });
        continue;
      }
      const [, type = '', name = '', keys, comment] = attribute;
      if (current.attributes.some((item) => item.name === name))
        errors.push({ line, message: `${current.name} declares ${name} twice` });
      current.attributes.push({
        type,
        name,
        keys: keys ? keys.split(',').map((key) => key.trim()) : [],
        line,
        ...(comment !== undefined ? { comment } : {}),
      });
      continue;
    }
    const open = ENTITY_OPEN.exec(row);
    if (open) {
      const [, name = '', closedAtOnce] = open;
      if (diagram.entities.get(name)?.attributes.length)
        errors.push({ line, message: `entity ${name} has a second attribute block` });
      const entity = declare(name, line);
      if (!closedAtOnce) current = entity;
      continue;
    }
    const relationship = RELATIONSHIP.exec(row);
    if (relationship) {
      const [
        ,
        left = '',
        leftCardinality = '',
        connector = '',
        rightCardinality = '',
        right = '',
        quoted,
        bare,
      ] = relationship;
      declare(left, line);
      declare(right, line);
      diagram.relationships.push({
        left,
        right,
        leftCardinality,
        rightCardinality,
        isIdentifying: connector === '--',
        label: quoted ?? bare ?? '',
        line,
      });
      continue;
    }
    if (DIRECTION.test(row)) continue;
    const alone = ENTITY_ALONE.exec(row);
    if (alone?.[1]) {
      declare(alone[1], line);
      continue;
    }
    errors.push({ line, message: `not an erDiagram statement: "${row}"` });
  }
  if (!hasHeader) errors.push({ line: 1, message: 'the file is empty: expected "erDiagram"' });
  if (current)
    errors.push({
      line: current.line,
      message: `the attribute block of ${current.name} is never closed`,
    });
  return { diagram, errors };
}

/** ERD problems against the model: parse errors, missing or unknown entities, wrong keys. */
export function checkErd(text: string, model: Pick<ProjectModel, 'entities'>): DomainProblem[] {
  const { diagram, errors } = parseErDiagram(text);
  const problems: DomainProblem[] = errors.map((error) => ({
    path: ERD_PATH,
    line: error.line,
    message: error.message,
  }));
  if (errors.length > 0) return problems;
  const expected = new Map(model.entities.map((entity) => [entity.name, entity]));
  for (const entity of model.entities) {
    if (!diagram.entities.has(entity.name))
      problems.push({
        path: ERD_PATH,
        message: `entity ${entity.name} is missing from the diagram`,
      });
  }
  for (const entity of diagram.entities.values()) {
    const modelEntity = expected.get(entity.name);
    if (!modelEntity) {
      problems.push({
        path: ERD_PATH,
        line: entity.line,
        message: `${entity.name} is not an entity of this project (entities: ${[...expected.keys()].join(', ')})`,
      });
      continue;
    }
    const primaryKeys = entity.attributes
      .filter((attribute) => attribute.keys.includes('PK'))
      .map((attribute) => attribute.name);
    if (primaryKeys.length !== 1 || primaryKeys[0] !== modelEntity.key.name) {
      problems.push({
        path: ERD_PATH,
        line: entity.line,
        message: `${entity.name} must mark its key ${modelEntity.key.name} as the only PK (found: ${primaryKeys.join(', ') || 'none'})`,
      });
    }
  }
  return problems;
}

/** The Mermaid blocks of a Markdown file, with the line each starts on. */
function mermaidBlocks(markdown: string): { body: string; line: number }[] {
  const blocks: { body: string; line: number }[] = [];
  const pattern = /^```mermaid[ \t]*\r?\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(pattern)) {
    blocks.push({ body: match[1] ?? '', line: markdown.slice(0, match.index).split('\n').length });
  }
  return blocks;
}

/** Lineage problems: a Mermaid flowchart must exist, with edges, through every raw table. */
export function checkLineage(
  markdown: string,
  model: Pick<ProjectModel, 'entities'>,
): DomainProblem[] {
  const flowcharts = mermaidBlocks(markdown).filter((block) => {
    const first = block.body
      .split('\n')
      .find((row) => row.trim() !== '' && !row.trim().startsWith('%%'));
    return first !== undefined && /^\s*(flowchart|graph)\s+(TB|TD|BT|RL|LR)\b/.test(first);
  });
  if (flowcharts.length === 0)
    return [
      {
        path: LINEAGE_PATH,
        message:
          'no ```mermaid block starting with "flowchart <direction>": the lineage is not drawn',
      },
    ];
  const body = flowcharts.map((block) => block.body).join('\n');
  const problems: DomainProblem[] = [];
  if (!/(-->|---|==>|-\.->)/.test(body))
    problems.push({
      path: LINEAGE_PATH,
      line: flowcharts[0]?.line,
      message: 'the lineage flowchart has no edges',
    });
  for (const entity of model.entities) {
    if (!body.includes(`raw.${entity.name}`))
      problems.push({
        path: LINEAGE_PATH,
        line: flowcharts[0]?.line,
        message: `the lineage flowchart does not show raw.${entity.name}`,
      });
  }
  return problems;
}

/**
 * Runs the DuckDB DDL files in name order in a fresh in-memory database (twice: they must be
 * idempotent) and checks that every entity's raw table exists with `_loaded_at`.
 */
export async function checkDuckdbDdl(
  files: ProjectFiles,
  model: Pick<ProjectModel, 'entities'>,
): Promise<DomainProblem[]> {
  const paths = files
    .paths()
    .filter(
      (path) =>
        path.startsWith(DUCKDB_FOLDER) &&
        path.endsWith('.sql') &&
        !path.slice(DUCKDB_FOLDER.length).includes('/'),
    )
    .sort();
  if (paths.length === 0)
    return [
      { path: DUCKDB_FOLDER, message: 'no DuckDB DDL files: the local target has no tables' },
    ];
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    for (const round of ['first run', 'second run (idempotency)']) {
      for (const path of paths) {
        try {
          await connection.run(files.read(path) ?? '');
        } catch (error) {
          return [
            {
              path,
              message: `DuckDB rejects the file on the ${round}: ${(error as Error).message.split('\n')[0] ?? ''}`,
            },
          ];
        }
      }
    }
    const reader = await connection.runAndReadAll(
      "SELECT table_name, list(column_name) AS columns FROM duckdb_columns() WHERE schema_name = 'raw' GROUP BY table_name",
    );
    const tables = new Map(
      reader
        .getRowObjectsJS()
        .map((row) => [row.table_name as string, (row.columns as string[]).map(String)]),
    );
    const problems: DomainProblem[] = [];
    for (const entity of model.entities) {
      const columns = tables.get(entity.name);
      if (!columns)
        problems.push({
          path: DUCKDB_FOLDER,
          message: `the DDL does not create raw.${entity.name}`,
        });
      else {
        const missing = [...entity.columns.map((column) => column.name), '_loaded_at'].filter(
          (name) => !columns.includes(name),
        );
        if (missing.length > 0)
          problems.push({
            path: DUCKDB_FOLDER,
            message: `raw.${entity.name} lacks ${missing.join(', ')}`,
          });
      }
    }
    return problems;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function requireFile(files: ProjectFiles, path: string): string | DomainProblem {
  const text = files.read(path);
  return text === undefined || text.trim() === ''
    ? { path, message: `${path} is missing or empty` }
    : text;
}

export const architectureChecks: DomainCheck[] = [
  {
    id: 'architecture.duckdb-ddl',
    title: 'Local DDL executes in DuckDB and creates every raw table',
    skill: 'architecting-data',
    appliesTo: (model) => model.flags.hasArchitecture,
    run: (files, model) => checkDuckdbDdl(files, model),
  },
  {
    id: 'architecture.erd',
    title: 'ER diagram parses and names exactly the project’s entities',
    skill: 'architecting-data',
    appliesTo: (model) => model.flags.hasArchitecture,
    run: (files, model) => {
      const text = requireFile(files, ERD_PATH);
      return typeof text === 'string' ? checkErd(text, model) : [text];
    },
  },
  {
    id: 'architecture.lineage',
    title: 'Lineage is drawn as a Mermaid flowchart through every raw table',
    skill: 'architecting-data',
    appliesTo: (model) => model.flags.hasArchitecture,
    run: (files, model) => {
      const text = requireFile(files, LINEAGE_PATH);
      return typeof text === 'string' ? checkLineage(text, model) : [text];
    },
  },
];
