import { buildModel } from './model/build-model.js';
import { loadEntityCatalogue, type EntityCatalogue } from './model/entities.js';
import type { ProjectModel } from './model/types.js';
import { defaultSkillsRoot, packageVersion } from './paths.js';
import { loadCatalogue } from './skills/load-catalogue.js';
import type { Catalogue } from './skills/types.js';
import { selectAnswers } from './workflow/selectors.js';
import { includedSkills, type WorkflowState } from './workflow/state.js';

/** What every client (dashboard, headless runner, tests) loads once: the skills and entities. */
export interface EngineData {
  catalogue: Catalogue;
  entities: EntityCatalogue;
  toolVersion: string;
}

export async function loadEngineData(skillsRoot: string = defaultSkillsRoot()): Promise<EngineData> {
  const [catalogue, entities] = await Promise.all([loadCatalogue(skillsRoot), loadEntityCatalogue(skillsRoot)]);
  return { catalogue, entities, toolVersion: packageVersion() };
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
