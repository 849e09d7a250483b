import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { defaultSkillsRoot } from '../paths.js';
import {
  checkAnswerReference,
  checkCondition,
  checkValueFits,
  type KnownQuestions,
  type ReferenceContext,
} from './cross-check.js';
import {
  normalizeDeliverable,
  normalizeOutputs,
  normalizeQuestion,
  normalizeResolution,
  qualifyCondition,
  qualifyKey,
} from './normalize.js';
import { checkSchema } from './schema-check.js';
import {
  blueprintSchema,
  frontMatterSchema,
  outputsSchema,
  projectSchema,
  questionBlockSchema,
  rulesSchema,
} from './schemas.js';
import { splitSkillFile } from './skill-file.js';
import {
  PROJECT_SECTION,
  formatLoadError,
  type Blueprint,
  type Catalogue,
  type Condition,
  type ConflictRule,
  type DependencyRule,
  type LoadError,
  type Question,
  type Rules,
  type Section,
  type Skill,
  type SkillLoadFailure,
} from './types.js';
import { errorAt, parseYamlSource, type YamlSource } from './yaml-source.js';

/** Raised when the catalogue cannot be used at all (the chain-level questions are broken). */
export class CatalogueError extends Error {
  constructor(readonly errors: LoadError[]) {
    super(errors.map(formatLoadError).join('\n'));
    this.name = 'CatalogueError';
  }
}

type Raw = Record<string, unknown>;

interface ParsedSection {
  section: Section;
  source: YamlSource;
  /** The raw data of `source` (converted once; cross-checks read the raw questions). */
  raw: Raw;
  /** Where the questions list sits inside `source`. */
  questionsPath: (string | number)[];
}

interface ParsedSkill extends ParsedSection {
  skill: Skill;
  frontMatter: YamlSource;
  outputsSource?: YamlSource;
}

/**
 * Loads `skills/`: the chain-level questions, every skill folder, the blueprints and the rules.
 * A skill that does not parse or validate is reported in `failures` and left out; the others
 * still load (DESIGN §4: continue without it / retry / stop).
 */
export async function loadCatalogue(root: string = defaultSkillsRoot()): Promise<Catalogue> {
  const display = (file: string) => relative(process.cwd(), file) || file;
  const failures: SkillLoadFailure[] = [];

  const project = await loadProject(join(root, 'project.yaml'), display);

  const entries = await readdir(root, { withFileTypes: true });
  const skillFolders = entries
    .filter(
      (entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'blueprints',
    )
    .map((entry) => entry.name)
    .sort();
  const parsed: ParsedSkill[] = [];
  for (const folder of skillFolders) {
    const result = await loadSkill(root, folder, display);
    if ('failure' in result) failures.push(result.failure);
    else parsed.push(result.skill);
  }

  // Cross-checks need every section; a skill whose references fail is moved to failures.
  const sectionsInOrder = () => [
    project,
    ...parsed.sort(
      (a, b) => a.skill.order - b.skill.order || a.skill.name.localeCompare(b.skill.name),
    ),
  ];
  const failedNames = () => new Set(failures.map((failure) => failure.name));
  for (;;) {
    const known = buildKnown(sectionsInOrder(), failedNames());
    let removed = false;
    for (const item of [...parsed]) {
      const errors = [...checkSection(item, known), ...checkSkillLinks(item, known)];
      if (errors.length > 0) {
        failures.push({ name: item.skill.name, errors });
        parsed.splice(parsed.indexOf(item), 1);
        removed = true;
      }
    }
    if (!removed) break;
  }
  const projectErrors = checkSection(project, buildKnown(sectionsInOrder(), failedNames()));
  if (projectErrors.length > 0) throw new CatalogueError(projectErrors);

  const known = buildKnown(sectionsInOrder(), failedNames());
  const blueprints: Blueprint[] = [];
  const blueprintFolder = join(root, 'blueprints');
  const blueprintFiles = (await readdir(blueprintFolder).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  for (const name of blueprintFiles) {
    const result = await loadBlueprint(join(blueprintFolder, name), display, known);
    if ('failure' in result) failures.push(result.failure);
    else blueprints.push(result.blueprint);
  }

  const rulesResult = await loadRules(join(root, 'rules.yaml'), display, known);
  if ('failure' in rulesResult) failures.push(rulesResult.failure);
  const rules =
    'rules' in rulesResult
      ? rulesResult.rules
      : { conflicts: [], dependencies: [], file: display(join(root, 'rules.yaml')) };

  return {
    project: project.section,
    skills: parsed.map((item) => item.skill).sort((a, b) => a.order - b.order),
    blueprints,
    rules,
    dataGoalTriggers: project.dataGoalTriggers,
    failures,
    root,
  };
}

async function loadProject(
  file: string,
  display: (file: string) => string,
): Promise<ParsedSection & { dataGoalTriggers: string[] }> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new CatalogueError([
      {
        file: display(file),
        line: 0,
        column: 0,
        field: '',
        message: 'cannot read the chain-level questions file',
      },
    ]);
  });
  const { source, errors } = parseYamlSource(display(file), text);
  if (errors.length > 0) throw new CatalogueError(errors);
  const data = source.doc.toJS() as Raw;
  const schemaErrors = checkSchema(source, data, projectSchema);
  if (schemaErrors.length > 0) throw new CatalogueError(schemaErrors);
  return {
    dataGoalTriggers: (data.data_goal_triggers as string[] | undefined) ?? [],
    section: {
      id: PROJECT_SECTION,
      title: data.title as string,
      description: (data.description as string | undefined) ?? '',
      questions: (data.questions as Raw[]).map((raw) =>
        withSelectDefault(normalizeQuestion(raw, PROJECT_SECTION)),
      ),
    },
    source,
    raw: data,
    questionsPath: ['questions'],
  };
}

async function loadSkill(
  root: string,
  folder: string,
  display: (file: string) => string,
): Promise<{ skill: ParsedSkill } | { failure: SkillLoadFailure }> {
  const skillFile = join(root, folder, 'SKILL.md');
  const outputsFile = join(root, folder, 'outputs.yaml');
  const fail = (errors: LoadError[]) => ({ failure: { name: folder, errors } });
  let text: string;
  try {
    text = await readFile(skillFile, 'utf8');
  } catch {
    return fail([
      { file: display(skillFile), line: 0, column: 0, field: '', message: 'missing SKILL.md' },
    ]);
  }
  const parts = splitSkillFile(display(skillFile), text);
  if (parts.errors.length > 0 || !parts.frontMatter || !parts.configuration)
    return fail(parts.errors);

  const front = parts.frontMatter;
  const config = parts.configuration;
  const errors = [
    ...checkSchema(front.source, front.data, frontMatterSchema),
    ...checkSchema(config.source, config.data, questionBlockSchema),
  ];
  const meta = front.data as Raw;
  if (errors.length === 0 && meta.name !== folder) {
    errors.push(errorAt(front.source, ['name'], `the name must match the folder "${folder}"`));
  }

  let outputsSource: YamlSource | undefined;
  let outputsData: Raw = { base_outputs: [] };
  try {
    const outputsText = await readFile(outputsFile, 'utf8');
    const parsedOutputs = parseYamlSource(display(outputsFile), outputsText);
    errors.push(...parsedOutputs.errors);
    if (parsedOutputs.errors.length === 0) {
      outputsSource = parsedOutputs.source;
      outputsData = parsedOutputs.source.doc.toJS() as Raw;
      errors.push(...checkSchema(outputsSource, outputsData, outputsSchema));
    }
  } catch {
    errors.push({
      file: display(outputsFile),
      line: 0,
      column: 0,
      field: '',
      message: 'missing outputs.yaml',
    });
  }
  if (errors.length > 0) return fail(errors);

  const keywords = meta.keywords as Raw;
  const questions = ((config.data as Raw).questions as Raw[]).map((raw) =>
    withSelectDefault(normalizeQuestion(raw, folder)),
  );
  const skill: Skill = {
    id: folder,
    name: folder,
    title: meta.title as string,
    description: meta.description as string,
    plugin: meta.plugin as string,
    order: meta.order as number,
    dependencies: (meta.dependencies as string[] | undefined) ?? [],
    keywords: {
      primary: keywords.primary as string[],
      secondary: (keywords.secondary as string[] | undefined) ?? [],
      exclusions: (keywords.exclusions as string[] | undefined) ?? [],
    },
    estimateMinutes: (meta.estimate_minutes as [number, number] | undefined) ?? [3, 5],
    guide: parts.guide,
    outputs: normalizeOutputs(outputsData, folder),
    questions,
    file: display(skillFile),
  };
  const parsedSkill: ParsedSkill = {
    skill,
    section: skill,
    source: config.source,
    raw: config.data as Raw,
    questionsPath: ['questions'],
    frontMatter: front.source,
  };
  if (outputsSource) parsedSkill.outputsSource = outputsSource;
  return { skill: parsedSkill };
}

/** A select without a default takes its first option: "default first" (CATALOGUE §3). */
function withSelectDefault(question: Question): Question {
  if (question.default === undefined && question.type === 'select' && question.options[0]) {
    return { ...question, default: question.options[0].value };
  }
  if (question.default === undefined && question.type === 'multiselect')
    return { ...question, default: [] };
  if (question.default === undefined && question.type === 'confirm')
    return { ...question, default: false };
  return question;
}

function buildKnown(sections: ParsedSection[], unavailable: Set<string>): KnownQuestions {
  const byKey: KnownQuestions['byKey'] = new Map();
  let position = 0;
  for (const { section } of sections) {
    for (const question of section.questions)
      byKey.set(question.key, { question, position: position++ });
  }
  return {
    byKey,
    skills: new Set(
      sections.filter((s) => s.section.id !== PROJECT_SECTION).map((s) => s.section.id),
    ),
    unavailableSections: unavailable,
  };
}

function checkSection(item: ParsedSection, known: KnownQuestions): LoadError[] {
  const errors: LoadError[] = [];
  const seen = new Set<string>();
  const rawList = (item.raw.questions as Raw[] | undefined) ?? [];
  item.section.questions.forEach((question, index) => {
    const path = [...item.questionsPath, index];
    const raw = rawList[index] ?? {};
    const position = known.byKey.get(question.key)?.position ?? 0;
    const context: ReferenceContext = {
      source: item.source,
      section: item.section.id,
      known,
      before: position,
    };
    if (seen.has(question.id))
      errors.push(errorAt(item.source, [...path, 'id'], `duplicate question id "${question.id}"`));
    seen.add(question.id);

    const isChoice = question.type === 'select' || question.type === 'multiselect';
    if (isChoice && question.options.length === 0) {
      errors.push(errorAt(item.source, path, `a ${question.type} question needs options`));
    }
    const optionValues = new Set<string>();
    question.options.forEach((option, optionIndex) => {
      if (optionValues.has(option.value)) {
        errors.push(
          errorAt(
            item.source,
            [...path, 'options', optionIndex, 'value'],
            `duplicate option "${option.value}"`,
          ),
        );
      }
      optionValues.add(option.value);
    });
    if (raw.default !== undefined)
      errors.push(...checkValueFits(context, [...path, 'default'], question, raw.default));
    if (question.defaultFrom) {
      const reference = checkAnswerReference(
        context,
        [...path, 'default_from', 'answer'],
        question.defaultFrom.answer,
      );
      errors.push(...reference.errors);
      for (const [from, value] of Object.entries(question.defaultFrom.map ?? {})) {
        errors.push(
          ...checkValueFits(context, [...path, 'default_from', 'map', from], question, value),
        );
      }
    }
    question.smartDefaults.forEach((smart, smartIndex) => {
      const smartPath = [...path, 'smart_defaults', smartIndex];
      errors.push(...checkValueFits(context, [...smartPath, 'value'], question, smart.value));
      const rawSmart = ((raw.smart_defaults as Raw[] | undefined) ?? [])[smartIndex] ?? {};
      if (rawSmart.when)
        errors.push(...checkCondition(context, [...smartPath, 'when'], rawSmart.when));
      if (smart.anyOf.length === 0 && smart.allOf.length === 0 && !smart.when) {
        errors.push(
          errorAt(item.source, smartPath, 'a smart default needs any_of, all_of or when'),
        );
      }
    });
    if (raw.when) errors.push(...checkCondition(context, [...path, 'when'], raw.when));
    const pattern = question.validate?.pattern;
    if (pattern !== undefined) {
      try {
        new RegExp(pattern, 'u');
      } catch (error) {
        errors.push(
          errorAt(
            item.source,
            [...path, 'validate', 'pattern'],
            `invalid regular expression: ${(error as Error).message}`,
          ),
        );
      }
    }
  });
  return errors;
}

function checkSkillLinks(item: ParsedSkill, known: KnownQuestions): LoadError[] {
  const errors: LoadError[] = [];
  item.skill.dependencies.forEach((dependency, index) => {
    if (!known.skills.has(dependency) && !known.unavailableSections.has(dependency)) {
      errors.push(
        errorAt(item.frontMatter, ['dependencies', index], `unknown skill "${dependency}"`),
      );
    }
  });
  const outputs = item.outputsSource;
  if (outputs) {
    for (const conditional of item.skill.outputs.conditional) {
      if (!known.byKey.has(conditional.dimension)) {
        const dimension = conditional.dimension.startsWith(`${item.skill.name}.`)
          ? conditional.dimension.slice(item.skill.name.length + 1)
          : conditional.dimension;
        errors.push(
          errorAt(
            outputs,
            ['conditional_outputs', dimension === 'project.maturity' ? 'maturity' : dimension],
            `unknown answer "${conditional.dimension}"`,
          ),
        );
      }
    }
    const specs = [
      ...item.skill.outputs.base,
      ...item.skill.outputs.conditional.flatMap((c) => c.outputs),
    ];
    for (const spec of specs) {
      for (const pattern of spec.mustContain) {
        try {
          new RegExp(pattern, 'i');
        } catch (error) {
          errors.push({
            file: outputs.file,
            line: 0,
            column: 0,
            field: spec.path,
            message: `invalid regular expression ${pattern}: ${(error as Error).message}`,
          });
        }
      }
    }
  }
  return errors;
}

async function loadBlueprint(
  file: string,
  display: (file: string) => string,
  known: KnownQuestions,
): Promise<{ blueprint: Blueprint } | { failure: SkillLoadFailure }> {
  const name = display(file);
  const { source, errors } = parseYamlSource(name, await readFile(file, 'utf8'));
  if (errors.length > 0) return { failure: { name, errors } };
  const data = source.doc.toJS() as Raw;
  const schemaErrors = checkSchema(source, data, blueprintSchema);
  if (schemaErrors.length > 0) return { failure: { name, errors: schemaErrors } };
  const context: ReferenceContext = { source, section: PROJECT_SECTION, known };
  const checkErrors: LoadError[] = [];
  const ids = new Set<string>();
  (data.deliverables as Raw[]).forEach((raw, index) => {
    const path = ['deliverables', index];
    const skill = raw.skill as string;
    if (ids.has(raw.id as string))
      checkErrors.push(
        errorAt(source, [...path, 'id'], `duplicate deliverable id "${String(raw.id)}"`),
      );
    ids.add(raw.id as string);
    if (skill !== 'chain' && !known.skills.has(skill) && !known.unavailableSections.has(skill)) {
      checkErrors.push(
        errorAt(
          source,
          [...path, 'skill'],
          `unknown skill "${skill}" (use a skill name or "chain")`,
        ),
      );
    }
    if (raw.when) checkErrors.push(...checkCondition(context, [...path, 'when'], raw.when));
    (raw.files as unknown[]).forEach((fileEntry, fileIndex) => {
      const when =
        typeof fileEntry === 'object' && fileEntry !== null ? (fileEntry as Raw).when : undefined;
      if (when)
        checkErrors.push(...checkCondition(context, [...path, 'files', fileIndex, 'when'], when));
    });
    ((raw.checks as Raw[] | undefined) ?? []).forEach((check, checkIndex) => {
      try {
        new RegExp(check.pattern as string, 'i');
      } catch (error) {
        checkErrors.push(
          errorAt(
            source,
            [...path, 'checks', checkIndex, 'pattern'],
            `invalid regular expression: ${(error as Error).message}`,
          ),
        );
      }
      if (check.when)
        checkErrors.push(
          ...checkCondition(context, [...path, 'checks', checkIndex, 'when'], check.when),
        );
    });
  });
  if (checkErrors.length > 0) return { failure: { name, errors: checkErrors } };
  const profiles = data.maturity_profiles as Blueprint['maturityProfiles'];
  return {
    blueprint: {
      name: data.name as string,
      title: data.title as string,
      description: (data.description as string | undefined) ?? '',
      passThreshold: (data.pass_threshold as number | undefined) ?? 0.8,
      maturityProfiles: profiles,
      deliverables: (data.deliverables as Raw[]).map(normalizeDeliverable).map((deliverable) => ({
        ...deliverable,
        ...(deliverable.when ? { when: qualifyCondition(deliverable.when, PROJECT_SECTION) } : {}),
      })),
      file: name,
    },
  };
}

async function loadRules(
  file: string,
  display: (file: string) => string,
  known: KnownQuestions,
): Promise<{ rules: Rules } | { failure: SkillLoadFailure }> {
  const name = display(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { rules: { conflicts: [], dependencies: [], file: name } };
  }
  const { source, errors } = parseYamlSource(name, text);
  if (errors.length > 0) return { failure: { name, errors } };
  const data = source.doc.toJS() as Raw;
  const schemaErrors = checkSchema(source, data, rulesSchema);
  if (schemaErrors.length > 0) return { failure: { name, errors: schemaErrors } };
  const context: ReferenceContext = { source, section: PROJECT_SECTION, known };
  const checkErrors: LoadError[] = [];
  const conflicts: ConflictRule[] = (data.conflicts as Raw[]).map((raw, index) => {
    const path = ['conflicts', index];
    checkErrors.push(...checkCondition(context, [...path, 'when'], raw.when));
    const resolutions = (raw.resolutions as Raw[]).map(normalizeResolution);
    resolutions.forEach((resolution, resolutionIndex) => {
      const resolutionPath = [...path, 'resolutions', resolutionIndex];
      for (const [key, value] of Object.entries(resolution.set)) {
        const reference = checkAnswerReference(context, [...resolutionPath, 'set'], key, key);
        checkErrors.push(...reference.errors);
        if (reference.question)
          checkErrors.push(
            ...checkValueFits(context, [...resolutionPath, 'set', key], reference.question, value),
          );
      }
      for (const [key, from] of Object.entries(resolution.setFrom)) {
        const target = checkAnswerReference(context, [...resolutionPath, 'set_from'], key, key);
        checkErrors.push(
          ...target.errors,
          ...checkAnswerReference(
            context,
            [...resolutionPath, 'set_from', key, 'answer'],
            from.answer,
          ).errors,
        );
        if (target.question) {
          for (const [fromValue, value] of Object.entries(from.map)) {
            checkErrors.push(
              ...checkValueFits(
                context,
                [...resolutionPath, 'set_from', key, 'map', fromValue],
                target.question,
                value,
              ),
            );
          }
        }
      }
      if (
        resolution.back &&
        !known.skills.has(resolution.back) &&
        !known.unavailableSections.has(resolution.back)
      ) {
        checkErrors.push(
          errorAt(source, [...resolutionPath, 'back'], `unknown skill "${resolution.back}"`),
        );
      }
      const effects =
        Object.keys(resolution.set).length +
        Object.keys(resolution.setFrom).length +
        (resolution.back ? 1 : 0) +
        (resolution.keep ? 1 : 0);
      if (effects === 0)
        checkErrors.push(
          errorAt(source, resolutionPath, 'a resolution needs set, set_from, back or keep'),
        );
    });
    return {
      id: raw.id as string,
      when: qualifyCondition(raw.when as Condition, PROJECT_SECTION),
      message: raw.message as string,
      explanation: ((raw.explanation as string | undefined) ?? '').trim(),
      resolutions,
    };
  });
  const dependencies: DependencyRule[] = ((data.dependencies as Raw[] | undefined) ?? []).map(
    (raw, index) => {
      const path = ['dependencies', index];
      for (const field of ['skill', 'requires'] as const) {
        const skill = raw[field] as string;
        if (!known.skills.has(skill) && !known.unavailableSections.has(skill)) {
          checkErrors.push(errorAt(source, [...path, field], `unknown skill "${skill}"`));
        }
      }
      ((raw.borrows as string[] | undefined) ?? []).forEach((key, keyIndex) => {
        checkErrors.push(
          ...checkAnswerReference(
            context,
            [...path, 'borrows', keyIndex],
            qualifyKey(key, PROJECT_SECTION),
          ).errors,
        );
      });
      return {
        id: raw.id as string,
        skill: raw.skill as string,
        requires: raw.requires as string,
        message: raw.message as string,
        borrows: (raw.borrows as string[] | undefined) ?? [],
      };
    },
  );
  if (checkErrors.length > 0) return { failure: { name, errors: checkErrors } };
  return { rules: { conflicts, dependencies, file: name } };
}
