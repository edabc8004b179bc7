/**
 * @module
 * The gateway host's JSON error answers, one shape (`{"error": reason, "status": n, …}`)
 * written two ways: on a ServerResponse (a body over the limit, a profile's refusal) or on a
 * bare socket, which then closes (CONNECT, the parser's refusals).
 */
import type { ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

export type ErrorBody = { error: string; status: number; [extra: string]: unknown }

/** Answer 413 for a body over `--max-body`. */
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

/** Write a whole JSON error response on a bare socket, status line included, and close it. */
export function endWithJson(socket: Duplex, reason: string, body: ErrorBody): void {
  const text = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${body.status} ${reason}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`
  )
}
