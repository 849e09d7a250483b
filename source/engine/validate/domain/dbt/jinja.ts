import nunjucks from 'nunjucks';
import { asText } from './sql-text.js';

/**
 * dbt's Jinja, approximated with nunjucks for the DuckDB adapter. Generated projects keep to the
 * Jinja subset both engines share, so rendering here proves the templates parse and every name
 * they use exists; the functions below mimic what dbt and dbt-duckdb provide.
 */

let compatInstalled = false;

type Callable = (...args: unknown[]) => unknown;

interface ExportingTemplate {
  getExported(
    context: object,
    frame: unknown,
    callback: (error: Error | null, exported: Record<string, unknown>) => void,
  ): void;
}

/** Keyword arguments arrive from nunjucks as a trailing object flagged `__keywords`. */
export function splitArguments(args: readonly unknown[]): {
  positional: unknown[];
  keywords: Record<string, unknown>;
} {
  const last = args[args.length - 1];
  if (
    typeof last === 'object' &&
    last !== null &&
    (last as { __keywords?: boolean }).__keywords === true
  ) {
    const { __keywords: _flag, ...keywords } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: [...args], keywords: {} };
}

export class RenderError extends Error {
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

/**
 * nunjucks prefixes messages with "(unknown path) [Line 3, Column 5]"; keep the line, drop the
 * noise. Its runtime call errors count lines from 0 (and leave out line 0), the others from 1.
 */
function toRenderError(error: unknown): RenderError {
  const text = error instanceof Error ? error.message : String(error);
  const position = /\[Line (\d+), Column \d+\]/.exec(text);
  const isZeroBased = /Unable to call/.test(text);
  const line = position ? Number(position[1]) + (isZeroBased ? 1 : 0) : isZeroBased ? 1 : undefined;
  const message = text
    .replace(/\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/g, '')
    .replace(/^\s*(Template render error:\s*)?(Error: )?/gm, '')
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
  return new RenderError(message, line);
}

/** The mutable per-render state: what the template being rendered sees as ref, config, this, … */
export interface RenderScope {
  ref: Callable;
  source: Callable;
  config: Callable & { get: Callable };
  this: unknown;
  is_incremental: Callable;
  model: unknown;
}

export class DbtJinja {
  readonly env: nunjucks.Environment;
  readonly macros = new Map<string, Callable>();
  private scope: RenderScope | undefined;

  constructor(globals: Record<string, unknown>) {
    if (!compatInstalled) {
      nunjucks.installJinjaCompat();
      compatInstalled = true;
    }
    this.env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
    for (const [name, value] of Object.entries(globals)) this.env.addGlobal(name, value);
    this.env.addFilter('as_number', (value: unknown) => Number(value));
    this.env.addFilter(
      'as_bool',
      (value: unknown) => value === true || String(value).toLowerCase() === 'true',
    );
    this.env.addFilter('as_text', (value: unknown) => String(value));
    this.env.addFilter('as_native', (value: unknown) => value);
    // Per-render names resolve through the current scope, so macros see the model being rendered.
    const scoped =
      (name: keyof RenderScope) =>
      (...args: unknown[]) => {
        const value = this.requireScope()[name];
        if (typeof value !== 'function') throw new Error(`${name} is not callable here`);
        return (value as Callable)(...args);
      };
    this.env.addGlobal('ref', scoped('ref'));
    this.env.addGlobal('source', scoped('source'));
    this.env.addGlobal('is_incremental', scoped('is_incremental'));
    const config = Object.assign((...args: unknown[]) => this.requireScope().config(...args), {
      get: (...args: unknown[]) => this.requireScope().config.get(...args),
    });
    this.env.addGlobal('config', config);
  }

  private requireScope(): RenderScope {
    if (!this.scope)
      throw new Error('ref, source, config and is_incremental exist only while rendering a model');
    return this.scope;
  }

  /** Compiles a macro file and registers its macros globally, as dbt does for macros/*.sql. */
  loadMacros(text: string): void {
    let template: ExportingTemplate;
    try {
      template = nunjucks.compile(text, this.env) as unknown as ExportingTemplate;
    } catch (error) {
      throw toRenderError(error);
    }
    const outcome: { error: Error | null; exported: Record<string, unknown> } = {
      error: null,
      exported: {},
    };
    try {
      template.getExported({}, null, (error, result) => {
        outcome.error = error;
        outcome.exported = result;
      });
    } catch (error) {
      throw toRenderError(error);
    }
    if (outcome.error) throw toRenderError(outcome.error);
    for (const [name, value] of Object.entries(outcome.exported)) {
      if (typeof value !== 'function') continue;
      this.macros.set(name, value as Callable);
      this.env.addGlobal(name, value);
    }
  }

  /** Renders a template; names the template needs but dbt would not give it throw a RenderError. */
  render(text: string, scope?: RenderScope, locals: Record<string, unknown> = {}): string {
    const previous = this.scope;
    if (scope) {
      this.scope = scope;
      this.env.addGlobal('this', scope.this);
      this.env.addGlobal('model', scope.model);
    }
    try {
      return this.env.renderString(text, locals);
    } catch (error) {
      throw toRenderError(error);
    } finally {
      this.scope = previous;
    }
  }
}

/** `adapter.dispatch(name, namespace)`: `duckdb__name`, then `default__name`, as dbt-duckdb resolves. */
export function dispatcher(
  jinja: () => DbtJinja,
  builtins: Record<string, Callable>,
): { dispatch: Callable } {
  return {
    dispatch: (...args: unknown[]) => {
      const { positional, keywords } = splitArguments(args);
      const name = asText(positional[0] ?? keywords.macro_name ?? '');
      const namespace = positional[1] ?? keywords.macro_namespace;
      const macros = jinja().macros;
      const found = macros.get(`duckdb__${name}`) ?? macros.get(`default__${name}`);
      if (found) return found;
      if (namespace === 'dbt' || namespace === undefined) {
        const builtin = builtins[name];
        if (builtin) return builtin;
      }
      throw new Error(
        `adapter.dispatch('${name}') finds neither duckdb__${name} nor default__${name}`,
      );
    },
  };
}
