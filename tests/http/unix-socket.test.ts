/**
 * Our server on a unix socket (`listen({ path })`): the scope's `server` and `client` are what
 * each ASGI server puts there (uvicorn `(path, None)` and None, granian `(path, '0')` and
 * `('', '0')`, hypercorn None), in the echo and in the frameworks API, never a made-up TCP
 * address or a NaN port; Starlette's URL prints uvicorn's None port as Python does.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { buildServer } from '../../server/app.ts'
import type { FrameworksApiResponse } from '../../server/contract/api/frameworks.ts'
import { DEFAULTS } from '../helpers/server.ts'

const dir = mkdtempSync(join(tmpdir(), 'ei-unix-'))
const socketPath = join(dir, 'echo.sock')
let server: Awaited<ReturnType<typeof buildServer>>

beforeAll(async () => {
  server = await buildServer({ ...DEFAULTS })
  await server.listen({ path: socketPath })
})
afterAll(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

/** One HTTP exchange over a unix socket; the body as text. */
function exchange(
  path: string,
  options: { method: string; path: string; headers: Record<string, string> },
  body = ''
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: path, ...options }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        text += chunk
      })
      res.on('end', () => resolve(text))
    })
    req.on('error', reject)
    req.end(body)
  })
}

function post(profile: string): Promise<FrameworksApiResponse> {
  // no Host header (HTTP/1.0, which h11 allows without one): Starlette's URL uses `server`
  const body = JSON.stringify({
    profile,
    request: {
      target: '/a',
      httpVersion: '1.0',
      headers: [],
      peer: { address: '127.0.0.1', port: 41000 },
    },
    policy: { mode: 'none' },
  })
  const headers = { host: 'localhost', 'content-type': 'application/json' }
  return exchange(
    socketPath,
    { method: 'POST', path: '/_inspector/api/frameworks', headers },
    body
  ).then((text) => JSON.parse(text) as FrameworksApiResponse)
}

describe('frameworks API on a unix socket', () => {
  test("uvicorn: server is (path, None) and Starlette's URL says None", async () => {
    const answer = await post('uvicorn')
    expect(answer.starlette.scope?.server).toEqual([socketPath, null])
    expect(answer.starlette.expressions['request.url']).toMatchObject({
      value: expect.stringContaining(`${socketPath}:None/a`),
    })
  })

  test("granian: server is (path, '0') (net.rs SockAddr::UDS)", async () => {
    expect((await post('granian')).starlette.scope?.server).toEqual([socketPath, 0])
  })

  test('hypercorn: no server (parse_socket_addr is None for AF_UNIX)', async () => {
    expect((await post('hypercorn')).starlette.scope?.server).toBeNull()
  })
})

describe('the echo on a unix socket', () => {
  test.each([
    ['uvicorn', "('<path>', None)", 'None'],
    ['granian', "('<path>', '0')", "('', '0')"],
    ['hypercorn', 'None', 'None'],
  ])('%s: server %s, client %s', async (profile, server, client) => {
    const path = join(dir, `${profile}.sock`)
    const echo = await buildServer({ ...DEFAULTS, profile: profile as 'uvicorn' })
    await echo.listen({ path })
    try {
      const text = await exchange(path, { method: 'GET', path: '/x', headers: { host: 'h' } })
      const scope = JSON.parse(text) as Record<string, string>
      expect([scope.server, scope.client]).toEqual([server.replace('<path>', path), client])
    } finally {
      await echo.close()
    }
  })
})
