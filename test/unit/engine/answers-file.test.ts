import { beforeAll, describe, expect, it } from 'vitest';
import {
  AnswersFileError,
  parseAnswersFile,
  renderAnswersFile,
} from '../../../source/engine/answers/answers-file.js';
import { AnswerInputError, answersFromFlags } from '../../../source/engine/answers/flags.js';
import { loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import type { Catalogue } from '../../../source/engine/skills/types.js';
import { workflowReducer } from '../../../source/engine/workflow/reducer.js';
import { selectAnswers } from '../../../source/engine/workflow/selectors.js';
import { createWorkflow, includedSkills } from '../../../source/engine/workflow/state.js';

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const parse = (text: string) => parseAnswersFile('answers.yaml', text, catalogue);
const errorsOf = (text: string) => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof AnswersFileError)
      return error.errors.map((item) => `${item.line}:${item.field}: ${item.message}`);
    throw error;
  }
  return [];
};

describe('answers file', () => {
  it('reads goal, chain and answers, typed by their questions', () => {
    const file = parse(
      [
        'goal: cdc from postgres',
        'chain: [streaming-data]',
        'answers:',
        '  project:',
        '    maturity: advanced',
        '  streaming-data:',
        '    cdc: debezium-postgres',
        '    partitions: 12',
        '    serialization: Avro',
      ].join('\n'),
    );
    expect(file.goal).toBe('cdc from postgres');
    expect(file.chain).toEqual(['streaming-data']);
    expect(
      Object.fromEntries([...file.answers].map(([key, answer]) => [key, answer.value])),
    ).toEqual({
      'project.maturity': 'advanced',
      'streaming-data.cdc': 'debezium-postgres',
      'streaming-data.partitions': 12,
      'streaming-data.serialization': 'avro',
    });
    expect([...file.answers.values()].every((answer) => answer.provenance === 'answers-file')).toBe(
      true,
    );
  });

  it('names the line and field of every mistake', () => {
    expect(
      errorsOf(
        [
          'answers:',
          '  streaming-data:',
          '    broker: rabbitmq',
          '    partitions: 0',
          '    colour: blue',
          '  nosuch:',
          '    x: 1',
          'chain: [streaming-data, bogus]',
          'extra: 1',
        ].join('\n'),
      ),
    ).toEqual([
      '3:answers.streaming-data.broker: "rabbitmq" is not an option; choose kafka, redpanda, kinesis, pubsub, pulsar',
      '4:answers.streaming-data.partitions: a whole number from 1 to 1000',
      '5:answers.streaming-data.colour: unknown question "colour" (streaming-data asks broker, serialization, delivery, processor, cdc, language, partitions, retention_days, replication_factor)',
      '6:answers.nosuch: unknown section "nosuch" (project or a skill name)',
      '8:chain[1]: unknown skill "bogus" (known: architecting-data, streaming-data, transforming-data, optimizing-sql, secret-management, performance-engineering)',
      '9:extra: unknown field "extra" (expected version, tool_version, goal, chain, answers, decisions)',
    ]);
  });

  it('refuses a version it does not read', () => {
    expect(errorsOf('version: 2\ngoal: orders\n')).toEqual([
      '1:version: version 2 is not one this skillchain reads (it writes and reads version 1)',
    ]);
    expect(errorsOf('version: 1\ngoal: orders\n')).toEqual([]);
  });

  it('reports malformed YAML with its position', () => {
    expect(errorsOf('answers:\n  project: {maturity: advanced\n')[0]).toMatch(/^\d+:: /);
  });

  it('round-trips: the stored answers file reproduces the same answers', () => {
    let state = createWorkflow({
      catalogue,
      goal: 'stream clickstream events from kafka into snowflake and model them with dbt',
    });
    state = workflowReducer(state, { type: 'skip' });
    const text = renderAnswersFile({
      goal: state.plan.goal,
      chain: includedSkills(state),
      answers: selectAnswers(state),
      catalogue,
      decisions: [],
      toolVersion: '0.1.0',
    });
    expect(text).toContain("broker: kafka # goal: from 'kafka' in your goal");
    const reread = parse(text);
    expect(reread.goal).toBe(state.plan.goal);
    expect(reread.chain).toEqual(includedSkills(state));
    const again = createWorkflow({
      catalogue,
      goal: reread.goal ?? '',
      skills: reread.chain ?? [],
      explicit: reread.answers,
    });
    const before = selectAnswers(state);
    for (const [key, answer] of selectAnswers(again)) {
      if (answer.isApplicable) expect([key, answer.value]).toEqual([key, before.get(key)?.value]);
    }
  });
});

describe('--set and --maturity', () => {
  it('parses values by question type', () => {
    const answers = answersFromFlags(
      catalogue,
      [
        'streaming-data.partitions=24',
        'architecting-data.entities=orders, customers',
        'secret-management.scanning=no',
      ],
      'advanced',
    );
    expect(Object.fromEntries([...answers].map(([key, answer]) => [key, answer.value]))).toEqual({
      'streaming-data.partitions': 24,
      'architecting-data.entities': ['orders', 'customers'],
      'secret-management.scanning': false,
      'project.maturity': 'advanced',
    });
  });

  it('names what is wrong', () => {
    expect(() => answersFromFlags(catalogue, ['streaming-data.brokr=kafka'])).toThrow(
      AnswerInputError,
    );
    expect(() => answersFromFlags(catalogue, ['streaming-data.brokr=kafka'])).toThrow(
      /streaming-data has no question "brokr" \(it asks broker, /,
    );
    expect(() => answersFromFlags(catalogue, ['nope.x=1'])).toThrow(/unknown skill "nope"/);
    expect(() => answersFromFlags(catalogue, ['transforming-data.schedule=every hour'])).toThrow(
      /five-field cron expression/,
    );
  });
});
