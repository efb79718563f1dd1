import { Hono } from 'hono';
import type { Context as HonoContext, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { FathomError } from '../domain/errors.ts';
import { operations as registry } from '../operations/index.ts';
import { invoke, isDownload } from '../operations/registry.ts';
import type { Download, Operation } from '../operations/registry.ts';
import type { Store } from '../store/open-store.ts';
import { docsPage, docsStylesheet } from './docs-page.ts';
import { HttpError, errorResponse } from './error-response.ts';
import type { HttpErrorCode } from './error-response.ts';
import { hostCheck, originCheck, withSecurityHeaders } from './local-guard.ts';
import { openApiDocument } from './openapi-document.ts';
import { personPhotoRoute } from './person-photo-route.ts';
import type { ExtraRoute, OpenApiDocument } from './openapi-document.ts';
import {
  acceptsUpload,
  bodyInput,
  formInput,
  honoPath,
  isMultipart,
  pathParams,
  queryInput,
  uploadedFile,
} from './request-input.ts';
import { webAppResponse } from './web-app.ts';

/** Size limits on request bodies, in bytes. */
export interface Limits {
  /** JSON bodies of ordinary operations. */
  jsonBytes: number;
  /** File uploads (imports). */
  uploadBytes: number;
}

// Uploads may be as large as the importers accept (100 MB), plus the multipart framing.
export const defaultLimits: Limits = { jsonBytes: 1024 * 1024, uploadBytes: 101 * 1024 * 1024 };

/** What a request handler needs besides the request: the account it acts for and the shared services. */
export interface RequestScope {
  store: Store;
  accountId: string;
  now(): Date;
}

/** A route added by hand next to the derived ones, with its entry in the OpenAPI document. */
export interface CustomRoute extends ExtraRoute {
  /** Bytes allowed in the request body (default: the JSON limit). */
  bodyBytes?: number;
  handle(c: HonoContext, scope: RequestScope): Promise<Response>;
}

export interface AppOptions {
  store: Store;
  /** Which account a request acts for; throws `FathomError('unauthorized')` when it cannot tell. One local account for now. */
  resolveAccount(request: Request): string | Promise<string>;
  now?: () => Date;
  /** `Host` header values to answer, e.g. `127.0.0.1:4321`; anything else is refused (DNS rebinding). */
  allowedHosts: readonly string[];
  /** The built web app (`web/dist`); null serves no web app at all. */
  webRoot: string | null;
  limits?: Partial<Limits>;
  /** Operations to expose (default: the whole registry). */
  operations?: readonly Operation[];
  routes?: readonly CustomRoute[];
  /** Where server-side error details go (never to the client). */
  log?: (message: string) => void;
}

/** Routes every app serves that answer something other than an operation's JSON (a photo's bytes). */
export const builtInRoutes: readonly CustomRoute[] = [personPhotoRoute];

/** A JSON response as the API sends every body: UTF-8, never cached. */
export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body ?? null), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers },
  });
}

/**
 * A file as an attachment, streamed: its bytes are made as the client reads them, and a client that
 * hangs up ends the export (the iteration is returned, freeing what it held).
 */
export function downloadResponse(download: Download): Response {
  const bytes = download.body[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await bytes.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await bytes.return?.();
      },
    },
    // Nothing is made before the client asks: a body never read (a HEAD request) starts no export.
    { highWaterMark: 0 },
  );
  return new Response(body, {
    headers: {
      'Content-Type': download.contentType,
      'Content-Disposition': `attachment; filename="${download.fileName.replace(/[^\w.-]/g, '_')}"`,
      'Cache-Control': 'no-store',
    },
  });
}

const codeOfStatus: Record<number, HttpErrorCode> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'too_large',
  415: 'unsupported_media_type',
};

interface RouteEntry {
  method: string;
  path: string;
  pattern: RegExp;
}

function patternOf(path: string): RegExp {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}|\{\w+\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** Builds the HTTP app: the API derived from the operations registry, its OpenAPI document, and the web app. */
export function createApp(options: AppOptions): Hono {
  const ops = options.operations ?? registry;
  const limits: Limits = { ...defaultLimits, ...options.limits };
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((m: string) => process.stderr.write(`fathom serve: ${m}\n`));
  const customRoutes = [...builtInRoutes, ...(options.routes ?? [])];
  const document: OpenApiDocument = openApiDocument(ops, customRoutes);
  const table: RouteEntry[] = [];
  const app = new Hono();

  const scopeOf = async (c: HonoContext): Promise<RequestScope> => ({
    store: options.store,
    accountId: await options.resolveAccount(c.req.raw),
    now,
  });
  const limit = (bytes: number): MiddlewareHandler =>
    bodyLimit({
      maxSize: bytes,
      onError: () => {
        throw new HttpError('too_large', `body: larger than the limit of ${bytes} bytes.`, { field: 'body' });
      },
    });

  app.use('*', withSecurityHeaders());
  app.use('*', hostCheck(options.allowedHosts));
  app.use('*', originCheck());

  // Hono answers with the first route registered that matches, so `/people/duplicates` must come
  // before `/people/{person}`: routes with fewer parameters first, otherwise in registry order.
  const routed = ops
    .filter((op) => op.http)
    .sort((a, b) => pathParams(a.http!.path).length - pathParams(b.http!.path).length);
  for (const op of routed) {
    if (!op.http) continue;
    const { method, path } = op.http;
    const readsQuery = method === 'GET' || method === 'DELETE';
    const uploads = !readsQuery && acceptsUpload(op);
    table.push({ method, path: `/api${path}`, pattern: patternOf(`/api${path}`) });
    app.on(
      method,
      `/api${honoPath(path)}`,
      limit(uploads ? limits.uploadBytes : limits.jsonBytes),
      async (c) => {
        const scope = await scopeOf(c);
        const params = c.req.param() as Record<string, string>;
        if (uploads && isMultipart(c.req.raw)) {
          const form = await formInput(op, c.req.raw, params);
          return jsonResponse(await invoke(op, { ...scope, readFile: uploadedFile(form.files) }, form.raw));
        }
        const raw = readsQuery
          ? queryInput(op, new URL(c.req.url).searchParams, params)
          : await bodyInput(op, c.req.raw, params);
        const result = await invoke(op, scope, raw);
        return op.http?.download && isDownload(result) ? downloadResponse(result) : jsonResponse(result);
      },
    );
  }
  for (const route of customRoutes) {
    const method = route.method.toUpperCase();
    table.push({ method, path: route.path, pattern: patternOf(route.path) });
    app.on(method, honoPath(route.path), limit(route.bodyBytes ?? limits.jsonBytes), async (c) =>
      route.handle(c, await scopeOf(c)),
    );
  }

  const fixed: [string, (c: HonoContext) => Response | Promise<Response>][] = [
    ['/api/openapi.json', () => jsonResponse(document)],
    ['/api/docs', (c) => c.html(docsPage(document), 200, { 'Cache-Control': 'no-cache' })],
    [
      '/api/docs.css',
      () =>
        new Response(docsStylesheet, {
          headers: { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' },
        }),
    ],
  ];
  for (const [path, handler] of fixed) {
    table.push({ method: 'GET', path, pattern: patternOf(path) });
    app.get(path, handler);
  }

  app.get('*', async (c) => {
    if (c.req.path === '/api' || c.req.path.startsWith('/api/') || options.webRoot === null)
      return c.notFound();
    return webAppResponse(options.webRoot, c.req.path);
  });

  app.notFound((c) => {
    const path = c.req.path;
    if (path === '/api' || path.startsWith('/api/')) {
      const allowed = [...new Set(table.filter((r) => r.pattern.test(path)).map((r) => r.method))];
      if (allowed.length > 0) {
        if (allowed.includes('GET')) allowed.push('HEAD');
        throw new HttpError(
          'method_not_allowed',
          `${c.req.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
          {
            headers: { Allow: allowed.join(', ') },
          },
        );
      }
      throw new HttpError('not_found', `No API route ${c.req.method} ${path}; see /api/docs.`);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && options.webRoot !== null) {
      throw new HttpError(
        'method_not_allowed',
        `${c.req.method} is not allowed on ${path}; the web app answers GET.`,
        {
          headers: { Allow: 'GET, HEAD' },
        },
      );
    }
    throw new HttpError('not_found', `Nothing at ${path}.`);
  });

  app.onError((e, c) => {
    if (c.req.raw.signal.aborted && !(e instanceof FathomError) && !(e instanceof HttpError)) {
      // The client hung up while its body was being read: nobody is left to answer, and it is no server fault.
      return jsonResponse(
        { error: { code: 'invalid_input', message: 'The request was cancelled before its body arrived.' } },
        400,
      );
    }
    if (e instanceof HTTPException) {
      const status = e.status;
      return jsonResponse(
        { error: { code: codeOfStatus[status] ?? 'internal', message: e.message || 'Request refused.' } },
        status,
      );
    }
    const r = errorResponse(e, log);
    return jsonResponse(r.body, r.status, r.headers);
  });

  return app;
}

/** The routes an app answers under /api, as `METHOD /path` with `{param}` placeholders (for checks against the document). */
export function apiRoutes(app: Hono): string[] {
  return app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
    .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
}
