import { readFile } from 'node:fs/promises';
import { Document, isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import { errorAt, parseYamlSource } from '../skills/yaml-source.js';
import type { AnswerKey, Catalogue, LoadError, Question } from '../skills/types.js';
import type { Decision } from '../workflow/state.js';
import { coerceAnswer } from './parse.js';
import type { AnswerMap, ExplicitAnswer } from './types.js';

/**
 * The answers file: `.skillchain/answers.yaml` written after every run, and the input of
 * `--answers FILE` and `skillchain update`. One format for both:
 *
 *   version: 1
 *   goal: stream clickstream events from kafka into snowflake
 *   chain: [architecting-data, streaming-data, transforming-data]
 *   answers:
 *     project: { name: clickstream-pipeline, maturity: intermediate }
 *     streaming-data: { broker: kafka, partitions: 12 }
 *
 * Every key is optional on input; what is missing takes its default (or is asked).
 */
export interface AnswersFile {
  goal?: string;
  chain?: string[];
  answers: Map<AnswerKey, ExplicitAnswer>;
  toolVersion?: string;
}

export class AnswersFileError extends Error {
  constructor(
    readonly errors: LoadError[],
    /** Set when the file could not be read at all (ENOENT, EACCES …), rather than parsed. */
    readonly readCode?: string,
  ) {
    super(
      errors
        .map((error) =>
          error.line === 0
            ? `${error.file}: ${error.message}`
            : `${error.file}:${error.line}:${error.column}: ${error.field ? `${error.field}: ` : ''}${error.message}`,
        )
        .join('\n'),
    );
    this.name = 'AnswersFileError';
  }
}

const TOP_LEVEL = new Set(['version', 'tool_version', 'goal', 'chain', 'answers', 'decisions']);

export async function readAnswersFile(
  path: string,
  catalogue: Catalogue,
  provenance: ExplicitAnswer['provenance'] = 'answers-file',
): Promise<AnswersFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AnswersFileError(
      [
        {
          file: path,
          line: 0,
          column: 0,
          field: '',
          message: readProblem(error as NodeJS.ErrnoException),
        },
      ],
      (error as NodeJS.ErrnoException).code ?? 'EIO',
    );
  }
  return parseAnswersFile(path, text, catalogue, provenance);
}

function readProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder, not a YAML file';
    case 'EACCES':
      return 'permission denied';
    default:
      return `cannot read: ${error.code ?? error.message}`;
  }
}

export function parseAnswersFile(
  file: string,
  text: string,
  catalogue: Catalogue,
  provenance: ExplicitAnswer['provenance'] = 'answers-file',
): AnswersFile {
  const { source, errors } = parseYamlSource(file, text);
  if (errors.length > 0) throw new AnswersFileError(errors);
  const root = source.doc.contents;
  const problems: LoadError[] = [];
  const result: AnswersFile = { answers: new Map() };
  if (root === null) return result;
  if (!isMap(root))
    throw new AnswersFileError([
      errorAt(source, [], 'an answers file is a mapping (goal, chain, answers)'),
    ]);

  const questions = new Map<string, Question>();
  for (const section of [catalogue.project, ...catalogue.skills])
    for (const question of section.questions) questions.set(question.key, question);
  const failedSkills = new Set(catalogue.failures.map((failure) => failure.name));

  for (const pair of root.items as Pair[]) {
    const key = String((pair.key as Scalar | null)?.value);
    if (!TOP_LEVEL.has(key)) {
      problems.push(
        errorAt(source, [], `unknown field "${key}" (expected ${[...TOP_LEVEL].join(', ')})`, key),
      );
      continue;
    }
    if (key === 'version') {
      const version = (pair.value as Scalar | null)?.value;
      if (version !== 1)
        problems.push(
          errorAt(
            source,
            ['version'],
            `version ${String(version)} is not one this skillchain reads (it writes and reads version 1)`,
          ),
        );
    } else if (key === 'goal') {
      const value = (pair.value as Scalar | null)?.value;
      if (typeof value === 'string') result.goal = value;
      else problems.push(errorAt(source, ['goal'], 'the goal is text'));
    } else if (key === 'tool_version') {
      const version = (pair.value as Scalar | null)?.value;
      if (typeof version === 'string' || typeof version === 'number')
        result.toolVersion = String(version);
    } else if (key === 'chain') {
      const value = pair.value;
      if (
        !isSeq(value) ||
        !value.items.every((item) => isScalar(item) && typeof item.value === 'string')
      ) {
        problems.push(errorAt(source, ['chain'], 'the chain is a list of skill names'));
        continue;
      }
      result.chain = value.items.map((item) => String((item as Scalar).value));
      result.chain.forEach((name, index) => {
        if (!catalogue.skills.some((skill) => skill.name === name) && !failedSkills.has(name)) {
          problems.push(
            errorAt(
              source,
              ['chain', index],
              `unknown skill "${name}" (known: ${catalogue.skills.map((skill) => skill.name).join(', ')})`,
            ),
          );
        }
      });
    } else if (key === 'answers') {
      const sections = pair.value;
      if (!isMap(sections)) {
        problems.push(
          errorAt(
            source,
            ['answers'],
            'answers is a mapping of sections (project, skill names) to answers',
          ),
        );
        continue;
      }
      for (const sectionPair of sections.items) {
        const section = String((sectionPair.key as Scalar | null)?.value);
        const known =
          section === 'project' || catalogue.skills.some((skill) => skill.name === section);
        if (!known) {
          if (!failedSkills.has(section))
            problems.push(
              errorAt(
                source,
                ['answers'],
                `unknown section "${section}" (project or a skill name)`,
                section,
              ),
            );
          continue;
        }
        if (!isMap(sectionPair.value)) {
          problems.push(
            errorAt(
              source,
              ['answers', section],
              `answers of ${section} are a mapping of question ids to values`,
            ),
          );
          continue;
        }
        for (const answerPair of sectionPair.value.items) {
          const id = String((answerPair.key as Scalar | null)?.value);
          const question = questions.get(`${section}.${id}`);
          if (!question) {
            const ids =
              (section === 'project'
                ? catalogue.project
                : catalogue.skills.find((skill) => skill.name === section)
              )?.questions.map((item) => item.id) ?? [];
            problems.push(
              errorAt(
                source,
                ['answers', section],
                `unknown question "${id}" (${section} asks ${ids.join(', ')})`,
                id,
              ),
            );
            continue;
          }
          const raw = (answerPair.value as { toJSON?: () => unknown } | null)?.toJSON?.() ?? null;
          const parsed = coerceAnswer(question, raw);
          if ('error' in parsed)
            problems.push(errorAt(source, ['answers', section, id], parsed.error));
          else result.answers.set(question.key, { value: parsed.value, provenance });
        }
      }
    }
  }
  if (problems.length > 0) throw new AnswersFileError(problems);
  return result;
}

/**
 * `.skillchain/answers.yaml`: the goal, the chain and every answer asked, each with a comment
 * saying where it came from. Secrets are never answers, so none are stored.
 */
export function renderAnswersFile(input: {
  goal: string;
  chain: readonly string[];
  answers: AnswerMap;
  catalogue: Catalogue;
  decisions: readonly Decision[];
  toolVersion: string;
}): string {
  const doc = new Document({
    version: 1,
    tool_version: input.toolVersion,
    goal: input.goal,
    chain: [...input.chain],
    answers: {} as Record<string, Record<string, unknown>>,
  });
  doc.commentBefore =
    ' Written by skillchain after each run. Re-run with `skillchain update` (asks only new\n' +
    ' questions) or reuse with `skillchain --answers .skillchain/answers.yaml`.';
  const answersNode = doc.get('answers', true);
  for (const section of [input.catalogue.project, ...input.catalogue.skills]) {
    if (section.id !== 'project' && !input.chain.includes(section.id)) continue;
    const entries = section.questions.flatMap((question) => {
      const answer = input.answers.get(question.key);
      return answer?.isApplicable ? [{ question, answer }] : [];
    });
    if (entries.length === 0) continue;
    const sectionNode = doc.createNode(
      Object.fromEntries(entries.map(({ question, answer }) => [question.id, answer.value])),
    );
    for (const item of sectionNode.items) {
      const entry = entries.find(
        ({ question }) => question.id === String((item.key as Scalar).value),
      );
      if (entry && (isScalar(item.value) || isSeq(item.value))) {
        const provenance = entry.answer.reason
          ? `${entry.answer.provenance}: ${entry.answer.reason}`
          : entry.answer.provenance;
        (item.value as Scalar).comment = ` ${provenance}`;
      }
      if (isSeq(item.value)) item.value.flow = true;
    }
    (answersNode as { set: (key: string, value: unknown) => void }).set(section.id, sectionNode);
  }
  if (input.decisions.length > 0) {
    doc.set(
      'decisions',
      input.decisions.map((decision) => ({
        conflict: decision.findingId,
        resolution: decision.resolutionId,
        label: decision.label,
        ...(decision.isAutomatic ? { automatic: true } : {}),
      })),
    );
  }
  return doc.toString({ lineWidth: 0 });
}
