/**
 * The deployment lab's pure parts: the chains (what each hop adds), the URL codec, and the
 * verdicts, read from the real frameworks API (in-process) for the three issue-tracker
 * classics and their fixes.
 */
import { describe, expect, test } from 'vitest'
import type { FrameworksApiResponse } from '../../../server/contract/api/frameworks.ts'
import { labRequestBody } from '../../../web/logic/lab-body.ts'
import {
  chainById,
  clientRequest,
  forgedThatReach,
  LAB_CHAINS,
  walkChain,
} from '../../../web/logic/lab-chains.ts'
import {
  CLASSICS,
  DEFAULT_SETUP,
  formatSetup,
  type LabSetup,
  parseSetup,
} from '../../../web/logic/lab-link.ts'
import { forgedInValues, labVerdicts, type Verdict } from '../../../web/logic/lab-verdict.ts'
import { setupFrameworksApi } from '../../helpers/frameworks-api.ts'

const post = setupFrameworksApi()

function classic(id: string): LabSetup {
  const found = CLASSICS.find((entry) => entry.id === id)
  if (!found) throw new Error(id)
  return found.setup
}

async function run(setup: LabSetup, spoof = false) {
  const chain = chainById(setup.chain)
  const steps = walkChain(chain, clientRequest(chain, { ...setup, spoof }))
  const delivered = steps.at(-1)?.request
  if (!delivered) throw new Error('no steps')
  const body = labRequestBody(setup, chain, delivered)
  if (typeof body === 'string') throw new Error(body)
  const reply = await post(body)
  expect(reply.status).toBe(200)
  const answer: FrameworksApiResponse = reply.json
  return { chain, delivered, answer, verdicts: labVerdicts(setup.framework, answer, chain) }
}

function problems(verdicts: readonly Verdict[]): string[] {
  return verdicts.filter((v) => !v.ok).map((v) => `${v.text} Fix: ${v.fix ?? ''}`)
}

describe('lab chains', () => {
  test('nginx appends the peer to X-Forwarded-For and sets X-Forwarded-Proto from its scheme', () => {
    const chain = chainById('nginx')
    const steps = walkChain(chain, clientRequest(chain, { ...DEFAULT_SETUP, spoof: true }))
    expect(steps.map((s) => s.receiver)).toEqual(['nginx (10.0.0.2)', 'The app server'])
    const app = steps[1]?.request
    expect(app?.peer).toBe('10.0.0.2')
    expect(app?.httpVersion).toBe('1.0')
    expect(app?.headers).toContainEqual(['X-Forwarded-For', '6.6.6.6, 203.0.113.7'])
    expect(app?.headers).toContainEqual(['X-Forwarded-Proto', 'https'])
    expect(app && forgedThatReach(app)).toEqual([
      'X-Forwarded-For',
      'X-Forwarded-Host',
      'Forwarded',
    ])
  })

  test('Traefik drops the client X-Forwarded-* (insecure: false) but not Forwarded', () => {
    const chain = chainById('traefik')
    const app = walkChain(chain, clientRequest(chain, { ...DEFAULT_SETUP, spoof: true })).at(-1)
    expect(app && forgedThatReach(app.request)).toEqual(['Forwarded'])
    expect(app?.request.headers).toContainEqual(['X-Forwarded-Host', 'www.example.com'])
  })

  test('ingress-nginx strips /api and replaces X-Forwarded-For with the peer', () => {
    const chain = chainById('ingress-nginx')
    const app = walkChain(
      chain,
      clientRequest(chain, { ...DEFAULT_SETUP, path: '/items', spoof: true })
    ).at(-1)
    expect(app?.request.target).toBe('/items')
    expect(app?.request.headers).toContainEqual(['X-Forwarded-For', '203.0.113.7'])
    expect(app?.request.headers).toContainEqual(['X-Forwarded-Prefix', '/api'])
  })

  test('Cloudflare then nginx: two appends, and the origin nginx sees https', () => {
    const chain = chainById('cloudflare-nginx')
    const app = walkChain(chain, clientRequest(chain, { ...DEFAULT_SETUP, spoof: false })).at(-1)
    expect(app?.request.headers).toContainEqual(['X-Forwarded-For', '203.0.113.7, 198.51.100.20'])
    expect(app?.request.headers).toContainEqual(['X-Forwarded-Proto', 'https'])
    expect(app?.request.headers).toContainEqual(['CF-Connecting-IP', '203.0.113.7'])
  })

  test('every chain has a distinct id and at least one hop', () => {
    expect(new Set(LAB_CHAINS.map((c) => c.id)).size).toBe(LAB_CHAINS.length)
    for (const chain of LAB_CHAINS) expect(chain.hops.length).toBeGreaterThan(0)
  })
})

describe('lab link', () => {
  test('a set-up survives the URL', () => {
    const setup = { ...classic('django-tls'), profile: 'gunicorn', trust: 'last-proxy' as const }
    expect(parseSetup(formatSetup(setup))).toEqual(setup)
  })

  test('unknown values fall back to the defaults', () => {
    expect(parseSetup('chain=nope&fw=rails&method=PUT&path=x&trust=all')).toEqual(DEFAULT_SETUP)
  })
})

describe('lab verdicts (the three classics)', () => {
  test('(a) Flask behind TLS: http:// links, fixed by ProxyFix x_proto=1', async () => {
    const { verdicts } = await run(classic('flask-tls'))
    expect(problems(verdicts).join('\n')).toMatch(/Flask will build http:\/\/ links.*x_proto=1/)
    const fixed = await run({
      ...classic('flask-tls'),
      settings: JSON.stringify({ ProxyFix: { x_for: 1, x_proto: 1 } }),
    })
    expect(problems(fixed.verdicts)).toEqual([])
    expect(fixed.verdicts.map((v) => v.text)).toContain(
      'Flask builds https:// links, as the browser sees the site.'
    )
  })

  test('(b) Django behind TLS: DisallowedHost, http:// links, CSRF, each with its setting', async () => {
    const { verdicts } = await run(classic('django-tls'))
    const text = problems(verdicts).join('\n')
    expect(text).toContain("ALLOWED_HOSTS = ['www.example.com']")
    expect(text).toContain("SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')")
    expect(text).toContain('CSRF verification failed')
    const fixed = await run({
      ...classic('django-tls'),
      settings: JSON.stringify({
        ALLOWED_HOSTS: ['www.example.com'],
        SECURE_PROXY_SSL_HEADER: ['HTTP_X_FORWARDED_PROTO', 'https'],
      }),
    })
    expect(problems(fixed.verdicts)).toEqual([])
  })

  test('(c) FastAPI behind /api: docs load /openapi.json; --root-path /api fixes it', async () => {
    const { verdicts } = await run(classic('fastapi-prefix'))
    const text = problems(verdicts).join('\n')
    expect(text).toContain("FastAPI's /docs page will load '/openapi.json'")
    expect(text).toContain('uvicorn --root-path /api')
    expect(text).toContain('double prefix')
    const fixed = await run({
      ...classic('fastapi-prefix'),
      trust: 'last-proxy',
      settings: JSON.stringify({ root_path: '/api' }),
    })
    expect(fixed.verdicts.filter((v) => !v.ok).map((v) => v.text)).toEqual([])
  })

  test('the spoof test names the forged values a framework uses', async () => {
    const setup = {
      ...classic('flask-tls'),
      settings: JSON.stringify({ ProxyFix: { x_for: 1, x_proto: 1, x_host: 1 } }),
    }
    const { answer } = await run(setup, true)
    const used = forgedInValues('flask', answer, ['6.6.6.6', 'evil.example'])
    // x_host=1 believes the X-Forwarded-Host the client forged and nginx passed on
    expect(
      used.some((line) => line.startsWith('request.host = ') && line.includes('evil.example'))
    ).toBe(true)
    // x_for=1 takes only nginx's own append: the forged 6.6.6.6 is not the client
    expect(used.some((line) => line.startsWith('request.remote_addr'))).toBe(false)
  })
})

describe("the server's own flags", () => {
  test('gunicorn trusting nginx with --forwarded-allow-ips takes the scheme, never the client', async () => {
    const setup: LabSetup = { ...DEFAULT_SETUP, profile: 'gunicorn', trust: 'own-flags' }
    const { answer } = await run(setup)
    const value = (expression: string) => {
      const evaluation = answer.flask.expressions[expression]
      return evaluation && 'value' in evaluation ? evaluation.value : undefined
    }
    expect(value('request.scheme')).toBe("'https'")
    expect(value('request.remote_addr')).toBe("'10.0.0.2'")
    // wsgiref reads no proxy header itself: the choice falls back to trusting none
    const none = labRequestBody(
      { ...DEFAULT_SETUP, trust: 'own-flags' },
      chainById('nginx'),
      {
        method: 'GET',
        target: '/',
        httpVersion: '1.1',
        headers: [],
        peer: '10.0.0.2',
        scheme: 'http',
      },
      'wsgiref'
    )
    expect(typeof none !== 'string' && none.policy).toEqual({ mode: 'none' })
  })

  test("uvicorn's --proxy-headers --forwarded-allow-ips gives Starlette https behind nginx", async () => {
    const value = async (trust: LabSetup['trust']) => {
      const setup: LabSetup = {
        ...DEFAULT_SETUP,
        framework: 'starlette',
        profile: 'uvicorn',
        trust,
      }
      const evaluation = (await run(setup)).answer.starlette.expressions['request.url']
      return evaluation && 'value' in evaluation ? evaluation.value : undefined
    }
    expect(await value('none')).toMatch(/^URL\('http:/)
    expect(await value('own-flags')).toMatch(/^URL\('https:/)
  })

  test('a shared link keeps the choice', () => {
    const setup: LabSetup = { ...DEFAULT_SETUP, profile: 'gunicorn', trust: 'own-flags' }
    expect(parseSetup(formatSetup(setup))).toEqual(setup)
    expect(parseSetup('trust=bogus').trust).toBe('none')
  })
})
