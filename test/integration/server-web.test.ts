import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createApp } from '../../src/server/create-app.ts';
import { securityHeaders } from '../../src/server/local-guard.ts';
import { localAccountId } from '../../src/store/settings-store.ts';
import { openTestLedger } from '../support/test-stores.ts';
import type { TestLedger } from '../support/test-stores.ts';

const origin = 'http://fathom.test';
const indexHtml =
  '<!doctype html><title>Fathom</title><div id="root"></div><script type="module" src="/assets/index-Bq3xZ9aK.js"></script>';

describe('the web app', () => {
  let l: TestLedger;
  let dist: string;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    l = await openTestLedger('sqlite');
    dist = mkdtempSync(join(tmpdir(), 'fathom-web-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), indexHtml);
    writeFileSync(join(dist, 'assets', 'index-Bq3xZ9aK.js'), 'console.log("app")');
    writeFileSync(join(dist, 'assets', 'index-D4e5F6g7.css'), 'body{margin:0}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = createApp({
      store: l.store,
      resolveAccount: () => localAccountId,
      allowedHosts: ['fathom.test'],
      webRoot: dist,
      log: () => undefined,
    });
  });
  after(async () => {
    rmSync(dist, { recursive: true, force: true });
    await l.close();
  });

  test('serves index.html at the root, never cached, with the security headers', async () => {
    const res = await app.request(`${origin}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    for (const [name, value] of Object.entries(securityHeaders)) assert.equal(res.headers.get(name), value);
    assert.equal(await res.text(), indexHtml);
  });

  test('client routes get index.html so a reload keeps the page', async () => {
    for (const path of ['/people/42', '/ledger', '/settings/goals?tab=open']) {
      const res = await app.request(`${origin}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(await res.text(), indexHtml);
    }
  });

  test('hashed assets are cached for good and typed correctly; other files must be revalidated', async () => {
    const js = await app.request(`${origin}/assets/index-Bq3xZ9aK.js`);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await js.text(), 'console.log("app")');
    const css = await app.request(`${origin}/assets/index-D4e5F6g7.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    const icon = await app.request(`${origin}/favicon.svg`);
    assert.equal(icon.headers.get('content-type'), 'image/svg+xml');
    assert.equal(icon.headers.get('cache-control'), 'no-cache');
    const head = await app.request(`${origin}/favicon.svg`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  test('missing files are 404, and paths cannot climb out of the build folder', async () => {
    assert.equal((await app.request(`${origin}/assets/gone-12345678.js`)).status, 404);
    assert.equal((await app.request(`${origin}/robots.txt`)).status, 404);
    for (const path of [
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/hostname',
    ]) {
      const res = await app.request(`${origin}${path}`);
      const text = await res.text();
      assert.doesNotMatch(text, /root:|localhost/, path);
      assert.ok(res.status === 404 || text === indexHtml, `${path}: ${res.status}`);
    }
  });

  test('the API keeps its JSON errors and other methods are refused', async () => {
    const api = await app.request(`${origin}/api/no-such-thing`);
    assert.equal(api.status, 404);
    assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'not_found');
    const post = await app.request(`${origin}/people`, { method: 'POST', headers: { 'x-fathom': '1' } });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD');
    const foreign = await app.request('http://evil.example/');
    assert.equal(foreign.status, 403);
  });

  test('without a build, a page says how to make one', async () => {
    const bare = createApp({
      store: l.store,
      resolveAccount: () => localAccountId,
      allowedHosts: ['fathom.test'],
      webRoot: join(dist, 'not-built'),
      log: () => undefined,
    });
    const res = await bare.request(`${origin}/`);
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    assert.match(html, /npm run build/);
    assert.doesNotMatch(html, /<script/);
    assert.equal((await bare.request(`${origin}/api/settings`)).status, 200);
  });
});
