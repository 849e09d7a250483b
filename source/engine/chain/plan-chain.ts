import { GoalIndex } from '../goal/goal-index.js';
import { matchSkills, type KeywordHit, type SkillMatch } from './match.js';
import type { Catalogue, Skill } from '../skills/types.js';

export type JoinReason =
  | { kind: 'matched'; keywords: KeywordHit[] }
  | { kind: 'dependency'; of: string[] }
  | { kind: 'selected' };

export interface ChainLink {
  skill: string;
  title: string;
  order: number;
  score: number;
  reason: JoinReason;
}

export interface ChainPlan {
  goal: string;
  links: ChainLink[];
  /** Every skill's score, joined or not (the dry-run plan shows them all). */
  matches: SkillMatch[];
  /** Skill names given with --skills that do not exist. */
  unknownSkills: string[];
  /** The goal matched no skill: the chain screen offers customize, headless exits 2. */
  isEmpty: boolean;
  /** The goal uses data-engineering words even though no skill matched. */
  isDataGoal: boolean;
}

/**
 * Goal → chain (CATALOGUE §2): skills scoring above zero join, their dependencies are added
 * (transitively) and marked as such, and the chain is ordered by the skills' fixed order, not by
 * score. With `selected` (--skills or customize) the chain is exactly those skills.
 */
export function planChain(
  catalogue: Catalogue,
  goal: string,
  selected?: readonly string[],
): ChainPlan {
  const index = new GoalIndex(goal);
  const matches = matchSkills(index, catalogue.skills);
  const byName = new Map(catalogue.skills.map((skill) => [skill.name, skill]));
  const links = new Map<string, ChainLink>();
  const link = (skill: Skill, reason: JoinReason, score: number): ChainLink => ({
    skill: skill.name,
    title: skill.title,
    order: skill.order,
    score,
    reason,
  });
  const scoreOf = (name: string) => matches.find((match) => match.skill === name)?.score ?? 0;

  const unknownSkills: string[] = [];
  if (selected) {
    for (const name of selected) {
      const skill = byName.get(name);
      if (skill) links.set(name, link(skill, { kind: 'selected' }, scoreOf(name)));
      else unknownSkills.push(name);
    }
  } else {
    for (const match of matches) {
      const skill = byName.get(match.skill);
      if (skill && match.score > 0)
        links.set(skill.name, link(skill, { kind: 'matched', keywords: match.hits }, match.score));
    }
    addDependencies(links, byName, link, scoreOf);
  }
  const ordered = [...links.values()].sort(
    (a, b) => a.order - b.order || a.skill.localeCompare(b.skill),
  );
  return {
    goal,
    links: ordered,
    matches,
    unknownSkills,
    isEmpty: ordered.length === 0,
    isDataGoal:
      ordered.length > 0 || catalogue.dataGoalTriggers.some((trigger) => index.has(trigger)),
  };
}

function addDependencies(
  links: Map<string, ChainLink>,
  byName: Map<string, Skill>,
  link: (skill: Skill, reason: JoinReason, score: number) => ChainLink,
  scoreOf: (name: string) => number,
): void {
  const queue = [...links.keys()];
  while (queue.length > 0) {
    const name = queue.shift();
    const skill = name === undefined ? undefined : byName.get(name);
    if (!skill) continue;
    for (const dependency of skill.dependencies) {
      const existing = links.get(dependency);
      if (existing) {
        if (existing.reason.kind === 'dependency' && !existing.reason.of.includes(skill.name)) {
          existing.reason.of.push(skill.name);
        }
        continue;
      }
      const dependencySkill = byName.get(dependency);
      if (!dependencySkill) continue; // failed to load: reported with the load failures
      links.set(
        dependency,
        link(dependencySkill, { kind: 'dependency', of: [skill.name] }, scoreOf(dependency)),
      );
      queue.push(dependency);
    }
  }
}

/** "matched 'kafka', 'streaming'" / "added as dependency of transforming-data" / "selected". */
export function describeReason(reason: JoinReason): string {
  switch (reason.kind) {
    case 'matched':
      return `matched ${reason.keywords.map((hit) => `'${hit.text}'`).join(', ')}`;
    case 'dependency':
      return `added as dependency of ${reason.of.join(', ')}`;
    case 'selected':
      return 'selected';
  }
}
