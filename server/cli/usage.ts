/**
 * @module
 * The `--help` text: every flag, the commands and the profiles.
 */
import { APPS } from '../apps/index.ts'
import { MAX_SUBSCRIBERS_DEFAULT } from '../capture/options.ts'
import { PROFILE_IDS } from '../contract/profiles.ts'
import { PROFILES } from '../gateway/profiles/index.ts'
import { USAGE_INTRO } from './help.ts'

export const USAGE = `${USAGE_INTRO}
Options:
  --host ADDR           address to bind (default 127.0.0.1; 0.0.0.0 exposes the echo to the network)
  --port N              port to listen on, 0 for any free port (default 8000)
  --profile NAME        build the environ as this server does: ${PROFILE_IDS.join(', ')} (default wsgiref)
  --app NAME            app to serve: ${Object.keys(APPS).join(', ')} (default echo)
  --script-name PATH    mount the app under PATH, e.g. /app: SCRIPT_NAME=/app, PATH_INFO=the rest,
                        404 outside it (default '': mounted at the root)
  --allowed-hosts LIST  more Host names the inspector (/_inspector/) answers to, besides localhost,
                        IP addresses and this machine's names: e.g. echo.internal.example,*.example.com
                        (a proxy's public name); * answers to any name, which allows DNS rebinding
  --os-environ          copy this process's environment into every environ, as wsgiref does.
                        Off by default: it shows your secrets to anyone who can reach the port
  --max-body SIZE       largest request body, e.g. 512kb, 1mb (default 1mb); more is a 413
  --max-header-size SIZE  largest request head (request line + headers) (default 16kb); more is a 431
  --headers-timeout TIME  a request's head must arrive within TIME, e.g. 30s, 500ms (default 30s);
                        slower clients get a 408 and are closed (0: no limit)
  --request-timeout TIME  the whole request, body included, within TIME (default 60s, 0: no limit)
  --keep-alive-timeout TIME  close a keep-alive connection idle for TIME (default 5s, 0: never)
  --max-connections N   serve at most N connections at once; more are closed as they arrive
                        (default 1000, 0: no limit)
  --debug               put stack traces in 500 responses
  --proxy-fix SPEC      run Werkzeug's ProxyFix: how many proxies set each X-Forwarded-* header,
                        e.g. x_for=1,x_proto=1,x_host=1,x_port=0,x_prefix=0 (left out: 1,1,0,0,0)
  --trusted-proxies LIST  trust these proxy addresses/CIDR ranges (e.g. 127.0.0.1,10.0.0.0/8,::1):
                        the first untrusted X-Forwarded-For hop from the right is the client
  --forwarded           with --trusted-proxies: walk RFC 7239 Forwarded for= instead of X-Forwarded-For
  --proxy-trust NAME=VALUE  trust proxies as the --profile's own server does, in its option names
                        (repeatable), e.g. gunicorn forwarded_allow_ips=127.0.0.1; server-default:
                        the real server's defaults. Left out: no peer is trusted
  --history N           keep the last N requests for the live capture API and event stream
                        (default 500; 0 turns capture off)
  --history-body SIZE   keep at most SIZE of each captured body, e.g. 64kb (default 64kb, 0 none);
                        the full size and a SHA-256 of the whole body are always kept
  --redact LIST         replace these headers' values in the history, e.g. authorization,cookie
                        (the echo itself is never redacted)
  --max-subscribers N   serve at most N live event streams at once; more get a 503
                        (default ${MAX_SUBSCRIBERS_DEFAULT}, per worker)
  --quiet               no access log (one line per request on stdout)
  --workers N           serve from N worker processes sharing the port (node:cluster), 'auto' for
                        one per core; the live capture sees every worker's requests (default 1)
  --log-format FORMAT   access log as text (default) or json
  -h, --help            show this help
  --version             print the version

Commands:
  keys --write-readme   regenerate the README's environ key table from server/gateway/environ-keys.ts

Profiles:
${PROFILE_IDS.map((id) => `  ${id.padEnd(10)} ${PROFILES[id].summary}`).join('\n')}
`
