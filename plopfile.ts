import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { NodePlopAPI } from 'node-plop';
import { GENERATORS } from './generators/index.js';
import { ANSWERS_FILE } from './source/engine/manifest/manifest.js';
import { defaultAccepted, stageProject, writeProject } from './source/engine/pipeline.js';
import { loadEngineData } from './source/engine/session.js';
import { countChanges } from './source/engine/stage/change-set.js';
import { validateProject } from './source/engine/validate/validate-project.js';

/**
 * `npx plop --plopfile <skillchain>/dist/plopfile.js <generator>` re-renders one generator into
 * a project skillchain made before, from its stored answers: the same engine, the same change set
 * (your edits merge, conflicts are kept as they are), the same atomic write. Useful after editing
 * a skill's templates, or to restore one skill's files.
 */
export default function plopfile(plop: NodePlopAPI): void {
  plop.setWelcomeMessage('skillchain: re-render one generator into an existing project');
  for (const generator of GENERATORS) {
    plop.setGenerator(generator.name, {
      description: generator.description,
      prompts: [
        {
          type: 'input',
          name: 'project',
          message: 'Project folder (made by skillchain)',
          default: '.',
        },
      ],
      actions: [
        async (answers) => {
          const dir = resolve((answers as { project?: string }).project ?? '.');
          // Fails with a clear message when the folder was not made by skillchain.
          const answersYaml = await readFile(join(dir, ANSWERS_FILE), 'utf8');
          const data = await loadEngineData();
          const { model } = await validateProject(dir, data, { runDomainChecks: false });
          const staged = await stageProject(model, dir, { generators: [generator.name] });
          const accepted = defaultAccepted(staged.changeSet, false, true);
          const result = await writeProject({
            staged,
            accepted,
            answersYaml,
            toolVersion: data.toolVersion,
          });
          const counts = countChanges(staged.changeSet.changes).byStatus;
          return `${generator.name}: wrote ${result.written.length} files (${counts.create} new, ${counts.update} updated, ${counts.merge} merged); ${counts.conflict} conflicts and ${counts.kept} edited files left as they are`;
        },
      ],
    });
  }
}
