import type { FileSpec, GeneratorDefinition } from '../types.js';
import { architectureContributions } from './contributions.js';
import { ddlFiles } from './ddl/index.js';
import { decisionPath, decisionRecords } from './docs/decisions.js';
import { renderErd } from './docs/erd.js';
import { renderGovernance } from './docs/governance.js';
import { renderLineage } from './docs/lineage.js';
import { renderArchitectureReadme } from './docs/readme.js';
import { APPLY_LOCAL_PATH, RENDER_SQL_PATH, renderApplyLocal, renderRenderSql } from './scripts.js';

/**
 * architecting-data: the platform design (README, ADRs), the ER diagram, lineage and governance,
 * and the DDL of the raw layer for the production warehouse and the local DuckDB target.
 */
export const architectingDataGenerator: GeneratorDefinition = {
  name: 'architecting-data',
  description:
    'Data platform design, ER diagram, lineage, governance, decision records and warehouse DDL',
  files(model) {
    const warehouse = model.architecture.warehouse;
    const files: FileSpec[] = [
      {
        path: 'architecture/README.md',
        kind: 'text',
        render: () => renderArchitectureReadme(model),
      },
      { path: 'architecture/erd.mmd', kind: 'text', render: () => renderErd(model) },
      { path: 'architecture/lineage.md', kind: 'text', render: () => renderLineage(model) },
      { path: 'architecture/governance.md', kind: 'text', render: () => renderGovernance(model) },
      ...decisionRecords(model).map((record): FileSpec => ({
        path: decisionPath(record),
        kind: 'text',
        render: record.render,
      })),
      ...ddlFiles(model),
      { path: APPLY_LOCAL_PATH, kind: 'text', render: renderApplyLocal },
    ];
    if (warehouse === 'bigquery' || warehouse === 'databricks')
      files.push({ path: RENDER_SQL_PATH, kind: 'text', render: renderRenderSql });
    return files;
  },
  contributions: architectureContributions,
};
