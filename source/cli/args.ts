import { parseArgs } from 'node:util';

/**
 * The command line of DESIGN §2, parsed with node:util (no dependency, nothing to load before
 * `--version` answers).
 */
export type Command =
  | { kind: 'generate'; goal: string | undefined; options: GenerateOptions }
  | { kind: 'update'; dir: string; options: GenerateOptions }
  | { kind: 'validate'; dir: string; isJson: boolean; isFix: boolean; isYes: boolean }
  | { kind: 'skills'; isJson: boolean }
  | { kind: 'recover'; dir: string }
  | { kind: 'help'; topic?: Subcommand }
  | { kind: 'version' };

type Subcommand = 'validate' | 'update' | 'skills' | 'recover';

export interface GenerateOptions {
  isYes: boolean;
  answersFile?: string;
  set: string[];
  skills?: string[];
  maturity?: string;
  out?: string;
  isDryRun: boolean;
  isJson: boolean;
  isStrict: boolean;
  isForce: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const SUBCOMMANDS: ReadonlySet<string> = new Set<Subcommand>([
  'validate',
  'update',
  'skills',
  'recover',
]);

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        yes: { type: 'boolean', short: 'y' },
        answers: { type: 'string', short: 'a' },
        set: { type: 'string', multiple: true, short: 's' },
        skills: { type: 'string' },
        maturity: { type: 'string', short: 'm' },
        out: { type: 'string', short: 'o' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        force: { type: 'boolean' },
        fix: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nRun \`skillchain --help\` for the options.`,
    );
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  if (values.help)
    return first !== undefined && SUBCOMMANDS.has(first)
      ? { kind: 'help', topic: first as Subcommand }
      : { kind: 'help' };
  if (values.version) return { kind: 'version' };

  if (first !== undefined && SUBCOMMANDS.has(first)) {
    if (rest.length > 1)
      throw new UsageError(`${first} takes at most one folder, got: ${rest.join(' ')}`);
    const dir = rest[0] ?? '.';
    switch (first) {
      case 'validate':
        return {
          kind: 'validate',
          dir,
          isJson: values.json === true,
          isFix: values.fix === true,
          isYes: values.yes === true,
        };
      case 'skills':
        if (rest.length > 0) throw new UsageError('skills takes no arguments');
        return { kind: 'skills', isJson: values.json === true };
      case 'recover':
        return { kind: 'recover', dir };
      case 'update':
        return { kind: 'update', dir, options: generateOptions(values) };
    }
  }
  if (values.fix) throw new UsageError('--fix belongs to `skillchain validate DIR --fix`');
  const goal = positionals.join(' ').trim();
  return {
    kind: 'generate',
    goal: goal === '' ? undefined : goal,
    options: generateOptions(values),
  };
}

function generateOptions(
  values: Record<string, string | boolean | string[] | undefined>,
): GenerateOptions {
  const maturity = values.maturity as string | undefined;
  if (maturity !== undefined && !['starter', 'intermediate', 'advanced'].includes(maturity)) {
    throw new UsageError(`--maturity must be starter, intermediate or advanced, got "${maturity}"`);
  }
  const set = (values.set as string[] | undefined) ?? [];
  for (const item of set) {
    if (!/^[a-z][a-z0-9-]*\.[a-z][a-z0-9_]*=/.test(item)) {
      throw new UsageError(
        `--set takes skill.question=value (e.g. --set streaming-data.broker=kinesis), got "${item}"`,
      );
    }
  }
  const skills =
    typeof values.skills === 'string'
      ? values.skills
          .split(',')
          .map((name) => name.trim())
          .filter((name) => name !== '')
      : undefined;
  if (skills?.length === 0)
    throw new UsageError('--skills needs at least one skill name (see `skillchain skills`)');
  const options: GenerateOptions = {
    isYes: values.yes === true,
    set,
    isDryRun: values['dry-run'] === true,
    isJson: values.json === true,
    isStrict: values.strict === true,
    isForce: values.force === true,
  };
  if (typeof values.answers === 'string') options.answersFile = values.answers;
  if (skills) options.skills = skills;
  if (maturity) options.maturity = maturity;
  if (typeof values.out === 'string') options.out = values.out;
  return options;
}

/** `skillchain SUBCOMMAND --help`. */
export const SUBCOMMAND_HELP: Readonly<Record<Subcommand, string>> = {
  validate: `skillchain validate [DIR] [--json] [--fix]

Validates a project skillchain generated (default: the current folder): the deliverables of
its maturity, the outputs of each skill, and the domain checks on the files themselves (dbt
models built on DuckDB, Kubernetes objects, compose, topics, Avro, DDL, no secrets).

      --json    the validation tree as JSON
      --fix     generate what is missing (deliverables, outputs, and generated files that
                were deleted) through the same engine, then validate again

Exit codes: 0 at or above the bar with every check passing, 1 below the bar or a failed check,
2 not a skillchain project or bad input.
`,
  update: `skillchain update [DIR] [options]

Re-runs the generators with the answers stored in DIR/.skillchain/answers.yaml (default: the
current folder). Files you edited are kept or merged; new questions take their defaults (or
are asked, in a terminal). Takes the options of a goal run: --set, --skills, --maturity,
--dry-run, --json, --strict, --force, --yes.
`,
  skills: `skillchain skills [--json]

Lists every skill with its keywords, dependencies, questions and options, as loaded from
skills/ (a skill that fails to load is reported with its file, line and field).
`,
  recover: `skillchain recover [DIR]

Finishes or rolls back a write that was interrupted (power loss, kill -9), from the journal in
DIR/.skillchain/transaction (default: the current folder). Files are restored to what they
were before the write began.
`,
};

export const HELP = `skillchain: scaffold a data-engineering project from a goal

Usage
  skillchain [GOAL]                    the full-screen dashboard (asks for the goal if none)
  skillchain GOAL --yes                every question takes its default; no prompts
  skillchain GOAL --answers FILE       answers from a YAML file (asks only what is missing)
  skillchain validate [DIR] [--json]   the validation tree of a generated project
  skillchain validate [DIR] --fix      generate what is missing (headless, with --yes)
  skillchain update [DIR]              re-run with the answers stored in DIR/.skillchain
  skillchain skills [--json]           list the skills, their keywords and questions
  skillchain recover [DIR]             roll back a write that was interrupted

Options
  -y, --yes                 take every default; resolve conflicts with the recommended choice
  -a, --answers FILE        read answers (and optionally goal and chain) from FILE
  -s, --set skill.key=V     set one answer, e.g. --set streaming-data.broker=kinesis (repeatable)
      --skills a,b,c        use this chain instead of matching the goal
  -m, --maturity LEVEL      starter | intermediate | advanced
  -o, --out DIR             target folder (default: ./<project name>)
      --dry-run             stage and show the changes; write nothing
      --json                machine-readable output (the plan with --dry-run, the tree with validate)
      --strict              an unresolved conflict is an error instead of taking the recommendation
      --force               also overwrite files you edited (conflicts) when writing headless
  -h, --help                this help
  -v, --version             the version

Without a terminal (piped, CI) skillchain never prompts: pass --yes or --answers to write.
Exit codes: 0 success, 1 validation below the bar or a conflict left unresolved (--strict),
2 usage or input error. NO_COLOR turns colours off.

Examples
  skillchain "stream clickstream events from kafka into snowflake and model them with dbt"
  skillchain "nightly etl of orders into postgres" --yes --out ./orders --maturity starter
  skillchain "cdc from postgres" --dry-run --json --set streaming-data.cdc=debezium-postgres
  skillchain validate ./orders --json
`;
