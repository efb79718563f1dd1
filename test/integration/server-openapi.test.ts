import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { operations } from '../../src/operations/index.ts';
import { apiRoutes, builtInRoutes, createApp } from '../../src/server/create-app.ts';
import { escapeHtml } from '../../src/server/docs-page.ts';
import { operationId } from '../../src/server/openapi-document.ts';
import type { JsonSchema, OpenApiDocument } from '../../src/server/openapi-document.ts';
import { pathParams } from '../../src/server/request-input.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const jsonTypes = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const schemaKeys = new Set([
  'type',
  'properties',
  'required',
  'items',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'enum',
  'const',
  'description',
  'default',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
  'additionalProperties',
  'contentMediaType',
  '$ref',
]);

/** Checks that a value is a well-formed JSON Schema (2020-12 subset we emit); returns the problems found. */
function schemaProblems(schema: unknown, at: string, doc: OpenApiDocument): string[] {
  if (typeof schema === 'boolean') return [];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    return [`${at}: not a schema object`];
  const s = schema as JsonSchema;
  const out: string[] = [];
  for (const key of Object.keys(s)) if (!schemaKeys.has(key)) out.push(`${at}: unexpected keyword ${key}`);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    for (const t of types)
      if (typeof t !== 'string' || !jsonTypes.has(t)) out.push(`${at}: bad type ${String(t)}`);
  }
  if (s.properties !== undefined) {
    if (typeof s.properties !== 'object' || s.properties === null)
      out.push(`${at}: properties is not an object`);
    else
      for (const [k, v] of Object.entries(s.properties))
        out.push(...schemaProblems(v, `${at}.properties.${k}`, doc));
  }
  if (s.required !== undefined) {
    if (!Array.isArray(s.required) || s.required.some((r) => typeof r !== 'string'))
      out.push(`${at}: required is not a list of names`);
    else
      for (const r of s.required as string[])
        if (!(r in ((s.properties ?? {}) as object))) out.push(`${at}: required ${r} is not a property`);
  }
  if (s.items !== undefined) out.push(...schemaProblems(s.items, `${at}.items`, doc));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (s[key] === undefined) continue;
    if (!Array.isArray(s[key]) || (s[key] as unknown[]).length === 0)
      out.push(`${at}: ${key} is not a non-empty list`);
    else
      (s[key] as unknown[]).forEach((sub, i) => out.push(...schemaProblems(sub, `${at}.${key}[${i}]`, doc)));
  }
  if (s.enum !== undefined && (!Array.isArray(s.enum) || s.enum.length === 0))
    out.push(`${at}: enum is not a non-empty list`);
  if (s.$ref !== undefined) {
    const m = /^#\/components\/schemas\/(\w+)$/.exec(String(s.$ref));
    if (!m || !(m[1]! in doc.components.schemas)) out.push(`${at}: unresolved $ref ${String(s.$ref)}`);
  }
  for (const key of ['minimum', 'maximum', 'minLength', 'maxLength', 'exclusiveMinimum'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'number') out.push(`${at}: ${key} is not a number`);
  }
  return out;
}

describe('OpenAPI document', () => {
  let l: TestLedger;
  let app: ReturnType<typeof createApp>;
  let doc: OpenApiDocument;
  before(async () => {
    l = await openTestLedger('sqlite');
    app = createApp({
      store: l.store,
      resolveAccount: () => localAccountId,
      allowedHosts: ['fathom.test'],
      webRoot: null,
      log: () => undefined,
    });
    const res = await app.request('http://fathom.test/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    doc = (await res.json()) as OpenApiDocument;
  });
  after(() => l.close());

  test('is OpenAPI 3.1 with info and paths', () => {
    assert.match(doc.openapi, /^3\.1\.\d+$/);
    assert.equal(doc.info.title, 'Fathom API');
    assert.equal(typeof doc.info.version, 'string');
    assert.ok(Object.keys(doc.paths).length > 0);
    for (const path of Object.keys(doc.paths)) assert.match(path, /^\/api\//);
  });

  test('lists every operation that has an HTTP spec, once, under its own operationId', () => {
    const ids = new Set<string>();
    let count = 0;
    for (const op of operations) {
      if (!op.http) continue;
      count++;
      const described = doc.paths[`/api${op.http.path}`]?.[op.http.method.toLowerCase() as 'get'];
      assert.ok(described, `${op.name} (${op.http.method} ${op.http.path}) is in the document`);
      assert.equal(described.operationId, operationId(op.name));
      assert.equal(described.summary, op.summary);
      assert.ok(!ids.has(described.operationId), `operationId ${described.operationId} is unique`);
      ids.add(described.operationId);
    }
    for (const route of builtInRoutes) {
      const described = doc.paths[route.path]?.[route.method];
      assert.equal(described?.operationId, route.operation.operationId, `${route.path} is in the document`);
      assert.ok(
        !ids.has(route.operation.operationId),
        `operationId ${route.operation.operationId} is unique`,
      );
      ids.add(route.operation.operationId);
    }
    const all = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    assert.equal(
      all.length,
      count + builtInRoutes.length,
      'nothing in the document that is not an operation or a built-in route',
    );
    assert.equal(operationId('person.add'), 'personAdd');
    assert.equal(operationId('import.list'), 'importList');
  });

  test('every operation has an HTTP spec, so the API offers all the CLI does', () => {
    // A CLI-only alias (another name for the same handler) needs no route of its own, and neither
    // does an operation on the files of the machine it runs on (it says why).
    const missing = operations
      .filter((op) => !op.http && !op.localOnly && !operations.some((o) => o.http && o.run === op.run))
      .map((op) => op.name);
    assert.deepEqual(missing, []);
  });

  test('parameters and bodies are valid JSON Schema and match the paths', () => {
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const where = `${method.toUpperCase()} ${path}`;
        const names = (op.parameters ?? []).map((p) => `${p.in}:${p.name}`);
        assert.equal(new Set(names).size, names.length, `${where}: no duplicate parameters`);
        const inPath = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        assert.deepEqual(inPath, pathParams(path), `${where}: one path parameter per placeholder`);
        for (const p of op.parameters ?? []) {
          if (p.in === 'path') assert.equal(p.required, true);
          assert.deepEqual(schemaProblems(p.schema, `${where} ${p.name}`, doc), []);
        }
        if (method === 'get' || method === 'delete')
          assert.equal(op.requestBody, undefined, `${where}: reads have no body`);
        else {
          assert.ok(op.requestBody?.content['application/json'], `${where}: writes take JSON`);
          for (const [type, media] of Object.entries(op.requestBody.content)) {
            assert.equal(media.schema.type, 'object');
            assert.deepEqual(schemaProblems(media.schema, `${where} ${type}`, doc), []);
          }
        }
        assert.ok(op.responses['200'], `${where}: has a success response`);
        assert.deepEqual(op.responses.default, { $ref: '#/components/responses/Error' });
      }
    }
    assert.deepEqual(schemaProblems(doc.components.schemas.Error, 'Error', doc), []);
  });

  test('fields are described from the zod schemas: enums, defaults, required, transforms by their input', () => {
    const list = doc.paths['/api/people']!.get!;
    const circle = list.parameters!.find((p) => p.name === 'circle')!;
    assert.deepEqual(circle.schema.enum, ['inner', 'network', 'acquaintance', 'social', 'unsorted']);
    assert.equal(circle.required, false);
    const limit = list.parameters!.find((p) => p.name === 'limit')!;
    assert.equal(limit.schema.type, 'integer');
    assert.equal(limit.schema.default, 100);
    const add = doc.paths['/api/people']!.post!.requestBody!.content['application/json']!.schema;
    assert.deepEqual(add.required, ['name']);
    assert.equal(add.additionalProperties, false);
    const log = doc.paths['/api/entries']!.post!.requestBody!.content['application/json']!.schema;
    // The duration is transformed to minutes; clients send text like "1h30" or a number.
    const duration = (log.properties as Record<string, JsonSchema>).duration!;
    assert.deepEqual((duration.anyOf as JsonSchema[]).map((s) => s.type).sort(), ['integer', 'string']);
    const show = doc.paths['/api/entries/{id}']!.get!;
    assert.deepEqual(
      show.parameters!.map((p) => [p.name, p.in]),
      [['id', 'path']],
    );
  });

  test('an operation that reads a file also takes a multipart upload', () => {
    const upload = Object.values(doc.paths)
      .flatMap((m) => Object.values(m))
      .filter((op) => op.requestBody?.content['multipart/form-data']);
    for (const op of upload) {
      const form = op.requestBody!.content['multipart/form-data']!.schema;
      const file = (form.properties as Record<string, JsonSchema>).file!;
      assert.equal(file.contentMediaType, 'application/octet-stream');
      assert.equal((form.properties as Record<string, JsonSchema>).content, undefined);
    }
    if (operations.some((o) => o.name === 'import'))
      assert.ok(upload.some((op) => op.operationId === 'import'));
  });

  test('the document lists exactly the API routes the app answers', () => {
    const routes = new Set(
      apiRoutes(app).filter((r) => !/^GET \/api\/(openapi\.json|docs|docs\.css)$/.test(r)),
    );
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    );
    assert.deepEqual([...routes].sort(), [...documented].sort());
  });

  test('the reference page renders every operation as plain HTML with no script', async () => {
    const res = await app.request('http://fathom.test/api/docs');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=UTF-8');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await res.text();
    assert.doesNotMatch(html, /<script|style=|https?:\/\/(?!fathom)/i);
    for (const op of operations)
      if (op.http) assert.ok(html.includes(`id="${operationId(op.name)}"`), `${op.name} is on the page`);
    assert.ok(html.includes('<link rel="stylesheet" href="/api/docs.css">'));
    const css = await app.request('http://fathom.test/api/docs.css');
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.match(await css.text(), /\.method/);
  });

  test('text on the reference page is escaped', () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a>`),
      '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;',
    );
  });
});
