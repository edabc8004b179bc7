/**
 * @module
 * The gateway host's JSON error answers: a body over the limit (413), a request the profile
 * refused, on a ServerResponse.
 */
import type { ServerResponse } from 'node:http'

export type ErrorBody = { error: string; status: number; [extra: string]: unknown }
export function replyTooLarge(res: ServerResponse, maxBody: number, close = true): void {
  replyJson(
    res,
    { error: `Request body is larger than the limit of ${maxBody} bytes`, status: 413, maxBody },
    close
  )
}

/**
 * Answer with a small JSON error; `close` drops the connection after it (unread body).
 * Returns the body's size in bytes.
 */
export function replyJson(res: ServerResponse, body: ErrorBody, close = false): number {
  if (res.headersSent) {
    res.destroy()
    return 0
  }
  const text = JSON.stringify(body)
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  }
  if (close) headers.Connection = 'close'
  res.writeHead(body.status, headers)
  res.end(text)
  return Buffer.byteLength(text)
}
