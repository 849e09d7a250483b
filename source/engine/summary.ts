import { SKILL_GENERATORS } from '../../generators/index.js';
import { collectContributions } from '../../generators/project/contributions.js';
import { quickStart } from '../../generators/project/readme.js';
import { formatAnswer } from './answers/parse.js';
import type { ProjectModel } from './model/types.js';

/**
 * The final summary both clients print (the seed's steps 4.6 and 5): what was generated across
 * how many skills, the key files with one line each, the next steps as exact commands, and what
 * was chosen per skill.
 */
export interface ProjectSummary {
  fileCount: number;
  folderCount: number;
  skillCount: number;
  keyFiles: { path: string; description: string }[];
  nextSteps: { title: string; command: string }[];
  /** Per section: `Prompt: value` lines, and the same as `id=value` (what --set takes). */
  choices: { title: string; lines: string[]; settings: string[] }[];
}

export function summarizeProject(model: ProjectModel, paths: readonly string[]): ProjectSummary {
  const contributions = collectContributions(model, SKILL_GENERATORS);
  const folders = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length; depth++) folders.add(parts.slice(0, depth).join('/'));
  }
  return {
    fileCount: paths.length,
    folderCount: folders.size,
    skillCount: model.chain.length,
    keyFiles: [
      { path: 'README.md', description: 'overview, architecture diagram, quick start' },
      { path: 'docker-compose.yml', description: 'the local stack (`make up`)' },
      ...contributions.keyFiles,
    ],
    nextSteps: quickStart(model, contributions),
    choices: model.choices.map((choice) => ({
      title: choice.title,
      lines: choice.answers.map(
        (answer) => `${answer.prompt}: ${formatAnswer(answer.value) || '—'}`,
      ),
      settings: choice.answers.map(
        (answer) =>
          `${answer.key.slice(answer.key.indexOf('.') + 1)}=${formatAnswer(answer.value) || '—'}`,
      ),
    })),
  };
}
