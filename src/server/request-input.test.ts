import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { FathomError } from '../domain/errors.ts';
import { defineOperation } from '../operations/registry.ts';
import { HttpError } from './error-response.ts';
import { bodyInput, honoPath, pathParams, queryInput } from './request-input.ts';

const op = defineOperation({
  name: 'sample.list',
  summary: 'A sample with every field kind',
  mutates: false,
  input: z.object({
    id: z.string(),
    limit: z.number().int().default(10),
    archived: z.boolean().optional(),
    tag: z.array(z.string()).optional(),
    search: z.string().optional(),
  }),
  http: { method: 'GET', path: '/samples/{id}' },
  run: async () => null,
});

function fieldOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (e) {
    assert.ok(e instanceof FathomError);
    return e.field;
  }
  assert.fail('expected an error');
}

test('path parameters are read from the operation path and turned into Hono syntax', () => {
  assert.deepEqual(pathParams('/people/{person}/judge'), ['person']);
  assert.deepEqual(pathParams('/a/{x}/b/{y}'), ['x', 'y']);
  assert.equal(honoPath('/entries/{id}/restore'), '/entries/:id/restore');
});

test('query strings become typed input: numbers, booleans, repeated keys as lists', () => {
  const q = new URLSearchParams('limit=25&archived&tag=a&tag=b&search=%7B%7B7*7%7D%7D');
  assert.deepEqual(queryInput(op, q, { id: '7' }), {
    limit: 25,
    archived: true,
    tag: ['a', 'b'],
    search: '{{7*7}}',
    id: '7',
  });
  assert.deepEqual(queryInput(op, new URLSearchParams('archived=false&limit=-3'), { id: '1' }), {
    archived: false,
    limit: -3,
    id: '1',
  });
  assert.deepEqual(queryInput(op, new URLSearchParams('archived=0&tag=solo'), { id: '1' }), {
    archived: false,
    tag: ['solo'],
    id: '1',
  });
});

test('values that are not numbers or booleans are passed on as text, for the schema to name', () => {
  assert.deepEqual(queryInput(op, new URLSearchParams('limit=ten&archived=maybe'), { id: '1' }), {
    limit: 'ten',
    archived: 'maybe',
    id: '1',
  });
});

test('unknown keys, repeated single values and path fields in the query are refused by name', () => {
  assert.equal(
    fieldOf(() => queryInput(op, new URLSearchParams('limt=5'), { id: '1' })),
    'limt',
  );
  assert.equal(
    fieldOf(() => queryInput(op, new URLSearchParams('search=a&search=b'), { id: '1' })),
    'search',
  );
  assert.equal(
    fieldOf(() => queryInput(op, new URLSearchParams('id=2'), { id: '1' })),
    'id',
  );
});

function jsonRequest(body: string, type = 'application/json'): Request {
  return new Request('http://x.test/', { method: 'POST', body, headers: { 'content-type': type } });
}

test('a JSON body is merged with the path parameters', async () => {
  assert.deepEqual(await bodyInput(op, jsonRequest('{"limit":3,"search":"x"}'), { id: '9' }), {
    limit: 3,
    search: 'x',
    id: '9',
  });
  assert.deepEqual(await bodyInput(op, new Request('http://x.test/', { method: 'POST' }), { id: '9' }), {
    id: '9',
  });
});

test('bodies that are not JSON objects, or carry unknown or path fields, are refused naming the field', async () => {
  await assert.rejects(
    bodyInput(op, jsonRequest('{"limit":'), {}),
    (e: unknown) => e instanceof FathomError && e.field === 'body',
  );
  await assert.rejects(
    bodyInput(op, jsonRequest('[1,2]'), {}),
    (e: unknown) => e instanceof FathomError && e.field === 'body',
  );
  await assert.rejects(
    bodyInput(op, jsonRequest('null'), {}),
    (e: unknown) => e instanceof FathomError && e.field === 'body',
  );
  await assert.rejects(
    bodyInput(op, jsonRequest('{"nope":1}'), {}),
    (e: unknown) => e instanceof FathomError && e.field === 'nope',
  );
  await assert.rejects(
    bodyInput(op, jsonRequest('{"id":"2"}'), { id: '1' }),
    (e: unknown) => e instanceof FathomError && e.field === 'id' && /comes from the path/.test(e.message),
  );
  await assert.rejects(
    bodyInput(op, jsonRequest('limit=3', 'application/x-www-form-urlencoded'), {}),
    (e: unknown) => e instanceof HttpError && e.code === 'unsupported_media_type',
  );
  assert.deepEqual(
    await bodyInput(op, jsonRequest('{"limit":1}', 'application/merge-patch+json; charset=utf-8'), {}),
    { limit: 1 },
  );
});
