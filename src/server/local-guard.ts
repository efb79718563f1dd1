import type { MiddlewareHandler } from 'hono';
import { HttpError } from './error-response.ts';

/**
 * Headers every response carries, API and web app alike. Images come from this server alone:
 * people's photos are served under /api, never as data: URIs or from the sites they came from.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Adds the security headers after the rest of the chain, so errors and static files get them too. */
export function withSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(securityHeaders)) c.res.headers.set(name, value);
  };
}

/** The `Host` values a loopback server answers to by default (browsers leave out port 80). */
export function loopbackHosts(port: number): string[] {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  return [...names.map((n) => `${n}:${port}`), ...(port === 80 ? names : [])];
}

function requestHost(request: Request): string {
  return (request.headers.get('host') ?? new URL(request.url).host).toLowerCase();
}

/**
 * Refuses requests whose `Host` is not one we serve. A web page on another site can point its own
 * domain name at 127.0.0.1 (DNS rebinding) and would then read the ledger as "same origin";
 * its requests still carry that foreign name in `Host`, so they stop here.
 */
export function hostCheck(allowedHosts: readonly string[]): MiddlewareHandler {
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  return async (c, next) => {
    const host = requestHost(c.req.raw);
    if (!allowed.has(host)) {
      throw new HttpError(
        'forbidden',
        `Host: "${host}" is not an address this server answers to; open it as ${[...allowed][0] ?? 'its configured address'} or start it with --allowed-host ${host}.`,
        { field: 'Host' },
      );
    }
    await next();
  };
}

const stateChanging = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard for requests that change state. The rule:
 * - with an `Origin` header, it must be this server's own origin (same scheme-less host as `Host`);
 * - else with `Sec-Fetch-Site`, it must be `same-origin` or `none` (typed by the user);
 * - with neither (curl, scripts), the request must carry `X-Fathom: 1` or a JSON content type.
 *   Browsers cannot add either to a cross-site request without a preflight we never approve.
 */
export function originCheck(): MiddlewareHandler {
  return async (c, next) => {
    if (!stateChanging.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    const site = c.req.header('sec-fetch-site');
    const host = requestHost(c.req.raw);
    if (origin !== undefined) {
      let originHost: string | undefined;
      try {
        const u = new URL(origin);
        if (u.protocol === 'http:' || u.protocol === 'https:') originHost = u.host.toLowerCase();
      } catch {
        originHost = undefined;
      }
      if (originHost !== host) {
        throw new HttpError(
          'forbidden',
          `Origin: requests from ${JSON.stringify(origin)} may not change this ledger.`,
          { field: 'Origin' },
        );
      }
    }
    if (site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new HttpError('forbidden', `Sec-Fetch-Site: a ${site} request may not change this ledger.`, {
        field: 'Sec-Fetch-Site',
      });
    }
    if (origin === undefined && site === undefined) {
      const marked = c.req.header('x-fathom') === '1';
      const json = /^application\/([\w.-]+\+)?json\b/i.test(c.req.header('content-type') ?? '');
      if (!marked && !json) {
        throw new HttpError(
          'forbidden',
          'X-Fathom: requests that change the ledger without an Origin header need the header "X-Fathom: 1" or a JSON body.',
          { field: 'X-Fathom' },
        );
      }
    }
    await next();
  };
}
