/**
 * JSON Schemas for the files in `skills/`. They check the shape; cross-references (answer keys in
 * conditions, dependencies, defaults among the options) are checked afterwards in
 * `cross-check.ts`, where the whole catalogue is known.
 */

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } } as const;
const identifier = { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } as const;
const skillName = { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } as const;
const answerValue = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, stringList],
} as const;
// Conditions are recursive and keyed by answer names; their structure is checked in code.
const condition = { type: 'object', minProperties: 1 } as const;

const option = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'description'],
  properties: {
    value: { type: 'string', pattern: '^[a-z0-9][a-z0-9+.-]*$' },
    label: { type: 'string' },
    description: { type: 'string', minLength: 1 },
    goal_keywords: stringList,
    goal_unless: stringList,
  },
} as const;

const smartDefault = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'reason'],
  properties: {
    value: answerValue,
    reason: { type: 'string', minLength: 1 },
    any_of: stringList,
    all_of: { type: 'array', items: stringList, minItems: 1 },
    when: condition,
  },
} as const;

export const questionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'prompt', 'type'],
  properties: {
    id: identifier,
    prompt: { type: 'string', minLength: 1 },
    help: { type: 'string' },
    type: { enum: ['select', 'multiselect', 'text', 'number', 'confirm', 'list'] },
    options: { type: 'array', items: option, minItems: 1 },
    default: answerValue,
    default_from: {
      type: 'object',
      additionalProperties: false,
      required: ['answer'],
      properties: {
        answer: { type: 'string', pattern: '^([a-z][a-z0-9-]*\\.)?[a-z][a-z0-9_]*$' },
        map: { type: 'object', additionalProperties: answerValue },
        reason: { type: 'string' },
      },
    },
    default_from_goal: { enum: ['project-name'] },
    smart_defaults: { type: 'array', items: smartDefault },
    when: condition,
    required: { type: 'boolean' },
    validate: {
      type: 'object',
      additionalProperties: false,
      required: ['message'],
      properties: {
        pattern: { type: 'string' },
        min: { type: 'number' },
        max: { type: 'number' },
        integer: { type: 'boolean' },
        min_items: { type: 'integer', minimum: 0 },
        max_items: { type: 'integer', minimum: 1 },
        max_length: { type: 'integer', minimum: 1 },
        cron: { type: 'boolean' },
        message: { type: 'string', minLength: 1 },
      },
    },
  },
} as const;

export const questionBlockSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['questions'],
  properties: { questions: { type: 'array', items: questionSchema } },
} as const;

export const projectSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'questions'],
  properties: {
    title: { type: 'string' },
    description: { type: 'string' },
    data_goal_triggers: stringList,
    questions: { type: 'array', items: questionSchema, minItems: 1 },
  },
} as const;

export const frontMatterSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'title', 'description', 'plugin', 'order', 'keywords'],
  properties: {
    name: skillName,
    title: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    plugin: { type: 'string', minLength: 1 },
    order: { type: 'integer', minimum: 1 },
    dependencies: { type: 'array', items: skillName },
    keywords: {
      type: 'object',
      additionalProperties: false,
      required: ['primary'],
      properties: { primary: stringList, secondary: stringList, exclusions: stringList },
    },
    estimate_minutes: {
      type: 'array',
      items: { type: 'number', minimum: 0 },
      minItems: 2,
      maxItems: 2,
    },
  },
} as const;

const outputSpec = {
  type: 'object',
  additionalProperties: false,
  required: ['path', 'description'],
  properties: {
    path: { type: 'string', minLength: 1 },
    description: { type: 'string', minLength: 1 },
    must_contain: stringList,
  },
} as const;

export const outputsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['base_outputs'],
  properties: {
    base_outputs: { type: 'array', items: outputSpec },
    conditional_outputs: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: { type: 'array', items: outputSpec },
      },
    },
  },
} as const;

const maturityList = {
  type: 'array',
  items: { enum: ['starter', 'intermediate', 'advanced'] },
  minItems: 1,
  uniqueItems: true,
} as const;

export const blueprintSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'title', 'deliverables', 'maturity_profiles'],
  properties: {
    name: skillName,
    title: { type: 'string' },
    description: { type: 'string' },
    pass_threshold: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
    maturity_profiles: {
      type: 'object',
      additionalProperties: false,
      required: ['starter', 'intermediate', 'advanced'],
      properties: {
        starter: { type: 'string' },
        intermediate: { type: 'string' },
        advanced: { type: 'string' },
      },
    },
    deliverables: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'skill', 'files', 'maturity_required'],
        properties: {
          id: skillName,
          name: { type: 'string', minLength: 1 },
          skill: skillName,
          files: {
            type: 'array',
            minItems: 1,
            items: {
              anyOf: [
                { type: 'string', minLength: 1 },
                {
                  type: 'object',
                  additionalProperties: false,
                  required: ['path'],
                  properties: { path: { type: 'string', minLength: 1 }, when: condition },
                },
              ],
            },
          },
          checks: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['pattern', 'in'],
              properties: {
                pattern: { type: 'string', minLength: 1 },
                in: { type: 'string', minLength: 1 },
                description: { type: 'string' },
                match: { enum: ['all', 'any'] },
                when: condition,
              },
            },
          },
          maturity_required: maturityList,
          when: condition,
        },
      },
    },
  },
} as const;

const resolution = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label'],
  properties: {
    id: skillName,
    label: { type: 'string', minLength: 1 },
    set: { type: 'object', additionalProperties: answerValue },
    set_from: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['answer', 'map'],
        properties: {
          answer: { type: 'string' },
          map: { type: 'object', additionalProperties: answerValue },
        },
      },
    },
    back: skillName,
    keep: { type: 'boolean' },
    note: { type: 'string' },
  },
} as const;

export const rulesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['conflicts'],
  properties: {
    conflicts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'when', 'message', 'resolutions'],
        properties: {
          id: skillName,
          when: condition,
          message: { type: 'string', minLength: 1 },
          explanation: { type: 'string' },
          resolutions: { type: 'array', items: resolution, minItems: 1 },
        },
      },
    },
    dependencies: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'skill', 'requires', 'message'],
        properties: {
          id: skillName,
          skill: skillName,
          requires: skillName,
          message: { type: 'string', minLength: 1 },
          borrows: stringList,
        },
      },
    },
  },
} as const;
