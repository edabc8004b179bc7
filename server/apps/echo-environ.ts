/**
 * @module
 * The echo: the environ as JSON, exactly as this Python app answers under a WSGI server.
 *
 * ```python
 * def return_environ(environ, start_response):
 *     start_response('200 OK', headers=[('Content-Type', 'application/json')])
 *     resp = {k: str(v) for k, v in environ.items()}
 *     yield json.dumps(resp).encode('utf-8')
 * ```
 */
import { pyJsonDumps } from '../gateway/python.ts'
import type { App } from '../gateway/types.ts'

const ASCII = new TextEncoder() // json.dumps(ensure_ascii=True) output is pure ASCII

export const echoEnviron = function echoEnviron(environ, startResponse) {
  const body = ASCII.encode(pyJsonDumps(environ))
  startResponse('200 OK', [
    ['Content-Type', 'application/json'],
    ['Content-Length', String(body.length)],
  ])
  return [body]
} satisfies App
