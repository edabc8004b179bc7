/**
 * @module
 * What `--help` and `--version` print around the options list (which stays in cli/usage.ts with
 * the flags it describes): how to run the command, what it does, and one example per use.
 */
import { VERSION } from '../host/package-info.ts'

/** The top of the usage text: the ways to run it and what it does. */
export const USAGE_INTRO = `Usage: environ-inspector [options]
       npx environ-inspector [options]      (without installing it)
       npm start -- [options]               (in a clone of the repository)

See every HTTP request the way a Python WSGI server sees it: a request to any path outside
/_inspector/ is answered with its PEP 3333 environ as JSON; /_inspector/ is the inspector UI.
`

/** The examples after the options, one group per reason to run it. */
export const EXAMPLES = `Examples:
  Inspect requests on localhost
    environ-inspector                                   # serves http://127.0.0.1:8000
    curl 'http://127.0.0.1:8000/foo/bar?baz=bat'        # answers with the environ as JSON
    environ-inspector --profile gunicorn --port 8080    # gunicorn's environ, on another port
    then open http://127.0.0.1:8000/_inspector/ to compose requests and read every key

  Debug a reverse proxy (point it here, e.g. nginx: proxy_pass http://127.0.0.1:8000;)
    environ-inspector                                   # X-Forwarded-* as your app gets them
    environ-inspector --trusted-proxies 127.0.0.1       # REMOTE_ADDR and scheme, trusted
    environ-inspector --proxy-fix x_for=1,x_proto=1     # what Werkzeug's ProxyFix makes of it
    environ-inspector --profile gunicorn --proxy-trust forwarded_allow_ips=127.0.0.1
                                                        # what gunicorn itself trusts
    then open http://127.0.0.1:8000/_inspector/#/proxy to try other policies on those headers

  Capture webhooks and watch them live
    environ-inspector --host 0.0.0.0 --redact authorization,cookie
    curl -N http://127.0.0.1:8000/_inspector/api/events # each request as it arrives (SSE)
    curl http://127.0.0.1:8000/_inspector/api/requests  # the last 500, newest first
    or open http://127.0.0.1:8000/_inspector/#/live

Exit codes: 0 after Ctrl+C or SIGTERM, 1 if it cannot serve (port in use), 2 for a bad option.
`

/** The whole `--help` text, given the usage text with the options. */
export function helpText(usage: string): string {
  return `${usage}\n${EXAMPLES}`
}

/** The `--version` line: ours, and the Node.js running it (for bug reports). */
export function versionText(nodeVersion: string = process.version): string {
  return `environ-inspector ${VERSION} (Node.js ${nodeVersion})\n`
}
