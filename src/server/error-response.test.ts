import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FathomError } from '../domain/errors.ts';
import { HttpError, errorResponse, statusOf } from './error-response.ts';

test('every shared error code has a status, and ambiguity is 422', () => {
  assert.equal(statusOf.invalid_input, 400);
  assert.equal(statusOf.not_found, 404);
  assert.equal(statusOf.ambiguous, 422);
  assert.equal(statusOf.conflict, 409);
  assert.equal(statusOf.too_large, 413);
  assert.equal(statusOf.unauthorized, 401);
  assert.equal(statusOf.forbidden, 403);
  assert.equal(statusOf.database_unreadable, 503);
  assert.equal(statusOf.internal, 500);
});

test('a FathomError keeps its code, message, field and details', () => {
  const r = errorResponse(
    new FathomError('ambiguous', 'with: "Ana" matches 2 people', {
      field: 'with',
      details: [{ id: 1 }, { id: 2 }],
    }),
  );
  assert.equal(r.status, 422);
  assert.deepEqual(r.body, {
    error: {
      code: 'ambiguous',
      message: 'with: "Ana" matches 2 people',
      field: 'with',
      details: [{ id: 1 }, { id: 2 }],
    },
  });
});

test('an HttpError carries its headers', () => {
  const r = errorResponse(
    new HttpError('method_not_allowed', 'PUT is not allowed', { headers: { Allow: 'GET, HEAD' } }),
  );
  assert.equal(r.status, 405);
  assert.deepEqual(r.headers, { Allow: 'GET, HEAD' });
  assert.equal(r.body.error.field, undefined);
});

test('driver errors become 503 when the database is away and 409 on a constraint, with no driver text', () => {
  const logged: string[] = [];
  const away = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const r1 = errorResponse(away, (m) => logged.push(m));
  assert.equal(r1.status, 503);
  assert.equal(r1.body.error.code, 'database_unavailable');
  assert.doesNotMatch(r1.body.error.message, /ECONNREFUSED/);
  assert.equal(
    errorResponse(Object.assign(new Error('terminating connection'), { code: '57P01' })).status,
    503,
  );
  assert.equal(
    errorResponse(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })).status,
    503,
  );
  const unique = errorResponse(
    Object.assign(new Error('UNIQUE constraint failed: people.id'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }),
  );
  assert.equal(unique.status, 409);
  assert.doesNotMatch(unique.body.error.message, /people\.id/);
  assert.equal(errorResponse(Object.assign(new Error('duplicate key'), { code: '23505' })).status, 409);
  assert.equal(logged.length, 1);
});

test('anything else is a 500 without the message or stack, which go to the log', () => {
  const logged: string[] = [];
  const r = errorResponse(new TypeError('secret detail at /home/me/x.ts:12'), (m) => logged.push(m));
  assert.equal(r.status, 500);
  assert.equal(r.body.error.code, 'internal');
  assert.doesNotMatch(JSON.stringify(r.body), /secret|x\.ts/);
  assert.match(logged[0] ?? '', /secret detail/);
});
