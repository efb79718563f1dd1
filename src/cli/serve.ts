import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import type { Command } from 'commander';
import { FathomError } from '../domain/errors.ts';
import { demo } from '../operations/demo-operations.ts';
import { invoke } from '../operations/registry.ts';
import { createApp } from '../server/create-app.ts';
import { loopbackHosts } from '../server/local-guard.ts';
import { startServer } from '../server/start-server.ts';
import { openStore } from '../store/open-store.ts';
import { ensureAccount, localAccountId } from '../store/settings-store.ts';

export interface ServeOptions {
  db?: string;
  host: string;
  port: number;
  allowedHost: string[];
  demo: boolean;
}

/** The folder holding package.json, found from this file whether it runs from src/ or the bundle in dist/. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/** The `Host` values to answer: the loopback names, the address bound to, and any the user allows. */
export function allowedHostsFor(host: string, port: number, extra: readonly string[]): string[] {
  const hosts = loopbackHosts(port);
  if (!loopback.has(host) && host !== '0.0.0.0' && host !== '::') {
    const name = host.includes(':') ? `[${host}]` : host;
    hosts.push(`${name}:${port}`);
    if (port === 80) hosts.push(name);
  }
  for (const h of extra) {
    // A name without a port is what a reverse proxy on 80/443 sends, and what the user types otherwise.
    hosts.push(h);
    if (!/:\d+$/.test(h)) hosts.push(`${h}:${port}`);
  }
  return hosts;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) {
    throw new FathomError('invalid_input', `port: "${value}" is not a port number (0–65535).`, {
      field: 'port',
    });
  }
  return n;
}

/** Opens the store, serves the API and web app until SIGINT or SIGTERM, then closes everything. */
export async function serveLedger(
  options: ServeOptions,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<void> {
  const store = await openStore(options.db);
  try {
    await ensureAccount(store.db, localAccountId);
    const base = { store, accountId: localAccountId, now: () => new Date() };
    if (options.demo) {
      try {
        const r = await invoke(demo, base, {});
        if (demo.text) out(demo.text(r, { people: 300, months: 18, seed: 7 }));
      } catch (e) {
        if (!(e instanceof FathomError && e.code === 'conflict')) throw e;
        out('This ledger already holds your own data, so no demo data was added.');
      }
    }
    const webRoot = join(packageRoot(), 'web', 'dist');
    const served = await startServer(
      (port) =>
        createApp({
          store,
          resolveAccount: () => localAccountId,
          allowedHosts: allowedHostsFor(options.host, port, options.allowedHost),
          webRoot,
        }),
      options.host,
      options.port,
    );
    out(`Fathom is serving ${store.location}`);
    out(`Open ${served.url}  (API reference: ${served.url}api/docs)`);
    if (!loopback.has(options.host)) {
      out(
        `Warning: listening on ${options.host}; Fathom has no sign-in yet, so anyone who can reach this address can read and change the ledger.`,
      );
    }
    out('Press Ctrl+C to stop.');
    await new Promise<void>((resolveStop) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        out('Stopping…');
        void served.close().then(resolveStop);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
  } finally {
    await store.close();
  }
}

/** Adds `fathom serve` to the program; the server is a face, not an operation, so it is wired by hand. */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the web app and the HTTP API on this computer')
    .addOption(
      new Option(
        '--host <address>',
        'address to listen on (loopback keeps the ledger on this computer)',
      ).default('127.0.0.1'),
    )
    .addOption(new Option('--port <n>', 'port to listen on (0 picks a free one)').default('4321'))
    .addOption(
      new Option(
        '--allowed-host <name>',
        'also answer requests addressed to this host name, e.g. fathom.lan (repeatable)',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--demo', 'fill an empty ledger with the demo network first')
    .action(
      async (
        opts: { host: string; port: string; allowedHost?: string[]; demo?: boolean },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals() as { db?: string };
        await serveLedger({
          ...(globals.db ? { db: globals.db } : {}),
          host: opts.host,
          port: parsePort(opts.port),
          allowedHost: opts.allowedHost ?? [],
          demo: Boolean(opts.demo),
        });
      },
    );
}
