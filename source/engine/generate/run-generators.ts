import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { GENERATORS } from '../../../generators/index.js';
import type { FileSpec, GeneratorDefinition } from '../../../generators/types.js';
import type { ProjectModel } from '../model/types.js';
import { renderFileSpec } from './serialize.js';
import type { MemFsEditorFile } from 'mem-fs-editor';

export interface StagedFile {
  /** Relative to the output folder, forward slashes. */
  path: string;
  contents: string;
  generator: string;
  isExecutable: boolean;
}

export interface GenerationProgress {
  generator: string;
  generatorIndex: number;
  generatorCount: number;
  /** Actions finished in this generator, and its total. */
  done: number;
  total: number;
  path: string;
}

export interface GenerationFailure {
  generator: string;
  path: string;
  error: string;
}

export interface GenerationResult {
  files: StagedFile[];
  failures: GenerationFailure[];
}

export interface GenerateOptions {
  /** Run only these generators (generate missing re-runs only the owners). */
  generators?: readonly string[];
  /** Stage only the paths this accepts (generate missing stages only what is missing). */
  onlyPaths?: (path: string) => boolean;
  onProgress?: (progress: GenerationProgress) => void;
}

/** The action types, named apart from node-plop's built-ins (which write straight to disk). */
export const STAGE_ACTION = 'skillchain-stage';

/** Which generators run for a model: `project` always, then each skill in the chain. */
export function generatorsFor(
  model: ProjectModel,
  only?: readonly string[],
): GeneratorDefinition[] {
  return GENERATORS.filter(
    (generator) =>
      (generator.name === 'project' || model.chain.includes(generator.name)) &&
      (!only || only.includes(generator.name)),
  );
}

/**
 * Runs the generators through node-plop's programmatic API (answers come from the model, never
 * from inquirer) with one custom action type that writes into a single mem-fs-editor store.
 * Returns the staged files; nothing is written to disk.
 */
export async function generate(
  model: ProjectModel,
  outDir: string,
  options: GenerateOptions = {},
): Promise<GenerationResult> {
  // Loaded on demand: node-plop and mem-fs pull in inquirer, handlebars and vinyl, which the
  // dashboard's first frame and `--version` should not pay for.
  const [{ default: nodePlop }, { create: createStore }, { create: createEditor }] =
    await Promise.all([import('node-plop'), import('mem-fs'), import('mem-fs-editor')]);
  const editor = createEditor(createStore<MemFsEditorFile>());
  const plop = await nodePlop('', { destBasePath: outDir, force: false });
  const owners = new Map<string, { generator: string; isExecutable: boolean }>();
  const failures: GenerationFailure[] = [];

  // Async, so that a throw becomes a rejected promise, which node-plop reports as a failure, and
  // a text that needs a real engine (DuckDB plans) can be awaited.
  plop.setActionType(STAGE_ACTION, async (_answers, config) => {
    const spec = config.spec as FileSpec;
    const generator = config.generator as string;
    try {
      const target = safeJoin(outDir, spec.path);
      const previous = owners.get(spec.path);
      if (previous && previous.generator !== generator) {
        throw new Error(`also produced by ${previous.generator}`);
      }
      editor.write(target, await renderFileSpec(spec));
      owners.set(spec.path, { generator, isExecutable: spec.isExecutable === true });
      return spec.path;
    } catch (error) {
      throw new Error(`${spec.path}: ${(error as Error).message}`);
    }
  });

  const generators = generatorsFor(model, options.generators);
  for (const [generatorIndex, definition] of generators.entries()) {
    const specs = definition
      .files(model)
      .filter((spec) => !options.onlyPaths || options.onlyPaths(spec.path));
    plop.setGenerator(definition.name, {
      description: definition.description,
      prompts: [],
      actions: specs.map((spec) => ({
        type: STAGE_ACTION,
        spec,
        generator: definition.name,
        // One bad file must not hide the others: report it and keep going.
        abortOnFail: false,
      })),
    });
    let done = 0;
    const report = (path: string) =>
      options.onProgress?.({
        generator: definition.name,
        generatorIndex,
        generatorCount: generators.length,
        done,
        total: specs.length,
        path,
      });
    // Yield to the event loop between generators, so a dashboard can draw the progress.
    await new Promise((resolve) => setImmediate(resolve));
    await plop.getGenerator(definition.name).runActions(
      { model },
      {
        onSuccess: (change) => {
          done++;
          report(change.path);
        },
        onFailure: (failure) => {
          done++;
          const [path = failure.path, ...message] = failure.error.split(': ');
          failures.push({
            generator: definition.name,
            path,
            error: message.join(': ') || failure.error,
          });
          report(path);
        },
      },
    );
  }

  const dump = editor.dump(outDir);
  const files: StagedFile[] = Object.entries(dump)
    .filter(([, file]) => file.contents !== null)
    .map(([path, file]) => {
      const owner = owners.get(path);
      return {
        path,
        contents: file.contents ?? '',
        generator: owner?.generator ?? 'unknown',
        isExecutable: owner?.isExecutable ?? false,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return { files, failures };
}

/** Joins a generated path to the output folder, refusing anything that would escape it. */
export function safeJoin(outDir: string, path: string): string {
  if (isAbsolute(path) || path.includes('\\'))
    throw new Error(`refusing absolute or backslashed path ${path}`);
  const target = normalize(join(outDir, path));
  const back = relative(outDir, target);
  if (back.startsWith('..') || isAbsolute(back) || back.split(sep).includes('..')) {
    throw new Error(`refusing path outside the output folder: ${path}`);
  }
  return target;
}
