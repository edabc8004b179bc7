/**
 * uvicorn's own proxy trust wired into the uvicorn profile (`--proxy-trust` and the APIs'
 * `server` policy): the whole scope our builder gives, against the scope Debian's uvicorn
 * echoed with the same option (uvicorn.trust-all.json, uvicorn.no-proxy-headers.json).
 */
import { describe, expect, test } from 'vitest'
import { strEnviron } from '../../../../server/contract/python.ts'
import { prepareEnvironBuilder } from '../../../../server/gateway/environ.ts'
import { PROFILES } from '../../../../server/gateway/profiles/index.ts'
import { bindTrust, type TrustPairs } from '../../../../server/gateway/profiles/trust/index.ts'
import { trustingBuilder } from '../../../../server/gateway/trust.ts'
import { SERVER_REQUESTS } from '../../../corpus/servers/requests.ts'
import { parseHead, SERVER } from '../../../helpers/request.ts'
import { fixtureCases } from './fixture.ts'

/** The scope our uvicorn profile echoes for a fixture request from 127.0.0.1. */
function scopeOf(id: string, pairs: TrustPairs): Record<string, string> {
  const raw = SERVER_REQUESTS.find((r) => r.id === id)?.request ?? ''
  const request = { ...parseHead(raw), remoteAddress: '127.0.0.1', remotePort: 40000 }
  const build = trustingBuilder(
    (o) => prepareEnvironBuilder(SERVER, 'uvicorn', o),
    bindTrust('uvicorn', pairs)
  )
  return strEnviron(build(request))
}

/** The fixture's client: the port is the one our request came from when no proxy set it. */
const unmask = (client: string | undefined) => client?.replace('<client-port>', '40000')

// Debian 0.17.6 → 0.51.0, as the rule's own test lists them (tests/unit/gateway/trust/asgi.test.ts)
const DIFFERS: Readonly<Record<string, { client?: string; scheme?: string }>> = {
  T87: { scheme: 'http' }, // XFP whitelist http/https/ws/wss (0.31 #2468): 'HTTPS' is ignored
  P17: { scheme: 'http' }, // same whitelist: 'javascript' is ignored
  T88: { client: "('1.1.1.1', 0)" }, // repeated XFF lines joined (0.49 #2971); 0.17.6 kept the last
  P08: { client: "('1.1.1.1', 0)" },
}

/** Cases whose bytes parseHead reads as Node does and that carry forwarding headers. */
function proxied(name: string) {
  return fixtureCases(name).cases.filter(
    (c) =>
      c.status === 200 &&
      c.input.headers.some(([n]) => /^x-forwarded-(for|proto)$/i.test(n)) &&
      !/\r\n[ \t]/.test(SERVER_REQUESTS.find((r) => r.id === c.id)?.request ?? '')
  )
}

describe('uvicorn profile with its own trust', () => {
  test('the profile declares its rule', () => expect(PROFILES.uvicorn.trust).toBe('uvicorn'))

  test.each(proxied('uvicorn.trust-all'))('--forwarded-allow-ips=*: $id', (c) => {
    const scope = scopeOf(c.id, { forwarded_allow_ips: '*' })
    expect(scope.client).toBe(DIFFERS[c.id]?.client ?? unmask(c.echo.client))
    expect(scope.scheme).toBe(DIFFERS[c.id]?.scheme ?? c.echo.scheme)
    // the headers reach the app unchanged: uvicorn deletes none
    expect(scope.headers).toBe(c.echo.headers)
  })

  test.each(proxied('uvicorn.no-proxy-headers'))('--no-proxy-headers: $id', (c) => {
    const scope = scopeOf(c.id, { proxy_headers: 'false' })
    expect(scope.client).toBe(unmask(c.echo.client))
    expect(scope.scheme).toBe(c.echo.scheme)
  })

  test('server-default trusts 127.0.0.1, as uvicorn does', () => {
    const scope = scopeOf('XF', 'server-default')
    expect(scope).toMatchObject({ scheme: 'https', client: "('10.0.0.1', 0)" })
  })
})
