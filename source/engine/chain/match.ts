import type { GoalIndex } from '../goal/goal-index.js';
import type { Skill } from '../skills/types.js';

export type KeywordKind = 'primary' | 'secondary' | 'exclusion';

export interface KeywordHit {
  keyword: string;
  kind: KeywordKind;
  points: number;
  /** The words as typed in the goal. */
  text: string;
}

export interface SkillMatch {
  skill: string;
  /** +10 per primary keyword, +5 per secondary; 0 when an exclusion matched. */
  score: number;
  hits: KeywordHit[];
  excludedBy?: KeywordHit;
}

export const PRIMARY_POINTS = 10;
export const SECONDARY_POINTS = 5;

/**
 * Scores every skill against the goal (CATALOGUE §2). Each keyword counts once however often it
 * appears. A keyword inside a longer keyword of another skill does not count for its own skill:
 * "query performance" is optimizing-sql's, so "performance" inside it does not add
 * performance-engineering.
 */
export function matchSkills(goal: GoalIndex, skills: readonly Skill[]): SkillMatch[] {
  return skills.map((skill) => {
    const otherSkillsKeywords = skills
      .filter((other) => other.name !== skill.name)
      .flatMap((other) => [...other.keywords.primary, ...other.keywords.secondary]);
    const hitFor = (keyword: string, kind: KeywordKind, points: number): KeywordHit | undefined => {
      const [first] = goal.hits(keyword, kind === 'exclusion' ? [] : otherSkillsKeywords);
      return first ? { keyword, kind, points, text: first.text } : undefined;
    };
    const hits: KeywordHit[] = [];
    for (const keyword of skill.keywords.primary) {
      const hit = hitFor(keyword, 'primary', PRIMARY_POINTS);
      if (hit) hits.push(hit);
    }
    for (const keyword of skill.keywords.secondary) {
      const hit = hitFor(keyword, 'secondary', SECONDARY_POINTS);
      if (hit) hits.push(hit);
    }
    const exclusion = skill.keywords.exclusions
      .map((keyword) => hitFor(keyword, 'exclusion', 0))
      .find((hit) => hit !== undefined);
    const score = exclusion ? 0 : hits.reduce((total, hit) => total + hit.points, 0);
    const match: SkillMatch = { skill: skill.name, score, hits };
    if (exclusion) match.excludedBy = exclusion;
    return match;
  });
}
