/**
 * @module
 * Our echo beside a Debian server's recorded one (tests/corpus/servers/*.json): the same
 * masks the recordings carry, and a listed difference applied to the recorded answer.
 */
import { hostname } from 'node:os'
import { expect } from 'vitest'
import { buildServer } from '../../server/app.ts'
import { parseConfig } from '../../server/cli/config.ts'

/**
 * Our echo masked as the fixtures are: object addresses, socket fds, our port and the
 * client's (in REMOTE_PORT, socket and channel reprs, a scope's `server`/`client`), and this
 * machine's name.
 */
export function maskEcho(
  env: Readonly<Record<string, string>>,
  port: number,
  clientPort: string
): Record<string, string> {
  const host = hostname()
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(env)) {
    let value = String(v)
      .replace(/0x[0-9a-f]+/g, '0x<addr>')
      .replace(/name=\d+>/, 'name=<fd>>')
      .replace(/fd=\d+/, 'fd=<fd>') // a socket's fd is the process's, not the server's
      // a socket repr's laddr and raddr: our port and the client's
      .replace(`, ${port})`, ', <port>)')
      .replace(`, ${clientPort})`, ', <client-port>)')
    if (k === 'SERVER_PORT' && value === String(port)) value = '<port>'
    if (k === 'REMOTE_PORT' && value === clientPort) value = '<client-port>'
    // reprs naming the peer (waitress's channel, `127.0.0.1:PORT at 0x…`) are masked alike
    else if (clientPort) value = value.replace(`:${clientPort} `, ':<client-port> ')
    // an ASGI scope's `server` and `client`: (host, port) tuples, daphne's [host, port] lists
    if (k === 'server') value = value.replace(/, \d+([)\]])$/, ', <port>$1')
    if (k === 'client') value = value.replace(/, \d+([)\]])$/, ', <client-port>$1')
    if (host) value = value.split(host).join('<hostname>')
    out[k] = value
  }
  return out
}

/** Where the release we model differs from Debian's for one request: our keys (`null`: unset). */
export interface ListedDifference {
  readonly why: string
  readonly ours: Readonly<Record<string, string | null>>
}

/** Debian's answer with `difference` applied; asserts each listed key still differs. */
export function withDifference(
  id: string,
  debian: Readonly<Record<string, string>>,
  difference: ListedDifference | undefined
): Record<string, string> {
  const out = { ...debian }
  if (!difference) return out
  for (const [key, value] of Object.entries(difference.ours)) {
    expect(debian[key] ?? null, `${id} ${key}: listed as differing (${difference.why})`).not.toBe(
      value
    )
    if (value === null) delete out[key]
    else out[key] = value
  }
  return out
}

/** Our server started as the command line would start it with `args`, quiet, no history. */
export async function startOurs(
  args: readonly string[]
): Promise<{ port: number; close: () => Promise<void> }> {
  const config = parseConfig([...args, '--port', '0', '--quiet', '--history', '0'], {})
  const server = await buildServer({ ...config, log: () => {} })
  await server.listen({ host: '127.0.0.1', port: 0 })
  return { port: (server.server.address() as { port: number }).port, close: () => server.close() }
}
