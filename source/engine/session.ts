import { buildModel } from './model/build-model.js';
import { cacheKey, readCache, writeCache } from './catalogue-cache.js';
import type { EntityCatalogue, KnownEntity } from './model/entities.js';
import type { ProjectModel } from './model/types.js';
import { defaultSkillsRoot, packageVersion } from './paths.js';
import type { Catalogue } from './skills/types.js';
import { selectAnswers } from './workflow/selectors.js';
import { includedSkills, type WorkflowState } from './workflow/state.js';

/** What every client (dashboard, headless runner, tests) loads once: the skills and entities. */
export interface EngineData {
  catalogue: Catalogue;
  entities: EntityCatalogue;
  toolVersion: string;
}

/** Loads skills/ (from the content-keyed cache when nothing changed; see catalogue-cache.ts). */
export async function loadEngineData(
  skillsRoot: string = defaultSkillsRoot(),
): Promise<EngineData> {
  const toolVersion = packageVersion();
  const key = await cacheKey(skillsRoot, toolVersion);
  const cached = await readCache<{ catalogue: Catalogue; entities: [string, KnownEntity][] }>(key);
  if (cached)
    return { catalogue: cached.catalogue, entities: new Map(cached.entities), toolVersion };
  // The loaders (YAML with positions, JSON Schema compilation) are only imported on a cache miss.
  const [{ loadCatalogue }, { loadEntityCatalogue }] = await Promise.all([
    import('./skills/load-catalogue.js'),
    import('./model/load-entities.js'),
  ]);
  const [catalogue, entities] = await Promise.all([
    loadCatalogue(skillsRoot),
    loadEntityCatalogue(skillsRoot),
  ]);
  await writeCache(key, { catalogue, entities: [...entities] });
  return { catalogue, entities, toolVersion };
}

/** The project model for a workflow whose answers are final (phase `ready`). */
export function modelFromWorkflow(state: WorkflowState, data: EngineData): ProjectModel {
  return buildModel({
    answers: selectAnswers(state),
    chain: includedSkills(state),
    goal: state.plan.goal,
    decisions: state.decisions,
    entityCatalogue: data.entities,
    toolVersion: data.toolVersion,
    sections: [state.catalogue.project, ...state.catalogue.skills],
  });
}
