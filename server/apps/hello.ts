/**
 * @module
 * The original example's second app: the smallest possible WSGI app.
 *
 * ```python
 * def hello(environ, start_response):
 *     start_response('200 OK', [('Content-Type', 'text/plain')])
 *     return [b'Hello world!']
 * ```
 */
import type { App } from '../gateway/types.ts'

const BODY = new TextEncoder().encode('Hello world!')

export const hello = function hello(_environ, startResponse) {
  startResponse('200 OK', [
    ['Content-Type', 'text/plain'],
    ['Content-Length', String(BODY.length)],
  ])
  return [BODY]
} satisfies App
