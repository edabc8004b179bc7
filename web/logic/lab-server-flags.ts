/**
 * @module
 * The deployment lab's "the server's own proxy flags": for each server that reads proxy
 * headers itself, the options that trust the chain's last proxy, as the frameworks API takes
 * them (`policy: {mode: 'server', settings}`) and as the server's command line spells them.
 * An ASGI server's flags change the scope Starlette reads; Flask and Django then run under a
 * WSGI server that trusts nobody.
 */

/** The options that make a server trust `last`, and the command line that says so. */
export interface ServerFlags {
  readonly settings: Readonly<Record<string, string>>
  readonly flags: string
}

const FLAGS: Readonly<Record<string, (last: string) => ServerFlags>> = {
  // gunicorn reads only the scheme (secure_scheme_headers) and SCRIPT_NAME from a trusted peer
  gunicorn: (last) => ({
    settings: { forwarded_allow_ips: last },
    flags: `gunicorn --forwarded-allow-ips ${last}`,
  }),
  // waitress rewrites the client, host, port and scheme from the headers it is told to trust
  waitress: (last) => ({
    settings: {
      trusted_proxy: last,
      trusted_proxy_headers: 'x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port',
    },
    flags: `waitress-serve --trusted-proxy ${last} --trusted-proxy-headers "x-forwarded-for x-forwarded-host x-forwarded-proto x-forwarded-port"`,
  }),
  // uvicorn trusts 127.0.0.1 by default; behind a proxy elsewhere it must be named
  uvicorn: (last) => ({
    settings: { proxy_headers: 'true', forwarded_allow_ips: last },
    flags: `uvicorn --proxy-headers --forwarded-allow-ips ${last}`,
  }),
  // hypercorn has no flag: the app is wrapped in its middleware, which never checks the peer
  hypercorn: () => ({
    settings: { mode: 'legacy', trusted_hops: '1' },
    flags: 'ProxyFixMiddleware(app, mode="legacy", trusted_hops=1)',
  }),
  // daphne believes any peer once the flag is on
  daphne: () => ({ settings: { proxy_headers: 'true' }, flags: 'daphne --proxy-headers' }),
}

/** The flags of `profile`'s server trusting `last`; undefined when it has none of its own. */
export function serverFlags(profile: string, last: string): ServerFlags | undefined {
  return FLAGS[profile]?.(last)
}
