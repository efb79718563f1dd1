import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allowedHostsFor } from '../../src/cli/serve.ts';
import { dialects, freshTarget } from '../support/test-stores.ts';
import type { TestTarget } from '../support/test-stores.ts';

const bin = fileURLToPath(new URL('../../bin/fathom.js', import.meta.url));

/** A raw HTTP request, so the Host header can be set as a rebinding page would. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('allowed hosts: the loopback names with the port, the bound address, and extra names with and without it', () => {
  assert.deepEqual(allowedHostsFor('127.0.0.1', 4321, []), [
    '127.0.0.1:4321',
    'localhost:4321',
    '[::1]:4321',
  ]);
  assert.deepEqual(allowedHostsFor('192.168.1.5', 8080, ['fathom.lan', 'proxy.example:8443']), [
    '127.0.0.1:8080',
    'localhost:8080',
    '[::1]:8080',
    '192.168.1.5:8080',
    'fathom.lan',
    'fathom.lan:8080',
    'proxy.example:8443',
  ]);
  assert.deepEqual(allowedHostsFor('0.0.0.0', 9000, []), ['127.0.0.1:9000', 'localhost:9000', '[::1]:9000']);
  assert.deepEqual(allowedHostsFor('127.0.0.1', 80, []), [
    '127.0.0.1:80',
    'localhost:80',
    '[::1]:80',
    '127.0.0.1',
    'localhost',
    '[::1]',
  ]);
});

for (const dialect of dialects) {
  describe(`fathom serve on ${dialect}`, () => {
    let target: TestTarget;
    before(async () => {
      target = await freshTarget(dialect);
    });
    after(() => target.cleanup());

    test(
      'prints its URL, serves the demo ledger, refuses foreign hosts, and stops cleanly on SIGTERM',
      { timeout: 60_000 },
      async () => {
        const child = spawn(
          process.execPath,
          [bin, 'serve', '--db', target.target, '--port', '0', '--demo'],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, FATHOM_DB: '' },
          },
        );
        let out = '';
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /Open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
            if (m) resolve(m[1]!);
          });
          void exited.then(() => reject(new Error(`serve exited early:\n${out}\n${err}`)));
        });
        try {
          assert.match(out, /Demo ledger ready: 300 people/);
          const people = await get(`${url}api/people?limit=1`);
          assert.equal(people.status, 200, people.body);
          assert.equal((JSON.parse(people.body) as { total: number }).total, 300);
          const local = await get(`${url}api/settings`, { host: `localhost:${new URL(url).port}` });
          assert.equal(local.status, 200);
          const rebound = await get(`${url}api/settings`, { host: `attacker.example:${new URL(url).port}` });
          assert.equal(rebound.status, 403);
          assert.equal((JSON.parse(rebound.body) as { error: { field: string } }).error.field, 'Host');
        } finally {
          child.kill('SIGTERM');
        }
        assert.equal(await exited, 0, err);
        assert.match(out, /Stopping/);
        assert.equal(err, '');
      },
    );
  });
}
