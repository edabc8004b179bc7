/**
 * @module
 * What every module of web/api/ shares: reading a body as JSON, and the message for a
 * server that is not there.
 */

/** Parse a response body; `undefined` when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** What every API call says when `fetch` itself failed: the server is not there. */
export function unreachableMessage(error: unknown, where = 'the inspector server'): string {
  const reason = error instanceof Error ? error.message : String(error)
  return `Could not reach ${where} (${reason}). Is \`npm start\` still running?`
}
