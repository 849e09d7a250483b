/**
 * The catalogue: skills, their questions and outputs, the chain-level questions, blueprints and
 * rules, as loaded from `skills/` and validated. Everything downstream (matching, the workflow,
 * rules, generation, validation) reads these types and never the raw files.
 */

export type AnswerScalar = string | number | boolean;
export type AnswerValue = AnswerScalar | string[];

/** `project` for chain-level questions, otherwise a skill name. */
export type SectionId = string;
/** `<section>.<question>`, e.g. `streaming-data.broker` or `project.cloud`. */
export type AnswerKey = string;

export type Matcher =
  | AnswerScalar
  | AnswerScalar[]
  | {
      in?: AnswerScalar[];
      not_in?: AnswerScalar[];
      includes?: AnswerScalar;
      excludes?: AnswerScalar;
    };

/**
 * A condition on answers (and on the chain through the `$chain` key). Keys other than
 * `all`/`any`/`not` are answer keys; every entry must hold. After loading, every answer key is
 * qualified (`section.question`).
 */
export interface Condition {
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
  [answerKey: string]: Matcher | Condition | Condition[] | undefined;
}

export type QuestionType = 'select' | 'multiselect' | 'text' | 'number' | 'confirm' | 'list';

export interface QuestionOption {
  value: string;
  label: string;
  description: string;
  /** Goal phrases that make this option the default ("kinesis" → broker = kinesis). */
  goalKeywords: string[];
  /** Phrases that, when present around the match, cancel it ("snowflake schema"). */
  goalUnless: string[];
}

/** A default chosen from the goal's words or from earlier answers, with the reason to show. */
export interface SmartDefault {
  value: AnswerValue;
  reason: string;
  /** Any of these goal phrases. */
  anyOf: string[];
  /** Every group must have one phrase in the goal. */
  allOf: string[][];
  /** A condition on earlier answers. */
  when?: Condition;
}

export interface DefaultFrom {
  answer: AnswerKey;
  /** Maps the other answer to this question's default; absent = use the other answer as is. */
  map?: Record<string, AnswerValue>;
  reason: string;
}

export interface QuestionValidation {
  pattern?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  cron?: boolean;
  message: string;
}

export interface Question {
  id: string;
  key: AnswerKey;
  section: SectionId;
  prompt: string;
  help: string;
  type: QuestionType;
  options: QuestionOption[];
  default: AnswerValue | undefined;
  defaultFrom?: DefaultFrom;
  /** Derives the default from the goal text by a named deriver (e.g. `project-name`). */
  defaultFromGoal?: string;
  smartDefaults: SmartDefault[];
  when?: Condition;
  validate?: QuestionValidation;
  required: boolean;
}

export interface SkillKeywords {
  primary: string[];
  secondary: string[];
  exclusions: string[];
}

export interface Section {
  id: SectionId;
  title: string;
  description: string;
  questions: Question[];
}

export interface Skill extends Section {
  name: string;
  plugin: string;
  order: number;
  dependencies: string[];
  keywords: SkillKeywords;
  estimateMinutes: [number, number];
  /** The human guide from SKILL.md (markdown), shown on demand in the question pane. */
  guide: string;
  outputs: SkillOutputs;
  /** Where the skill was read from, for error messages. */
  file: string;
}

export interface OutputSpec {
  path: string;
  description: string;
  /** Regular expressions (JavaScript syntax, matched case-insensitively). */
  mustContain: string[];
}

export interface SkillOutputs {
  base: OutputSpec[];
  /** dimension (an answer key) → answer value → outputs required when the answer has that value. */
  conditional: { dimension: AnswerKey; value: string; outputs: OutputSpec[] }[];
}

export type Maturity = 'starter' | 'intermediate' | 'advanced';
export const MATURITIES: readonly Maturity[] = ['starter', 'intermediate', 'advanced'];

export interface DeliverableFile {
  path: string;
  when?: Condition;
}

export interface DeliverableCheck {
  pattern: string;
  in: string;
  description: string;
  /** `all` (default): every file matched by `in` must contain the pattern; `any`: one must. */
  match: 'all' | 'any';
  when?: Condition;
}

export interface Deliverable {
  id: string;
  name: string;
  /** A skill name, or `chain` for deliverables every project has. */
  skill: string;
  files: DeliverableFile[];
  checks: DeliverableCheck[];
  maturityRequired: Maturity[];
  when?: Condition;
}

export interface Blueprint {
  name: string;
  title: string;
  description: string;
  passThreshold: number;
  maturityProfiles: Record<Maturity, string>;
  deliverables: Deliverable[];
  file: string;
}

export interface ResolutionSetFrom {
  answer: AnswerKey;
  map: Record<string, AnswerValue>;
}

export interface Resolution {
  id: string;
  label: string;
  set: Record<AnswerKey, AnswerValue>;
  setFrom: Record<AnswerKey, ResolutionSetFrom>;
  back?: string;
  keep: boolean;
  note?: string;
}

export interface ConflictRule {
  id: string;
  when: Condition;
  message: string;
  explanation: string;
  resolutions: Resolution[];
}

export interface DependencyRule {
  id: string;
  skill: string;
  requires: string;
  message: string;
  borrows: AnswerKey[];
}

export interface Rules {
  conflicts: ConflictRule[];
  dependencies: DependencyRule[];
  file: string;
}

export interface SkillLoadFailure {
  /** The skill folder name, or the file for non-skill data. */
  name: string;
  errors: LoadError[];
}

export interface LoadError {
  file: string;
  line: number;
  column: number;
  /** A path such as `questions[2].type`. */
  field: string;
  message: string;
}

export interface Catalogue {
  project: Section;
  skills: Skill[];
  blueprints: Blueprint[];
  rules: Rules;
  /** Words that mark a goal as a data-engineering goal even when no skill matched. */
  dataGoalTriggers: string[];
  /** Skills (and other files) that failed to load; the rest still work. */
  failures: SkillLoadFailure[];
  root: string;
}

export const PROJECT_SECTION: SectionId = 'project';

export function formatLoadError(error: LoadError): string {
  const where = error.line > 0 ? `${error.file}:${error.line}:${error.column}` : error.file;
  return error.field ? `${where}: ${error.field}: ${error.message}` : `${where}: ${error.message}`;
}
