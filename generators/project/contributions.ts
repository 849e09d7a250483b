import type { Contributions, GeneratorDefinition, MakeTarget, ProjectModel } from '../types.js';

/** Collects the contributions of every skill generator in the chain, in chain order. */
export function collectContributions(
  model: ProjectModel,
  generators: readonly GeneratorDefinition[],
): Required<Contributions> {
  const merged: Required<Contributions> = {
    composeServices: {},
    composeVolumes: [],
    makeTargets: [],
    keyFiles: [],
    nextSteps: [],
    gitignore: [],
    pythonRequirements: [],
    readmeSections: [],
    runbook: [],
    kustomizeResources: [],
  };
  for (const generator of generators) {
    if (
      generator.name === 'project' ||
      !model.chain.includes(generator.name) ||
      !generator.contributions
    )
      continue;
    const contribution = generator.contributions(model);
    for (const [name, service] of Object.entries(contribution.composeServices ?? {})) {
      // Two skills may need the same service (the warehouse stand-in): the first definition wins.
      merged.composeServices[name] ??= service;
    }
    for (const volume of contribution.composeVolumes ?? [])
      if (!merged.composeVolumes.includes(volume)) merged.composeVolumes.push(volume);
    mergeTargets(merged.makeTargets, contribution.makeTargets ?? []);
    merged.keyFiles.push(...(contribution.keyFiles ?? []));
    merged.nextSteps.push(...(contribution.nextSteps ?? []));
    for (const line of contribution.gitignore ?? [])
      if (!merged.gitignore.includes(line)) merged.gitignore.push(line);
    for (const requirement of contribution.pythonRequirements ?? []) {
      if (!merged.pythonRequirements.includes(requirement))
        merged.pythonRequirements.push(requirement);
    }
    merged.readmeSections.push(...(contribution.readmeSections ?? []));
    merged.runbook.push(...(contribution.runbook ?? []));
    merged.kustomizeResources.push(...(contribution.kustomizeResources ?? []));
  }
  return merged;
}

function mergeTargets(into: MakeTarget[], targets: readonly MakeTarget[]): void {
  for (const target of targets) {
    const existing = into.find((item) => item.name === target.name);
    if (!existing)
      into.push({
        ...target,
        commands: [...target.commands],
        dependsOn: [...(target.dependsOn ?? [])],
      });
    else {
      // Same target from two skills (e.g. `test`): run both recipes.
      existing.commands.push(...target.commands);
      for (const dependency of target.dependsOn ?? []) {
        existing.dependsOn ??= [];
        if (!existing.dependsOn.includes(dependency)) existing.dependsOn.push(dependency);
      }
    }
  }
}
