import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { errorAt, type PathSegment, type YamlSource } from './yaml-source.js';
import type { LoadError } from './types.js';

let ajv: Ajv | undefined;
const compiled = new Map<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  ajv ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/**
 * Validates `data` (the JS value of `source` at `basePath`) against `schema` and turns each
 * complaint into a LoadError that names the file, line and field.
 */
export function checkSchema(
  source: YamlSource,
  data: unknown,
  schema: object,
  basePath: readonly PathSegment[] = [],
): LoadError[] {
  const validate = validatorFor(schema);
  if (validate(data)) return [];
  return simplify(validate.errors ?? []).map((error) => {
    const path = [...basePath, ...pointerToPath(error.instancePath)];
    if (error.keyword === 'additionalProperties') {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      return errorAt(source, path, `unknown field "${key}"`, key);
    }
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return errorAt(source, path, `missing required field "${missing}"`);
    }
    return errorAt(source, path, describe(error));
  });
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
    return `must be one of ${allowed.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return error.message ?? 'is invalid';
}

/**
 * anyOf failures report every branch; keep the most specific complaint per location so the
 * message says what to fix instead of listing every alternative.
 */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const result: ErrorObject[] = [];
  for (const list of byPath.values()) {
    const specific = list.filter((error) => error.keyword !== 'anyOf' && error.keyword !== 'type');
    const typeErrors = list.filter((error) => error.keyword === 'type');
    if (specific.length === 0 && typeErrors.length > 1) {
      // Several alternatives failed on type: report one complaint naming every accepted type.
      const types = typeErrors.map((error) => (error.params as { type: string }).type);
      const first = typeErrors[0];
      if (first)
        result.push({ ...first, message: `must be a ${[...new Set(types)].join(' or ')}` });
      continue;
    }
    const chosen = specific.length > 0 ? specific : list.filter((e) => e.keyword !== 'anyOf');
    const seen = new Set<string>();
    for (const error of chosen.length > 0 ? chosen : list) {
      const signature = `${error.keyword}:${JSON.stringify(error.params)}`;
      if (seen.has(signature)) continue;
      seen.add(signature);
      result.push(error);
    }
  }
  // Deeper paths first: a complaint about a field beats one about its parent.
  return result.sort((a, b) => b.instancePath.length - a.instancePath.length);
}

function pointerToPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
