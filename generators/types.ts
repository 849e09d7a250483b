import type { ProjectModel } from '../source/engine/model/types.js';

/**
 * A generator: one per skill plus `project` for the chain-level files. It lists the files it
 * produces for a model; the engine turns each into a node-plop action of a custom type that
 * writes into the in-memory editor (nothing touches disk before the user accepts the diff).
 *
 * Structured files (YAML, JSON) are built as objects and serialized by the action, never pasted
 * together as text (DESIGN §3). Text files (SQL, Python, Markdown, …) are rendered by template
 * functions that use the escaping helpers in `shared/`.
 */
export interface GeneratorDefinition {
  /** `project` or a skill name: the generator runs when its skill is in the chain. */
  name: string;
  description: string;
  files(model: ProjectModel): FileSpec[];
  /** Services, make targets, README sections and next steps for the shared files. */
  contributions?(model: ProjectModel): Contributions;
}

export type FileSpec = TextFileSpec | YamlFileSpec | JsonFileSpec;

interface BaseFileSpec {
  /** Relative to the project root, forward slashes. */
  path: string;
  /** Mark the file executable (scripts). */
  isExecutable?: boolean;
}

export interface TextFileSpec extends BaseFileSpec {
  kind: 'text';
  /** Async when the text needs a real engine (the plans DuckDB captures for optimizing-sql). */
  render: () => string | Promise<string>;
}

export interface YamlFileSpec extends BaseFileSpec {
  kind: 'yaml';
  data: () => unknown;
  /** Comment lines written above the document (without the leading '# '). */
  header?: string[];
  /** Several documents separated by '---' (Kubernetes manifests). */
  isMultiDocument?: boolean;
}

export interface JsonFileSpec extends BaseFileSpec {
  kind: 'json';
  data: () => unknown;
}

export type { ProjectModel };
export type {
  Column,
  Entity,
  EnvVar,
  LogicalType,
  ModelFlags,
  Topic,
  Warehouse,
} from '../source/engine/model/types.js';

/**
 * What a generator adds to the files the chain shares: the local stack, the Makefile, the README
 * and the final summary. The `project` generator assembles them, so each skill owns its services,
 * targets and next steps without knowing about the others.
 */
export interface Contributions {
  /** docker-compose services by name (the compose-spec object of each service). */
  composeServices?: Record<string, Record<string, unknown>>;
  /** Named volumes the services use. */
  composeVolumes?: string[];
  makeTargets?: MakeTarget[];
  /** The key files of this skill, one line each (README and the final summary). */
  keyFiles?: { path: string; description: string }[];
  /** Exact commands, in the order a newcomer runs them. */
  nextSteps?: { title: string; command: string }[];
  /** Lines for `.gitignore`. */
  gitignore?: string[];
  /** Python requirements (pip specifiers) for requirements.txt and the workbench image. */
  pythonRequirements?: string[];
  /** Sections of the README, in chain order. */
  readmeSections?: { title: string; body: string }[];
  /** Troubleshooting entries for docs/runbook.md. */
  runbook?: { title: string; body: string }[];
  /** Kubernetes manifests this skill writes under k8s/ (paths relative to k8s/), for kustomization.yaml. */
  kustomizeResources?: string[];
}

export interface MakeTarget {
  name: string;
  help: string;
  commands: string[];
  dependsOn?: string[];
}
