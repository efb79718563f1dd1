import { z } from 'zod';
import type { Operation } from '../operations/registry.ts';
import { acceptsUpload, pathParams } from './request-input.ts';

export type JsonSchema = Record<string, unknown>;

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
  style?: 'form';
  explode?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, unknown>;
}

export type HttpMethodKey = 'get' | 'post' | 'patch' | 'put' | 'delete';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: { url: string }[];
  paths: Record<string, Partial<Record<HttpMethodKey, OpenApiOperation>>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown> };
}

/** A route the server adds by hand (such as the multipart upload), described for the document. */
export interface ExtraRoute {
  method: HttpMethodKey;
  path: string;
  operation: OpenApiOperation;
}

/** `person.add` → `personAdd`: one stable operationId per operation. */
export function operationId(name: string): string {
  return name.replace(/[._-](\w)/g, (_, c: string) => c.toUpperCase());
}

/** The input side of a schema as JSON Schema 2020-12; transforms show what the client sends. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  delete json.$schema;
  return json;
}

const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: {
          type: 'string',
          description:
            'invalid_input 400, unauthorized 401, forbidden 403, not_found 404, method_not_allowed 405, conflict 409, not_initialized 409, too_large 413, unsupported_media_type 415, ambiguous 422, internal 500, database_* 503',
        },
        message: { type: 'string', description: 'A sentence for people, naming the field and value' },
        field: { type: 'string', description: 'The input field (or header) the error is about' },
        details: {
          description:
            'More about the error: every validation issue, or the candidates of an ambiguous reference',
        },
      },
    },
  },
};

const errorResponse = { $ref: '#/components/responses/Error' };

/** Describes one operation for the document: path and query parameters, or a JSON body. */
function describeOperation(op: Operation): OpenApiOperation {
  const http = op.http!;
  const schema = inputJsonSchema(op.input);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const inPath = pathParams(http.path);
  const parameters: OpenApiParameter[] = inPath.map((name) => ({
    name,
    in: 'path',
    required: true,
    ...(typeof properties[name]?.description === 'string'
      ? { description: properties[name].description as string }
      : {}),
    schema: properties[name] ?? { type: 'string' },
  }));
  const rest = Object.entries(properties).filter(([name]) => !inPath.includes(name));
  const described: OpenApiOperation = {
    operationId: operationId(op.name),
    summary: op.summary,
    tags: [op.name.split('.')[0]!],
    responses: {
      '200': http.download
        ? {
            description: 'The file, as an attachment',
            content: Object.fromEntries(
              http.download.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }]),
            ),
          }
        : { description: 'The operation’s result', content: { 'application/json': { schema: {} } } },
      '400': errorResponse,
      default: errorResponse,
    },
  };
  if (http.method === 'GET' || http.method === 'DELETE') {
    for (const [name, s] of rest) {
      parameters.push({
        name,
        in: 'query',
        required: required.has(name),
        ...(typeof s.description === 'string' ? { description: s.description } : {}),
        schema: s,
        ...(s.type === 'array' ? { style: 'form' as const, explode: true } : {}),
      });
    }
  } else {
    const bodyRequired = rest.filter(([name]) => required.has(name)).map(([name]) => name);
    described.requestBody = {
      required: bodyRequired.length > 0,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            properties: Object.fromEntries(rest),
            ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}),
            additionalProperties: false,
          },
        },
      },
    };
    if (acceptsUpload(op)) {
      // The same input as a form: the file travels as a binary part instead of base64 in `content`.
      const formFields = rest
        .filter(([name]) => name !== 'content')
        .map(([name, s]): [string, JsonSchema] =>
          name === 'file'
            ? [
                name,
                {
                  type: 'string',
                  contentMediaType: 'application/octet-stream',
                  description: 'The file to upload',
                },
              ]
            : [name, s],
        );
      described.requestBody.content['multipart/form-data'] = {
        schema: {
          type: 'object',
          properties: Object.fromEntries(formFields),
          ...(bodyRequired.length > 0 ? { required: bodyRequired.filter((n) => n !== 'content') } : {}),
          additionalProperties: false,
        },
      };
    }
  }
  if (parameters.length > 0) described.parameters = parameters;
  return described;
}

/** The OpenAPI 3.1 document of the API, derived from the same registry and schemas as the routes. */
export function openApiDocument(
  operations: readonly Operation[],
  extra: readonly ExtraRoute[] = [],
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const add = (path: string, method: HttpMethodKey, operation: OpenApiOperation) => {
    paths[path] = { ...paths[path], [method]: operation };
  };
  for (const op of operations) {
    if (op.http)
      add(`/api${op.http.path}`, op.http.method.toLowerCase() as HttpMethodKey, describeOperation(op));
  }
  for (const route of extra) add(route.path, route.method, route.operation);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Fathom API',
      version: '0.1.0',
      description:
        'The ledger’s operations over HTTP. Reads take their input from the query string (repeat a key for a list); writes take a JSON object. ' +
        'Requests that change the ledger must come from the app’s own origin, or carry `X-Fathom: 1` or a JSON content type. ' +
        'Every error has the body `{ "error": { "code", "message", "field"? } }`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: errorSchema },
      responses: {
        Error: {
          description: 'An error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
