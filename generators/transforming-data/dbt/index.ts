import type { Contributions, FileSpec, ProjectModel } from '../../types.js';
import { dbtContributions as contributionsOf } from './contributions.js';
import { intermediateProperties, intermediateSql } from './intermediate.js';
import { DBT_ROOT, enrichedEntities, intermediateName, stagingName } from './layout.js';
import { macroFiles } from './macros.js';
import { martModels } from './marts/index.js';
import { PROFILES_HEADER, profilesFile } from './profiles.js';
import { PROJECT_HEADER, projectFile } from './project-file.js';
import { dbtReadme } from './readme.js';
import { seedCsv, seedProperties } from './seeds.js';
import { singularTests } from './singular-tests.js';
import { sourcesFile } from './sources.js';
import { stagingProperties, stagingSql } from './staging.js';
import { stagingUnitTests } from './unit-tests.js';

const at = (path: string) => `${DBT_ROOT}/${path}`;

/** The dbt project under transforms/dbt/ (CATALOGUE §4; deliverables 6–8). */
export function dbtFiles(model: ProjectModel): FileSpec[] {
  const marts = martModels(model);
  const intermediate = enrichedEntities(model);
  return [
    {
      path: at('dbt_project.yml'),
      kind: 'yaml',
      header: PROJECT_HEADER,
      data: () => projectFile(model),
    },
    {
      path: at('profiles.yml'),
      kind: 'yaml',
      header: PROFILES_HEADER,
      data: () => profilesFile(model),
    },
    { path: at('README.md'), kind: 'text', render: () => dbtReadme(model) },
    ...macroFiles(model).map((macro): FileSpec => ({
      path: at(macro.path),
      kind: 'text',
      render: macro.render,
    })),
    {
      path: at('models/staging/_sources.yml'),
      kind: 'yaml',
      header: [
        "The raw landing tables. Locally, --vars '{raw_schema: raw_sample}' reads the seeds instead.",
      ],
      data: () => sourcesFile(model),
    },
    ...model.entities.map((entity): FileSpec => ({
      path: at(`models/staging/${stagingName(entity)}.sql`),
      kind: 'text',
      render: () => stagingSql(entity, model),
    })),
    {
      path: at('models/staging/_staging__models.yml'),
      kind: 'yaml',
      data: () => ({
        models: model.entities.map((entity) => stagingProperties(model, entity)),
        unit_tests: stagingUnitTests(model),
      }),
    },
    ...intermediate.map((entity): FileSpec => ({
      path: at(`models/intermediate/${intermediateName(entity)}.sql`),
      kind: 'text',
      render: () => intermediateSql(model, entity),
    })),
    {
      path: at('models/intermediate/_intermediate__models.yml'),
      kind: 'yaml',
      data: () => ({ models: intermediate.map((entity) => intermediateProperties(model, entity)) }),
    },
    ...marts.map((mart): FileSpec => ({
      path: at(`models/marts/${mart.name}.sql`),
      kind: 'text',
      render: () => mart.sql,
    })),
    {
      path: at('models/marts/_marts__models.yml'),
      kind: 'yaml',
      header: [
        'Public marts: contracted, so a change of a column name or type fails the build. Types are',
        'spelled so that both the local DuckDB target and the production warehouse accept them (dbt',
        'aliases string/integer per adapter and compares types without size or precision).',
      ],
      data: () => ({ models: marts.map((mart) => mart.properties) }),
    },
    ...singularTests(model).map((test): FileSpec => ({
      path: at(test.path),
      kind: 'text',
      render: test.render,
    })),
    ...model.entities.map((entity): FileSpec => ({
      path: at(`seeds/${entity.name}.csv`),
      kind: 'text',
      render: () => seedCsv(entity, model),
    })),
    {
      path: at('seeds/_seeds.yml'),
      kind: 'yaml',
      header: [
        "Samples of the raw tables for local builds; column types are the local raw tables' types.",
      ],
      data: () => ({ seeds: model.entities.map(seedProperties) }),
    },
  ];
}

export function dbtContributions(model: ProjectModel): Contributions {
  return contributionsOf(model);
}
