import { describeType } from '../engine/answers/parse.js';
import type { Catalogue } from '../engine/skills/types.js';
import type { Output } from './output.js';

/** `skillchain skills`: every skill with its keywords, dependencies and questions with options. */
export function runSkills(catalogue: Catalogue, isJson: boolean, out: Output): number {
  const sections = [catalogue.project, ...catalogue.skills];
  if (isJson) {
    out.line(
      JSON.stringify(
        {
          skills: sections.map((section) => ({
            name: section.id,
            title: section.title,
            description: section.description,
            ...('keywords' in section
              ? {
                  keywords: (section as Catalogue['skills'][number]).keywords,
                  dependencies: (section as Catalogue['skills'][number]).dependencies,
                }
              : {}),
            questions: section.questions.map((question) => ({
              key: question.key,
              prompt: question.prompt,
              type: question.type,
              default: question.default,
              options: question.options.map((option) => ({
                value: option.value,
                description: option.description,
              })),
            })),
          })),
          failures: catalogue.failures,
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const section of sections) {
    const skill = catalogue.skills.find((item) => item.name === section.id);
    out.line(out.bold(section.id) + out.dim(` · ${section.title}`));
    if (skill) {
      out.line(`  ${skill.description}`);
      out.line(
        out.dim(
          `  keywords: ${skill.keywords.primary.join(', ')} (+10); ${skill.keywords.secondary.join(', ')} (+5)`,
        ),
      );
      if (skill.dependencies.length > 0)
        out.line(out.dim(`  depends on: ${skill.dependencies.join(', ')}`));
    } else {
      out.line(`  ${section.description} (asked once, before the first skill)`);
    }
    for (const question of section.questions) {
      const fallback =
        question.default === undefined || question.default === ''
          ? ''
          : ` [default: ${Array.isArray(question.default) ? question.default.join(', ') : String(question.default)}]`;
      out.line(
        `  ${question.key}  ${question.prompt} (${question.type === 'select' || question.type === 'multiselect' ? question.type : describeType(question)})${fallback}`,
      );
      for (const option of question.options)
        out.line(`      ${option.value.padEnd(28)} ${out.dim(option.description)}`);
    }
    out.line();
  }
  for (const failure of catalogue.failures)
    out.error(out.yellow(`${failure.name} failed to load: ${failure.errors[0]?.message ?? ''}`));
  return 0;
}
