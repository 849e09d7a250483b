import type { DomainProblem } from '../types.js';

/**
 * The model DAG: edges from each model to the models it refs. Returns the models in build order
 * (dependencies first) and a problem per cycle.
 */
export function buildOrder(
  dependencies: ReadonlyMap<string, readonly string[]>,
  pathOf: (name: string) => string,
): { order: string[]; problems: DomainProblem[] } {
  const order: string[] = [];
  const problems: DomainProblem[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (name: string) => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const signature = [...new Set(cycle)].sort().join(',');
      if (!reported.has(signature)) {
        reported.add(signature);
        problems.push({
          path: pathOf(name),
          message: `ref cycle: ${cycle.join(' → ')} (dbt refuses a graph with a cycle)`,
        });
      }
      return;
    }
    state.set(name, 'visiting');
    stack.push(name);
    for (const dependency of dependencies.get(name) ?? [])
      if (dependencies.has(dependency)) visit(dependency);
    stack.pop();
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of [...dependencies.keys()].sort()) visit(name);
  return { order, problems };
}
