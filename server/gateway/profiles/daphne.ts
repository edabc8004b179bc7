/**
 * @module
 * daphne 4.2.2 on Twisted's HTTP/1.1 parser (`twisted.web.http`). The echo is the scope
 * `daphne/http_protocol.py` builds (lines 176-194 at 4.2.2) with `asgi` added last by
 * `scope.setdefault("asgi", {"version": "3.0"})` (`server.py:216`): no `state` (daphne has
 * no lifespan) and no `extensions`. Headers come from Twisted's `getAllRawHeaders()`: every
 * value of a name together, names in first-seen order, lower-cased; names with `_` are
 * dropped ("Prevent CVE-2015-0219") and `Daphne-Root-Path` sets `root_path` from any client
 * (lines 160-171). `client`/`server` are lists (lines 93-94); `--proxy-headers` reads
 * X-Forwarded-* from any peer (profiles/trust/daphne.ts). Observed: Debian 4.0.0 on Twisted
 * 22.4 (tests/corpus/servers/daphne.json, daphne.proxy-headers.json); what differs is
 * declared in tests/corpus/servers/differences/daphne.ts.
 */
import { DAPHNE_PARSER } from './parser/daphne.ts'
import { headerValues, TWISTED_REFUSALS } from './twisted.ts'
import type { AsgiProfile, Refusal, RefusalRule } from './types.ts'

/** `INVALID_HEADER_VALUE_BYTES` (utils.py:11; 4.2.2, CVE-2026-44546): \x0b \x0c \x1c-\x1e \x85. */
const INVALID_VALUE = /[\x0b\x0c\x1c\x1d\x1e\x85]/

const badRequest = (reason: string): Refusal => ({ status: 400, reason })

/** http_protocol.py:77-83: any value holding one of those bytes is refused before the app. */
const invalidHeaderValue: RefusalRule = ({ request }) => {
  for (let i = 1; i < request.rawHeaders.length; i += 2) {
    if (INVALID_VALUE.test(request.rawHeaders[i] as string))
      return badRequest('Invalid header value')
  }
  return undefined
}

/**
 * `Upgrade: websocket` goes to autobahn's handshake (http_protocol.py:124-157), which refuses
 * a Connection without the `upgrade` token before any app runs (T83). A full handshake is
 * not modelled: the echo answers it as HTTP.
 */
const websocketWithoutConnectionUpgrade: RefusalRule = ({ request }) => {
  const upgrade = headerValues(request.rawHeaders, 'upgrade')[0]
  if (upgrade?.toLowerCase() !== 'websocket') return undefined
  // daphne re-sends each header to autobahn with its values joined by "," (line 148)
  const connection = headerValues(request.rawHeaders, 'connection').join(',')
  const tokens = connection.split(',').map((t) => t.trim().toLowerCase())
  return tokens.includes('upgrade')
    ? undefined
    : badRequest(
        `HTTP Connection headers do not include "upgrade" value (case-insensitive): "${connection}"`
      )
}

export const DAPHNE: AsgiProfile = {
  name: 'daphne',
  interface: 'asgi',
  summary: 'daphne 4.2.2 (Twisted), ASGI: echoes the scope',
  serverSoftware: 'daphne',
  order: [
    'type',
    'http_version',
    'method',
    'path',
    'raw_path',
    'root_path',
    'scheme',
    'query_string',
    'headers',
    'client',
    'server',
    'asgi',
  ],
  asgi: { version: '3.0' },
  address: 'list',
  underscoreHeaders: 'drop',
  headerOrder: 'by-name',
  rootPathHeader: 'daphne-root-path',
  // path is unquote(self.path) alone; root_path is --root-path or the header
  rootPathInPath: false,
  // Twisted parses first; daphne's process() then checks values, then hands off WebSockets
  refusals: [...TWISTED_REFUSALS, invalidHeaderValue, websocketWithoutConnectionUpgrade],
  parser: DAPHNE_PARSER,
  trust: 'daphne',
}
