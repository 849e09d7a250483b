import type { FileSpec, ProjectModel } from '../../../types.js';
import { pythonLibrary } from '../plan.js';
import { renderCleaning } from './cleaning.js';
import {
  renderInit,
  renderLoadSamples,
  renderRunModule,
  renderSampleCsv,
  renderSpecs,
  renderTransformModule,
  renderWarehouse,
} from './modules.js';
import { renderTransformTest } from './unit-tests.js';

/** transforms/python/ and its unit tests, when the project has Python transforms. */
export function pythonTransformFiles(model: ProjectModel): FileSpec[] {
  if (!model.flags.usesPythonTransforms) return [];
  const files: FileSpec[] = [
    { path: 'transforms/python/__init__.py', kind: 'text', render: () => renderInit(model) },
    { path: 'transforms/python/specs.py', kind: 'text', render: () => renderSpecs() },
    {
      path: 'transforms/python/cleaning.py',
      kind: 'text',
      render: () => renderCleaning(pythonLibrary(model), model.name),
    },
    { path: 'transforms/python/warehouse.py', kind: 'text', render: () => renderWarehouse() },
    { path: 'transforms/python/run.py', kind: 'text', render: () => renderRunModule(model) },
    {
      path: 'transforms/python/load_samples.py',
      kind: 'text',
      render: () => renderLoadSamples(model),
    },
  ];
  for (const entity of model.entities) {
    files.push({
      path: `transforms/python/transform_${entity.name}.py`,
      kind: 'text',
      render: () => renderTransformModule(model, entity),
    });
    files.push({
      path: `tests/unit/test_transform_${entity.name}.py`,
      kind: 'text',
      render: () => renderTransformTest(model, entity),
    });
    // Without dbt there are no seeds: the samples ship with the Python package.
    if (!model.flags.usesDbt)
      files.push({
        path: `transforms/python/samples/${entity.name}.csv`,
        kind: 'text',
        render: () => renderSampleCsv(entity),
      });
  }
  return files;
}
