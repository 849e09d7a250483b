import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  answersYamlFor,
  defaultAccepted,
  stageProject,
  writeProject,
} from '../source/engine/pipeline.js';
import { loadEngineData, modelFromWorkflow } from '../source/engine/session.js';
import { validateProject } from '../source/engine/validate/validate-project.js';
import { resolveAutomatically, workflowReducer } from '../source/engine/workflow/reducer.js';
import { createWorkflow } from '../source/engine/workflow/state.js';
import { median, printTable, timeAsync, type Row } from './measure.js';

/**
 * Generating, diffing, writing and validating a full advanced project (every skill, Kubernetes
 * and compose), against a baseline of writing the same files with plain fs.writeFile: the ratio
 * says what staging, the change set, the journaled write and validation cost on top of the I/O.
 */
export async function benchPipeline(rounds = 7): Promise<Row[]> {
  const data = await loadEngineData();
  const explicit = new Map([
    ['project.maturity', { value: 'advanced', provenance: 'flag' as const }],
    ['project.deployment', { value: 'both', provenance: 'flag' as const }],
  ]);
  const skills = data.catalogue.skills.map((skill) => skill.name);
  let state = createWorkflow({
    catalogue: data.catalogue,
    goal: 'stream clickstream events from kafka into snowflake and model them with dbt',
    skills,
    explicit,
  });
  state = resolveAutomatically(workflowReducer(state, { type: 'skip' }));
  const model = modelFromWorkflow(state, data);
  const root = await mkdtemp(join(tmpdir(), 'skillchain-bench-'));
  const samples = {
    baseline: [] as number[],
    stage: [] as number[],
    write: [] as number[],
    validateFiles: [] as number[],
    validateAll: [] as number[],
    rerun: [] as number[],
  };
  let files = 0;
  try {
    for (let round = 0; round <= rounds; round++) {
      const out = join(root, `run-${round}`);
      let staged = await stageProject(model, out);
      files = staged.changeSet.changes.length;
      const baseline = await timeAsync(async () => {
        for (const change of staged.changeSet.changes) {
          const target = join(root, `plain-${round}`, change.path);
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, change.contents);
        }
      });
      const stage = await timeAsync(async () => {
        staged = await stageProject(model, out);
      });
      const write = await timeAsync(() =>
        writeProject({
          staged,
          accepted: defaultAccepted(staged.changeSet),
          answersYaml: answersYamlFor(state, data.toolVersion),
          toolVersion: data.toolVersion,
        }),
      );
      const validateFilesOnly = await timeAsync(() =>
        validateProject(out, data, { runDomainChecks: false }),
      );
      const validateAll = await timeAsync(() => validateProject(out, data));
      const rerun = await timeAsync(() => stageProject(model, out));
      if (round === 0) continue; // warm-up: module loading and JIT
      samples.baseline.push(baseline);
      samples.stage.push(stage);
      samples.write.push(write);
      samples.validateFiles.push(validateFilesOnly);
      samples.validateAll.push(validateAll);
      samples.rerun.push(rerun);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  const base = median(samples.baseline);
  const row = (name: string, values: number[]): Row => ({
    name,
    medianMs: median(values),
    ratio: median(values) / base,
  });
  return [
    row(`plain fs.writeFile of ${files} files (baseline)`, samples.baseline),
    row('stage: generate in memory + change set', samples.stage),
    row('write: atomic, journaled, manifest', samples.write),
    row('validate: outputs + deliverables', samples.validateFiles),
    row('validate: all three layers', samples.validateAll),
    row('re-run: stage against the written project', samples.rerun),
  ];
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  printTable('Full advanced project', 'plain fs.writeFile', await benchPipeline());
}
