/**
 * @module
 * Start our server in-process on a free loopback port for socket tests.
 */
import { onTestFinished } from 'vitest'
import { buildServer, type ServerOptions } from '../../server/app.ts'
import type { RawTarget } from './raw-http.ts'

export const DEFAULTS: ServerOptions = {
  host: '127.0.0.1',
  profile: 'wsgiref',
  app: 'echo',
  scriptName: '',
  maxBody: 1024 * 1024,
  maxHeaderSize: 16 * 1024,
  debug: false,
  log: () => {},
}

export interface Listening extends RawTarget {
  url: string
  close(): Promise<void>
}

/** Build and listen; closed automatically when the current test (or hook) finishes. */
export async function listen(
  overrides: Partial<ServerOptions> = {},
  autoClose = true
): Promise<Listening> {
  const server = await buildServer({ ...DEFAULTS, ...overrides })
  await server.listen({ host: '127.0.0.1', port: 0 })
  const port = (server.server.address() as { port: number }).port
  const close = () => server.close()
  if (autoClose) onTestFinished(close)
  return { host: '127.0.0.1', port, url: `http://127.0.0.1:${port}`, close }
}
