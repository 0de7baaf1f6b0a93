import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document the contract tests read. */
export interface MediaType {
  schema?: unknown;
}
export interface ResponseObject {
  description?: string;
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
  content?: Record<string, MediaType>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: unknown;
}
export interface Operation {
  operationId: string;
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, ResponseObject>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
}

export interface LocatedOperation {
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document by its operationId (a duplicate id throws). */
export function operationsOf(doc: OpenApiDocument): Map<string, LocatedOperation> {
  const found = new Map<string, LocatedOperation>();
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      if (found.has(operation.operationId))
        throw new Error(`The operationId ${operation.operationId} is used twice.`);
      found.set(operation.operationId, { method: method.toUpperCase(), path, operation });
    }
  return found;
}

/** `application/problem+json; charset=utf-8` → `application/problem+json`. */
export const mediaTypeOf = (contentType: string | null): string =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

const COMPONENT_REF = '#/components/schemas/';

/** Every `$ref` string anywhere under `value`. */
function refsIn(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, into);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') into.push(item);
      else refsIn(item, into);
    }
  return into;
}

/**
 * What is wrong with the document's schema references: a `$ref` to a component that does not
 * exist, a ref outside `#/components/schemas/`, or a component that is only a chain of `$ref`s
 * leading back to itself (a schema that never says anything, and that a validator cannot compile).
 */
export function referenceProblems(doc: OpenApiDocument): string[] {
  const schemas = doc.components?.schemas ?? {};
  const problems: string[] = [];
  for (const ref of new Set(refsIn(doc.paths).concat(refsIn(schemas)))) {
    if (!ref.startsWith(COMPONENT_REF)) problems.push(`${ref}: not a component schema`);
    else if (!(ref.slice(COMPONENT_REF.length) in schemas)) problems.push(`${ref}: no such component`);
  }
  for (const name of Object.keys(schemas)) {
    const seen = new Set<string>();
    let current: string | undefined = name;
    while (current !== undefined) {
      if (seen.has(current)) {
        problems.push(`components.schemas.${name} is only a $ref cycle (${[...seen, current].join(' → ')})`);
        break;
      }
      seen.add(current);
      const schema = schemas[current] as Record<string, unknown> | undefined;
      const ref = schema?.$ref;
      // A schema that is a bare $ref to another component: follow it.
      current =
        schema && typeof ref === 'string' && ref.startsWith(COMPONENT_REF) && Object.keys(schema).length === 1
          ? ref.slice(COMPONENT_REF.length)
          : undefined;
    }
  }
  return problems;
}

const DOCUMENT_ID = 'openapi.json';

/**
 * Ajv (JSON Schema 2020-12, OpenAPI 3.1's dialect) over the document's schemas: the components go
 * in once under the id `openapi.json`, and an operation's schema has its `#/components/…` refs
 * pointed there.
 */
export function schemaValidator(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOCUMENT_ID, components: doc.components ?? {} });
  const compiled = new Map<string, ValidateFunction>();

  const compile = (schema: unknown): ValidateFunction => {
    const text = JSON.stringify(schema).replaceAll(`"${COMPONENT_REF}`, `"${DOCUMENT_ID}${COMPONENT_REF}`);
    let validate = compiled.get(text);
    if (!validate) {
      validate = ajv.compile(JSON.parse(text) as object);
      compiled.set(text, validate);
    }
    return validate;
  };

  /** The errors of `value` against `schema`, or [] when it is valid. */
  return (schema: unknown, value: unknown): string[] => {
    let validate: ValidateFunction;
    try {
      validate = compile(schema);
    } catch (error) {
      return [`the schema does not compile: ${error instanceof Error ? error.message : String(error)}`];
    }
    try {
      if (validate(value)) return [];
    } catch (error) {
      return [`the schema cannot be applied: ${error instanceof Error ? error.message : String(error)}`];
    }
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(root)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
    );
  };
}
export type SchemaCheck = ReturnType<typeof schemaValidator>;
