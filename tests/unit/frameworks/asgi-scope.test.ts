/**
 * The scope the Starlette model reads (server/frameworks/asgi-scope.ts): any ASGI profile's
 * scope as JSON, after the proxy policy, and which server a framework runs under
 * (gateway/profiles/counterparts.ts).
 */
import { describe, expect, test } from 'vitest'
import type { Environ } from '../../../server/contract/python.ts'
import { starletteScope } from '../../../server/frameworks/asgi-scope.ts'
import { asgiServerFor, wsgiServerFor } from '../../../server/gateway/profiles/counterparts.ts'
import { prepareScopeBuilder } from '../../../server/gateway/scope.ts'
import { parseHead, SERVER } from '../../helpers/request.ts'

describe('the scope Starlette reads', () => {
  test("uvicorn's scope: bytes as latin-1 text, headers as pairs, root_path in front", () => {
    const uvicorn = asgiServerFor('uvicorn').profile
    const built = prepareScopeBuilder(
      { ...SERVER, scriptName: '/api' },
      uvicorn
    )(parseHead('GET /a%20b?x=1 HTTP/1.1\r\nHost: h\r\nX-A: \xe9\r\n\r\n'))
    expect(starletteScope(built, {})).toEqual({
      type: 'http',
      asgi: { version: '3.0', spec_version: '2.3' },
      http_version: '1.1',
      server: [expect.any(String), expect.any(Number)],
      client: [expect.any(String), expect.any(Number)],
      scheme: 'http',
      method: 'GET',
      root_path: '/api',
      path: '/api/a b',
      raw_path: '/api/a%20b',
      query_string: 'x=1',
      headers: [
        ['host', 'h'],
        ['x-a', '\xe9'],
      ],
    })
  })

  test.each([
    ['uvicorn', ['/run/ei.sock', null]],
    ['granian', ['/run/ei.sock', 0]],
    ['hypercorn', null],
    ['daphne', null],
  ] as const)('on a unix socket %s puts %j in server (never a NaN port)', (id, server) => {
    const built = prepareScopeBuilder(
      { ...SERVER, port: 0, socketPath: '/run/ei.sock' },
      asgiServerFor(id).profile
    )(parseHead('GET / HTTP/1.1\r\nHost: h\r\n\r\n'))
    expect(starletteScope(built, {}).server).toEqual(server)
  })

  test('a scope of another shape: client as a list (daphne), no state, extensions', () => {
    const scope: Environ = {
      type: 'http',
      http_version: '1.1',
      method: 'GET',
      path: '/p',
      raw_path: { pyBytes: '/p' },
      root_path: '',
      scheme: 'http',
      query_string: { pyBytes: '' },
      headers: { pyList: [{ pyList: [{ pyBytes: 'host' }, { pyBytes: 'h' }] }] },
      client: { pyList: ['10.0.0.1', 5000] },
      server: { pyList: ['127.0.0.1', 8000] },
      extensions: { pyDict: [] },
      asgi: { pyDict: [['version', '3.0']] },
    }
    expect(starletteScope(scope, {})).toMatchObject({
      client: ['10.0.0.1', 5000],
      server: ['127.0.0.1', 8000],
      asgi: { version: '3.0', spec_version: '2.0' },
      headers: [['host', 'h']],
    })
  })

  test("the policy's decisions: client port 0, scheme only http/https/ws/wss", () => {
    const built = prepareScopeBuilder(
      SERVER,
      asgiServerFor('uvicorn').profile
    )(parseHead('GET / HTTP/1.1\r\nHost: h\r\n\r\n'))
    expect(starletteScope(built, { client: '203.0.113.7', scheme: 'https' })).toMatchObject({
      client: ['203.0.113.7', 0],
      scheme: 'https',
    })
    expect(starletteScope(built, { scheme: 'javascript' }).scheme).toBe('http')
  })
})

describe('the server a framework runs under', () => {
  test('Starlette under a WSGI profile gets uvicorn, and the reason names both', () => {
    expect(asgiServerFor('gunicorn')).toMatchObject({
      id: 'uvicorn',
      why: expect.stringMatching(/^gunicorn is a WSGI server and Starlette is an ASGI app/),
    })
    expect(asgiServerFor('uvicorn').id).toBe('uvicorn')
  })

  test('Flask and Django under an ASGI profile get gunicorn', () => {
    expect(wsgiServerFor('uvicorn')).toMatchObject({
      id: 'gunicorn',
      why: expect.stringMatching(/^uvicorn is an ASGI server and Flask and Django are WSGI apps/),
    })
    expect(wsgiServerFor('werkzeug').id).toBe('werkzeug')
  })
})
