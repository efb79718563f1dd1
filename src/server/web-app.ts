import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { escapeHtml } from './docs-page.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** Vite names built assets `name-<hash>.ext`; such a file never changes, so browsers may keep it for good. */
const hashedAsset = /^\/assets\/.+-[\w-]{8,}\.\w+$/;

async function readRegularFile(path: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    return info.isFile() ? await readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

function missingBuildPage(webRoot: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Fathom: web app not built</title><link rel="stylesheet" href="/api/docs.css"></head>
<body><main><h1>The web app is not built yet</h1>
<p>The server is running and the API answers at <a href="/api/docs">/api/docs</a>, but there is no built web app in <code>${escapeHtml(webRoot)}</code>.</p>
<p>Build it once, then reload this page:</p><pre><code>npm run build</code></pre>
<p>or run <code>npm start</code>, which builds everything and serves a demo ledger.</p></main></body></html>
`;
  return new Response(html, {
    status: 503,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Answers a GET for the web app: a file from the build folder when it exists, `index.html` for any
 * other path without a file extension (the app's own routes), and 404 for missing files.
 */
export async function webAppResponse(webRoot: string, urlPath: string): Promise<Response> {
  const root = resolve(webRoot);
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const file = resolve(join(root, path));
  const inside = file === root || file.startsWith(root + sep);
  if (inside && !path.includes('\0') && path !== '/' && !path.endsWith('/')) {
    const bytes = await readRegularFile(file);
    if (bytes) {
      const type = contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream';
      const cache = hashedAsset.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
      return new Response(new Uint8Array(bytes), {
        headers: { 'Content-Type': type, 'Cache-Control': cache },
      });
    }
  }
  if (extname(path) !== '') {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const index = await readRegularFile(join(root, 'index.html'));
  if (!index) return missingBuildPage(root);
  return new Response(new Uint8Array(index), {
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
  });
}
