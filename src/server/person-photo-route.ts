import type { Context as HonoContext } from 'hono';
import { FathomError } from '../domain/errors.ts';
import { resolvePerson } from '../operations/resolve.ts';
import { getPhoto } from '../store/person-details-store.ts';
import type { CustomRoute, RequestScope } from './create-app.ts';

/** File name endings by the image types photos are kept as. */
const extensions: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/**
 * A person's photo, served as the image type its bytes were checked to be when imported (never
 * one a file claimed), so the browser has nothing to guess. Lists ask for it with the version the
 * person's JSON names (`?v=…`): that address never changes its bytes and may be cached for good;
 * any other is revalidated by its ETag.
 */
async function servePhoto(c: HonoContext, scope: RequestScope): Promise<Response> {
  const { db } = scope.store;
  const id = await resolvePerson(db, scope.accountId, decodeURIComponent(c.req.param('person') ?? ''));
  const photo = await getPhoto(db, scope.accountId, id);
  if (!photo) throw new FathomError('not_found', `person: #${id} has no photo.`, { field: 'person' });
  const etag = `"${photo.sha256}"`;
  const version = c.req.query('v');
  const headers: Record<string, string> = {
    'Content-Type': photo.contentType,
    ETag: etag,
    'Cache-Control':
      version !== undefined && photo.sha256.startsWith(version) && version.length >= 8
        ? 'private, max-age=31536000, immutable'
        : 'private, no-cache',
    'Content-Disposition': `inline; filename="person-${id}.${extensions[photo.contentType] ?? 'img'}"`,
    'X-Content-Type-Options': 'nosniff',
  };
  const wanted = c.req.header('if-none-match');
  if (wanted !== undefined && wanted.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag))
    return new Response(null, { status: 304, headers });
  headers['Content-Length'] = String(photo.bytes.length);
  return new Response(photo.bytes, { status: 200, headers });
}

/** GET /api/people/{person}/photo, with its entry in the OpenAPI document. */
export const personPhotoRoute: CustomRoute = {
  method: 'get',
  path: '/api/people/{person}/photo',
  operation: {
    operationId: 'personPhoto',
    summary: 'A person’s photo, as the image it was imported as',
    tags: ['person'],
    parameters: [
      {
        name: 'person',
        in: 'path',
        required: true,
        description: 'Person id, email or name',
        schema: { type: 'string' },
      },
      {
        name: 'v',
        in: 'query',
        required: false,
        description: 'The version the person’s photo.url names; with it the image may be cached for good',
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': {
        description: 'The photo (JPEG, PNG, GIF or WebP)',
        content: {
          'image/jpeg': { schema: { type: 'string', contentMediaType: 'image/jpeg' } },
          'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } },
          'image/gif': { schema: { type: 'string', contentMediaType: 'image/gif' } },
          'image/webp': { schema: { type: 'string', contentMediaType: 'image/webp' } },
        },
      },
      '304': { description: 'The photo has not changed since the version the request names (If-None-Match)' },
      '404': { $ref: '#/components/responses/Error' },
      default: { $ref: '#/components/responses/Error' },
    },
  },
  handle: servePhoto,
};
