/**
 * @module
 * Export a request as a raw `.http` file: the request line, the header lines, an empty line and
 * the body, as it goes on the wire, in the form VS Code's REST Client and JetBrains' HTTP
 * Client run as it is.
 *
 * Without a Host header the request line carries the full URL (`POST http://host/path
 * HTTP/1.1`), which both tools and any proxy read; with one it is the path alone. Line ends
 * are LF, as an editor saves them. A body that is not text cannot live in a text file: it is
 * left out, with a `#` comment above the request saying so (both tools skip such lines).
 */
import { isText, utf8Text } from './byte-codecs.ts'
import { type HttpRequest, hasHeader, requestTarget } from './http-request.ts'

export interface HttpFileOptions {
  /** Where the request is sent: `http://127.0.0.1:8000`. */
  readonly origin: string
}

/** Return the request as the text of a `.http` file. */
export function toHttpFile(request: HttpRequest, { origin }: HttpFileOptions): string {
  const target = requestTarget(request)
  const line = `${request.method} ${hasHeader(request, 'host') ? target : `${origin}${target}`} HTTP/${request.httpVersion ?? '1.1'}`
  const head = [line, ...request.headers.map(([name, value]) => `${name}: ${value}`)]
  if (request.body.length === 0) return `${head.join('\n')}\n`
  const text = utf8Text(request.body)
  if (text === undefined || !isText(request.body))
    return [
      `# The body (${request.body.length} bytes) is not text and is left out: export as curl or HAR to keep it.`,
      ...head,
      '',
    ].join('\n')
  return `${head.join('\n')}\n\n${text}`
}
