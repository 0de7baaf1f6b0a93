import { z } from 'zod';
import { api, API_VERSION } from '../../shared/api';
import type { Endpoint } from '../../shared/api/endpoint';
import { OAuthErrorSchema } from '../../shared/api/oauth';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../../shared/api/problem';
import { FORM_CONTENT_TYPE } from './requestBody';

type JsonSchema = Record<string, unknown>;

/** The statuses any endpoint may answer, by who may call it. */
const COMMON_ERRORS = [400, 500] as const;
const SIGNED_IN_ERRORS = [401, 403] as const;
const BODY_ERRORS = [413, 415] as const;

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'Done; no body',
  400: 'The request is not valid: `field` names the input',
  401: 'No valid bearer token, or a wrong username or password',
  403: 'The account may not do this (the detail names the permission), or it is disabled',
  404: 'No such resource',
  405: 'The path does not take this method (see Allow)',
  409: 'A conflicting change: a name taken, the last administrator, an Idempotency-Key reused',
  412: 'If-Match named another version: `currentVersion` says which is current',
  413: 'The body is over the size limit',
  415: 'The body is not application/json',
  429: 'Too many failed sign-ins from this address (`retryAfter`)',
  500: 'The server failed',
};

const OAUTH_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'invalid_request, invalid_grant (a wrong password, a dead or replayed refresh token) or unsupported_grant_type',
  401: 'invalid_token: no valid bearer token',
  403: 'insufficient_scope: the role may not do this',
  429: 'temporarily_unavailable: too many failed sign-ins from this address (Retry-After)',
  500: 'The server failed',
};

/**
 * The OpenAPI 3.1 document of the REST API, generated from the same endpoint declarations the
 * router validates with (zod's JSON Schema output), so it cannot drift from what the server does.
 */
export function openApiDocument(info: { name: string; version: string }) {
  const components: Record<string, JsonSchema> = {};

  /** A schema as JSON Schema 2020-12; named schemas (zod `.meta({ id })`) go to components. */
  const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const { $defs, ...root } = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    // The document's dialect (OpenAPI 3.1's JSON Schema 2020-12) applies; a $schema per schema is noise.
    delete root.$schema;
    for (const [id, definition] of Object.entries($defs ?? {})) components[id] = refs(definition);
    const id = z.globalRegistry.get(schema)?.id;
    if (id === undefined) return refs(root);
    // A named schema comes back as a reference to its own $defs entry, already in components.
    if (root.$ref !== `#/$defs/${id}`) components[id] = refs(root);
    return { $ref: `#/components/schemas/${id}` };
  };

  const problem = () => ({
    content: { [PROBLEM_CONTENT_TYPE]: { schema: schemaOf(ProblemSchema, 'output') } },
  });
  const oauthError = () => ({
    content: { 'application/json': { schema: schemaOf(OAuthErrorSchema, 'output') } },
  });

  const operation = (operationId: string, endpoint: Endpoint) => {
    const parameters = [
      ...parametersOf(endpoint.params, 'path', schemaOf),
      ...parametersOf(endpoint.query, 'query', schemaOf),
      ...(endpoint.versioned && endpoint.method !== 'GET'
        ? [header('If-Match', 'Apply only if the resource is still at this ETag (from a GET).')]
        : []),
      ...(endpoint.idempotent
        ? [header('Idempotency-Key', 'Sent again within 24 hours, the same key answers the first result.')]
        : []),
    ];
    const success: Record<string, unknown> = {
      description: endpoint.file?.description ?? DESCRIPTIONS[endpoint.status],
    };
    if (endpoint.response)
      success.content = { 'application/json': { schema: schemaOf(endpoint.response, 'output') } };
    if (endpoint.file)
      success.content = Object.fromEntries(
        endpoint.file.mediaTypes.map((mediaType) => [mediaType, { schema: { type: 'string' } }]),
      );
    const shape = endpoint.response instanceof z.ZodObject ? endpoint.response.shape : {};
    const headers = {
      ...(endpoint.versioned && 'version' in shape
        ? { ETag: { description: 'The version of the resource', schema: { type: 'string' } } }
        : {}),
      ...(endpoint.status === 201 && 'id' in shape
        ? { Location: { description: 'The path of the new resource', schema: { type: 'string' } } }
        : {}),
      ...(endpoint.file
        ? {
            'Content-Disposition': {
              description: 'attachment, with the file name',
              required: true,
              schema: { type: 'string' },
            },
          }
        : {}),
    };
    if (Object.keys(headers).length > 0) success.headers = headers;
    const oauth = endpoint.format === 'oauth';
    const errors = new Set<number>([
      ...COMMON_ERRORS,
      ...(endpoint.permission === 'public' ? [] : SIGNED_IN_ERRORS),
      // An OAuth endpoint refuses a wrong or oversized body as invalid_request (400).
      ...(endpoint.body && !oauth ? BODY_ERRORS : []),
      ...(endpoint.errors ?? []),
    ]);
    return {
      operationId,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      ...(endpoint.permission === 'public' ? { security: [] } : {}),
      'x-roster-permission': endpoint.permission,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(endpoint.body
        ? {
            requestBody: {
              required: endpoint.bodyOptional !== true,
              content: {
                [oauth ? FORM_CONTENT_TYPE : 'application/json']: {
                  schema: schemaOf(endpoint.body, 'input'),
                },
              },
            },
          }
        : {}),
      responses: {
        [String(endpoint.status)]: success,
        ...Object.fromEntries(
          [...errors]
            .sort((a, b) => a - b)
            .map((status): [string, object] => [
              String(status),
              oauth
                ? { description: OAUTH_DESCRIPTIONS[status] ?? 'Error', ...oauthError() }
                : { description: DESCRIPTIONS[status] ?? 'Error', ...problem() },
            ]),
        ),
      },
    };
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, endpoint] of Object.entries(api) as [string, Endpoint][])
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation(operationId, endpoint);

  return {
    openapi: '3.1.1',
    info: {
      title: `${info.name} REST API`,
      version: `${info.version} (API ${API_VERSION})`,
      description:
        'The users, groups and audit log of one Roster instance. JSON in and out (the exports answer CSV or JSON Lines); errors are RFC 9457 problem details. ' +
        'Single resources carry an ETag; writes take If-Match and answer 412 when stale. ' +
        'Creates take an Idempotency-Key. After a password reset, the account may only change its password ' +
        '(PUT /api/me/password): every other call answers 403 with the code PASSWORD_CHANGE_REQUIRED.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'Service' },
      { name: 'Sign-in' },
      { name: 'OAuth' },
      { name: 'Self-service' },
      { name: 'Users' },
      { name: 'Groups' },
      { name: 'Tokens' },
      { name: 'Settings' },
      { name: 'Audit' },
    ],
    paths,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An access token from POST /api/auth/token, or a user’s generated API token',
        },
      },
      schemas: components,
    },
  };
}

function header(name: string, description: string) {
  return { name, in: 'header', required: false, description, schema: { type: 'string' } };
}

/** One parameter per property of an object schema of the path or the query. */
function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  schemaOf: (schema: z.ZodType, io: 'input') => JsonSchema,
) {
  if (!schema) return [];
  const object = schemaOf(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/** zod names its definitions under #/$defs; in OpenAPI they live under #/components/schemas. */
function refs(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
}
